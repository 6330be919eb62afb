package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/cwfilter/cwfilter/cloudtrail"
	"github.com/cwfilter/cwfilter/filterpattern"
)

func TestGrep(t *testing.T) {
	const log = "testdata/grep/app.log"
	raw, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	gz := filepath.Join(dir, "app.log.gz")
	writeGzip(t, gz, raw)
	crlf := filepath.Join(dir, "crlf.log")
	if err := os.WriteFile(crlf, []byte("a ERROR\r\nb INFO\r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(raw), "\n"), "\n")
	pick := func(idx ...int) string {
		var b strings.Builder
		for _, i := range idx {
			b.WriteString(lines[i] + "\n")
		}
		return b.String()
	}

	tests := []cliCase{
		{name: "terms", args: []string{"grep", "ERROR", log}, stdout: pick(0, 2, 5)},
		{name: "JSON pattern skips text lines", args: []string{"grep", `{ $.latency > 100 }`, log}, stdout: pick(0, 3)},
		{name: "space-delimited", args: []string{"grep", "[ip, user, status=4*, size]", log}, stdout: pick(4)},
		{name: "invert", args: []string{"grep", "-v", "?ERROR ?WARN", log}, stdout: pick(1, 4)},
		{name: "count", args: []string{"grep", "-c", `{ $.service = "db" }`, log}, stdout: "2\n"},
		{name: "gzip", args: []string{"grep", "-j", "3", "deadlock", gz}, stdout: pick(5)},
		{name: "stdin", args: []string{"grep", "INFO"}, stdin: string(raw), stdout: pick(1)},
		{name: "CRLF stripped", args: []string{"grep", "ERROR", crlf}, stdout: "a ERROR\n"},
		{name: "several files are prefixed", args: []string{"grep", "-c", "ERROR", log, gz},
			stdout: log + ":3\n" + gz + ":3\n"},
		{name: "no match", args: []string{"grep", "CRITICAL", log}, code: 1},
		{name: "no match count", args: []string{"grep", "-c", "CRITICAL", log}, code: 1, stdout: "0\n"},
		{name: "pattern after --", args: []string{"grep", "--", "-INFO", log}, stdout: pick(0, 2, 3, 4, 5)},
		{name: "error in the FilterLogEvents context", args: []string{"grep", "{ $.a = }", log}, code: 2,
			stderr: "cwfilter grep: InvalidParameterException: Invalid filter pattern (1:10)\n | { $.a = }\n | .........^\n"},
		{name: "error in the subscription context", args: []string{"grep", "--context", "subscription", "{ $.a = }", log}, code: 2,
			stderr: "cwfilter grep: InvalidParameterException: Invalid subscription filter pattern (1:10)\n | { $.a = }\n | .........^\n"},
		{name: "missing file", args: []string{"grep", "ERROR", filepath.Join(dir, "nope")}, code: 2,
			stderr: "cwfilter grep: " + filepath.Join(dir, "nope") + ": no such file or directory\n"},
	}
	runCases(t, nil, tests)
}

// The real corpus (the four embedded gzip files back to back, one multistream gzip file),
// matched on several goroutines, prints the selected lines in input order, as a sequential
// loop selects them.
func TestGrepCorpusInOrder(t *testing.T) {
	names, err := fs.Glob(cloudtrail.CorpusFS(), "*.jsonl.gz")
	if err != nil || len(names) == 0 {
		t.Fatal(names, err)
	}
	var gz, plain []byte
	for _, name := range names {
		data, err := fs.ReadFile(cloudtrail.CorpusFS(), name)
		if err != nil {
			t.Fatal(err)
		}
		gz = append(gz, data...)
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		text, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		plain = append(plain, text...)
	}
	path := filepath.Join(t.TempDir(), "all.jsonl.gz")
	if err := os.WriteFile(path, gz, 0o644); err != nil {
		t.Fatal(err)
	}

	const pattern = `{ ($.eventSource = "iam.amazonaws.com") && ($.eventName = "Create*") }`
	p := filterpattern.MustCompile(pattern)
	var want strings.Builder
	lines := strings.Split(strings.TrimSuffix(string(plain), "\n"), "\n")
	unselected := 0
	for _, line := range lines {
		if p.MatchString(line) {
			want.WriteString(line + "\n")
		} else {
			unselected++
		}
	}
	if want.Len() == 0 {
		t.Fatal("the pattern matches no corpus line; the test proves nothing")
	}
	for _, j := range []string{"1", "2", "4"} {
		if code, stdout, stderr := runCmd([]string{"grep", "-j", j, pattern, path}, ""); code != exitOK || stdout != want.String() {
			t.Errorf("-j %s: exit %d, %d bytes out (want %d), stderr %q", j, code, len(stdout), want.Len(), stderr)
		}
		if code, stdout, _ := runCmd([]string{"grep", "-j", j, "-v", "-c", pattern, path}, ""); code != exitOK || stdout != strconv.Itoa(unselected)+"\n" {
			t.Errorf("-j %s -v -c: exit %d, %q, want %d", j, code, stdout, unselected)
		}
	}
}

func TestGrepUsageErrors(t *testing.T) {
	for _, args := range [][]string{{"grep"}, {"grep", "--context", "nope", "x"}, {"grep", "--bogus", "x"}} {
		code, stdout, stderr := runCmd(args, "")
		if code != exitUsage || stdout != "" || !strings.Contains(stderr, "usage: cwfilter grep") {
			t.Errorf("%q: exit %d, stdout %q, stderr %q", args, code, stdout, stderr)
		}
	}
}

func writeGzip(t *testing.T, name string, data []byte) {
	t.Helper()
	f, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	zw := gzip.NewWriter(f)
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// Issue 15: grep stopped at the first missing or broken file, -c printed nothing for a
// truncated gzip file, flags after the pattern were taken for file names, and events the
// matcher passes over (too large, not valid UTF-8) disappeared without a word.
func TestGrepKeepsGoing(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	a := write("a.log", []byte("ERROR one\nINFO two\nERROR three\n"))
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	for i := range 2000 {
		fmt.Fprintf(zw, "ERROR line %d %s\n", i, strings.Repeat("x", i%50))
	}
	zw.Close()
	full := write("full.log.gz", gz.Bytes())
	trunc := write("trunc.log.gz", gz.Bytes()[:gz.Len()/2])
	missing := filepath.Join(dir, "missing.log")
	big := write("big.log", []byte("ERROR small\nERROR "+strings.Repeat("x", 300)+"\n{\"level\": \"ERROR\", \"msg\": \"\xff\"}\n{\"level\": \"ERROR\"}\n"))

	// The number of lines of the truncated file that gzip gives back before failing.
	zr, _ := gzip.NewReader(bytes.NewReader(gz.Bytes()[:gz.Len()/2]))
	partial, _ := io.ReadAll(zr)
	readBeforeFailure := strings.Count(string(partial), "\n")
	if strings.HasSuffix(string(partial), "\n") == false {
		readBeforeFailure++ // the partial last line is counted too
	}

	tests := []cliCase{
		{name: "a missing file, then a good one", args: []string{"grep", "ERROR", missing, a}, code: 2,
			stdout: a + ":ERROR one\n" + a + ":ERROR three\n",
			stderr: "cwfilter grep: " + missing + ": no such file or directory\n"},
		{name: "a broken gzip file between good ones: -c counts what was read", args: []string{"grep", "-c", "ERROR", a, trunc, full}, code: 2,
			stdout: fmt.Sprintf("%s:2\n%s:%d\n%s:2000\n", a, trunc, readBeforeFailure, full),
			stderr: "cwfilter grep: " + trunc + ": gzip: unexpected EOF\n"},
		{name: "a directory", args: []string{"grep", "ERROR", dir, a}, code: 2,
			stdout: a + ":ERROR one\n" + a + ":ERROR three\n", stderr: "cwfilter grep: " + dir + ": is a directory\n"},
		{name: "flags after the pattern and the files", args: []string{"grep", "ERROR", a, "-c"}, stdout: "2\n"},
		{name: "flags with values after the files", args: []string{"grep", "ERROR", a, "-j", "1", "--context", "subscription", "-v"}, stdout: "INFO two\n"},
		{name: "events skipped: too large, invalid UTF-8 in JSON", args: []string{"grep", "-c", `{ $.level = "ERROR" }`, big, "--max-event-size", "100"},
			stdout: "1\n", stderr: "cwfilter grep: 2 events skipped: 1 larger than the event-size limit (100 bytes), 1 not valid UTF-8\n"},
		{name: "a term pattern matches bytes, whatever their encoding", args: []string{"grep", "-c", "ERROR", big, "--max-event-size=100"},
			stdout: "3\n", stderr: "cwfilter grep: 1 event skipped: 1 larger than the event-size limit (100 bytes), 0 not valid UTF-8\n"},
		{name: "no limit", args: []string{"grep", "-c", "ERROR", big, "--max-event-size", "0"}, stdout: "4\n"},
		{name: "the default limit is CloudWatch's", args: []string{"grep", "-c", "ERROR", big}, stdout: "4\n"},
	}
	runCases(t, nil, tests)
}
