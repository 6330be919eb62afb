package jsonmatch

import (
	"bufio"
	"os"
	"strings"
	"testing"
)

// TestSpecCases runs testdata/spec-cases.txt: §3 illustrations and edge cases.
func TestSpecCases(t *testing.T) {
	f, err := os.Open("testdata/spec-cases.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := 0
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		parts := strings.Split(text, "\t")
		if len(parts) != 3 || parts[2] != "match" && parts[2] != "no" {
			t.Fatalf("line %d: want pattern<TAB>event<TAB>match|no, got %q", line, text)
		}
		check(t, parts[0], parts[1], parts[2] == "match")
		n++
	}
	if n < 100 {
		t.Fatalf("only %d cases read", n)
	}
}
