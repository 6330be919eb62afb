// Package corpus reads the real CloudTrail corpora embedded by the root package
// (testdata/cloudtrail) for tests, benchmarks and examples.
package corpus

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"io"

	"github.com/cwfilter/cwfilter"
)

// Names are the corpora, one CloudTrail record per line (see testdata/cloudtrail/NOTICE.md).
var Names = []string{"aws-docs-examples", "console-cartographer", "panther-analysis", "stratus-red-team"}

// Load returns the records of one corpus, each a JSON line.
func Load(name string) ([][]byte, error) {
	f, err := cwfilter.CloudTrail.Open("testdata/cloudtrail/" + name + ".jsonl.gz")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	return Lines(zr)
}

// All returns the records of every corpus, in Names order.
func All() ([][]byte, error) {
	var out [][]byte
	for _, n := range Names {
		recs, err := Load(n)
		if err != nil {
			return nil, err
		}
		out = append(out, recs...)
	}
	return out, nil
}

// Lines splits r into non-empty lines.
func Lines(r io.Reader) ([][]byte, error) {
	var out [][]byte
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		if line := bytes.TrimSpace(sc.Bytes()); len(line) > 0 {
			out = append(out, append([]byte(nil), line...))
		}
	}
	return out, sc.Err()
}
