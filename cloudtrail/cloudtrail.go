// Package cloudtrail reads AWS CloudTrail records as CloudWatch Logs receives them, one
// compact JSON object per log event; carries the CIS / Security Hub CloudWatch.1–14 metric
// filters and reads files of such filters (ReadFilters); and embeds a corpus of 10,007 real
// records for examples, tests and benchmarks (corpus/NOTICE.md has their sources and
// licences).
package cloudtrail

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"time"
)

//go:embed corpus/*.jsonl.gz corpus/NOTICE.md
var corpus embed.FS

// corpora are the embedded files, corpus/<name>.jsonl.gz, in the order LoadAll reads them.
var corpora = [...]string{"aws-docs-examples", "console-cartographer", "panther-analysis", "stratus-red-team"}

// Corpora returns the names of the embedded corpora.
func Corpora() []string { return append([]string(nil), corpora[:]...) }

// CorpusFS returns the embedded files: <name>.jsonl.gz for each corpus, and NOTICE.md.
func CorpusFS() fs.FS {
	sub, err := fs.Sub(corpus, "corpus")
	if err != nil {
		panic(err) // the directory is embedded above
	}
	return sub
}

// Load returns the records of one embedded corpus.
func Load(name string) ([][]byte, error) {
	f, err := corpus.Open("corpus/" + name + ".jsonl.gz")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Read(f)
}

// LoadAll returns the records of every embedded corpus, in Corpora order.
func LoadAll() ([][]byte, error) {
	var out [][]byte
	for _, n := range corpora {
		recs, err := Load(n)
		if err != nil {
			return nil, err
		}
		out = append(out, recs...)
	}
	return out, nil
}

// Read returns every record of r; see Scan.
func Read(r io.Reader) ([][]byte, error) {
	var out [][]byte
	err := Scan(r, func(rec []byte) error {
		out = append(out, append([]byte(nil), rec...))
		return nil
	})
	return out, err
}

// Scan calls fn for each record of r, in order: a CloudTrail log file ({"Records":[…]}, each
// record compacted the way CloudTrail delivers it to CloudWatch Logs) or JSON Lines (each
// non-blank line, without surrounding whitespace, whether or not it is valid JSON), either
// of them gzip-compressed or not. rec is valid only during the call; the first error fn
// returns stops the scan and is returned.
func Scan(r io.Reader, fn func(rec []byte) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return err
		}
		defer zr.Close()
		br = bufio.NewReaderSize(zr, 64<<10)
	}
	if isLogFile(br) {
		return scanLogFile(br, fn)
	}
	return scanLines(br, fn)
}

// isLogFile reports whether the input starts like a CloudTrail log file, whose first member
// is always "Records".
func isLogFile(br *bufio.Reader) bool {
	head, _ := br.Peek(br.Size()) // fewer bytes at the end of the input
	head = bytes.TrimLeft(head, " \t\r\n")
	return len(head) > 0 && head[0] == '{' && bytes.HasPrefix(bytes.TrimLeft(head[1:], " \t\r\n"), []byte(`"Records"`))
}

func scanLogFile(r io.Reader, fn func([]byte) error) error {
	dec := json.NewDecoder(r)
	for _, want := range []any{json.Delim('{'), "Records", json.Delim('[')} {
		if tok, err := dec.Token(); err != nil || tok != want {
			return fmt.Errorf("not a CloudTrail log file: expected %v", want)
		}
	}
	var raw json.RawMessage
	var compact bytes.Buffer
	for dec.More() {
		if err := dec.Decode(&raw); err != nil {
			return err
		}
		compact.Reset()
		if err := json.Compact(&compact, raw); err != nil {
			return err
		}
		if err := fn(compact.Bytes()); err != nil {
			return err
		}
	}
	_, err := dec.Token() // the closing ']': a log file cut short is an error
	return err
}

// maxLine bounds a JSON Lines record: far above CloudWatch Logs' event size, so only a file
// that is not JSON Lines reaches it, and that is an error.
const maxLine = 64 << 20

func scanLines(r io.Reader, fn func([]byte) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), maxLine)
	for sc.Scan() {
		if line := bytes.TrimSpace(sc.Bytes()); len(line) > 0 {
			if err := fn(line); err != nil {
				return err
			}
		}
	}
	return sc.Err()
}

// eventTimeLayouts are the spellings of eventTime seen in CloudTrail records and the tools
// that re-publish them: RFC 3339 (what CloudTrail writes, fraction optional) and a space or
// a T between date and time without a zone, read as UTC.
var eventTimeLayouts = [...]string{time.RFC3339, "2006-01-02 15:04:05", "2006-01-02T15:04:05"}

// EventTime returns the record's eventTime in UTC. It fails for a record that is not a JSON
// object, that has no eventTime string, or whose eventTime is in none of the spellings
// eventTimeLayouts lists (fractional seconds are accepted in each).
func EventTime(rec []byte) (time.Time, error) {
	var head struct {
		EventTime json.RawMessage `json:"eventTime"`
	}
	if err := json.Unmarshal(rec, &head); err != nil {
		return time.Time{}, errors.New("not a JSON object")
	}
	if len(head.EventTime) == 0 || string(head.EventTime) == "null" {
		return time.Time{}, errors.New("no eventTime")
	}
	var text string
	if err := json.Unmarshal(head.EventTime, &text); err != nil {
		return time.Time{}, fmt.Errorf("eventTime %s is not a string", head.EventTime)
	}
	for _, layout := range eventTimeLayouts {
		if t, err := time.Parse(layout, text); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("eventTime %q is not a time", text)
}
