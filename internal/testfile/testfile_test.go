package testfile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRead(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	type row struct{ A int }
	ok := write("ok.jsonl", "{\"a\":1}\n\n  \n{\"a\":2,\"b\":true}\n")
	if rows, err := Read[row](ok, false); err != nil || len(rows) != 2 || rows[1].A != 2 {
		t.Errorf("Read = %v, %v", rows, err)
	}
	if _, err := Read[row](ok, true); err == nil || !strings.Contains(err.Error(), "ok.jsonl:4:") {
		t.Errorf("strict Read of an unknown member: %v", err)
	}
	if _, err := Read[row](write("bad.jsonl", "{\"a\":1}\n{\"a\":\n"), false); err == nil || !strings.Contains(err.Error(), "bad.jsonl:2:") {
		t.Errorf("Read of a broken row: %v", err)
	}
	if _, err := Read[row](write("empty.jsonl", "\n"), false); err == nil {
		t.Error("Read of a file without rows succeeded")
	}
}
