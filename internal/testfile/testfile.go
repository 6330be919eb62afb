// Package testfile reads the repository's JSON Lines test data for tests: each line of a file
// is one row that decodes into a Go value.
package testfile

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"testing"
)

// Read decodes the JSON Lines file at path into one T per non-blank line. With strict, a
// member T does not have is an error. Errors name the file and the line.
func Read[T any](path string, strict bool) ([]T, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var rows []T
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 16<<20)
	for line := 1; sc.Scan(); line++ {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var row T
		dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		if strict {
			dec.DisallowUnknownFields()
		}
		if err := dec.Decode(&row); err != nil {
			return nil, fmt.Errorf("%s:%d: %v in %s", path, line, err, sc.Text())
		}
		rows = append(rows, row)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("%s: no rows", path)
	}
	return rows, nil
}

// JSONL is Read for a test: it fails tb on any error, and on a file without rows.
func JSONL[T any](tb testing.TB, path string) []T {
	tb.Helper()
	rows, err := Read[T](path, false)
	check(tb, err)
	return rows
}

// JSONLStrict is JSONL that also fails on a member T does not have, so that a misspelt
// column cannot pass silently.
func JSONLStrict[T any](tb testing.TB, path string) []T {
	tb.Helper()
	rows, err := Read[T](path, true)
	check(tb, err)
	return rows
}

func check(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}
