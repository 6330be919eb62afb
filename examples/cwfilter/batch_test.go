package main

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"io/fs"
	"math/rand/v2"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/iotest"

	"github.com/cwfilter/cwfilter"
	"github.com/cwfilter/cwfilter/filterpattern"
)

// collect runs matchBatches and returns the lines it emitted, with "+" before matched ones.
func collect(t testing.TB, input string, workers, size int, match func([]byte) bool) []string {
	t.Helper()
	var got []string
	err := matchBatches(strings.NewReader(input), workers, size, match, func(b *batch) error {
		for i, line := range b.lines {
			mark := "-"
			if b.matched[i] {
				mark = "+"
			}
			got = append(got, mark+string(line))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// sequential is the obviously-correct twin of matchBatches.
func sequential(input string, match func([]byte) bool) []string {
	var want []string
	input = strings.TrimSuffix(input, "\n")
	if input == "" {
		return nil
	}
	for _, line := range strings.Split(input, "\n") {
		line = strings.TrimSuffix(line, "\r")
		mark := "-"
		if match([]byte(line)) {
			mark = "+"
		}
		want = append(want, mark+line)
	}
	return want
}

func TestMatchBatchesEqualsSequential(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var sb strings.Builder
	for i := range 3000 {
		switch rng.IntN(10) {
		case 0:
			sb.WriteString("\n") // empty line
		case 1:
			sb.WriteString("ERROR crlf " + strconv.Itoa(i) + "\r\n")
		case 2:
			sb.WriteString(strings.Repeat("long ", 200) + strconv.Itoa(i) + " ERROR\n")
		default:
			sb.WriteString("line " + strconv.Itoa(i) + " INFO\n")
		}
	}
	corpus := sb.String()
	match := filterpattern.MustCompile("ERROR").Match
	inputs := map[string]string{
		"corpus":             corpus,
		"no final newline":   corpus + "last ERROR",
		"empty":              "",
		"one line":           "ERROR",
		"only newlines":      "\n\n\n",
		"line above size":    strings.Repeat("x", 5000) + " ERROR\nshort\n",
		"crlf at batch edge": "a ERROR\r\nb\r\n",
	}
	for name, input := range inputs {
		want := sequential(input, match)
		for _, workers := range []int{1, 2, 3, 8} {
			for _, size := range []int{1, 7, 1000, batchSize} {
				got := collect(t, input, workers, size, match)
				if !slices.Equal(got, want) {
					t.Errorf("%s, %d workers, size %d: %d lines differ from sequential matching (%d lines)", name, workers, size, len(got), len(want))
				}
			}
		}
	}
}

// The reader may return one byte at a time; batches must still hold whole lines.
func TestMatchBatchesOneByteReads(t *testing.T) {
	input := "a ERROR\nb\nc ERROR\n"
	var got []string
	err := matchBatches(iotest.OneByteReader(strings.NewReader(input)), 2, 4, func(b []byte) bool { return bytes.Contains(b, []byte("ERROR")) },
		func(b *batch) error {
			for i, l := range b.lines {
				if b.matched[i] {
					got = append(got, string(l))
				}
			}
			return nil
		})
	if err != nil || strings.Join(got, "|") != "a ERROR|c ERROR" {
		t.Fatalf("got %q, %v", got, err)
	}
}

func TestMatchBatchesErrors(t *testing.T) {
	input := strings.Repeat("line\n", 10000)
	stop := errors.New("stop")
	calls := 0
	err := matchBatches(strings.NewReader(input), 4, 100, func([]byte) bool { return true }, func(*batch) error {
		calls++
		return stop
	})
	if !errors.Is(err, stop) || calls != 1 {
		t.Errorf("emit error: got %v after %d calls, want %v after 1", err, calls, stop)
	}

	readErr := errors.New("disk on fire")
	r := io.MultiReader(strings.NewReader("a\nb\n"), iotest.ErrReader(readErr))
	err = matchBatches(r, 2, 1, func([]byte) bool { return true }, func(*batch) error { return nil })
	if !errors.Is(err, readErr) {
		t.Errorf("read error: got %v, want %v", err, readErr)
	}
}

var corpusOnce = sync.OnceValues(func() ([]byte, error) {
	var all []byte
	files, err := fs.Glob(cwfilter.CloudTrail, "testdata/cloudtrail/*.jsonl.gz")
	if err != nil {
		return nil, err
	}
	for _, name := range files {
		f, err := cwfilter.CloudTrail.Open(name)
		if err != nil {
			return nil, err
		}
		zr, err := gzip.NewReader(f)
		if err != nil {
			return nil, err
		}
		data, err := io.ReadAll(zr)
		f.Close()
		if err != nil {
			return nil, err
		}
		all = append(all, data...)
	}
	return all, nil
})

// The real corpus, matched in parallel, gives the same lines in the same order.
func TestMatchBatchesCorpus(t *testing.T) {
	data, err := corpusOnce()
	if err != nil {
		t.Fatal(err)
	}
	match := filterpattern.MustCompile(`{ ($.eventSource = "iam.amazonaws.com") && ($.eventName = "Create*") }`).Match
	want := sequential(string(data), match)
	got := collect(t, string(data), 4, 64<<10, match)
	if !slices.Equal(got, want) {
		t.Fatalf("parallel matching differs from sequential matching")
	}
	n := strings.Count(strings.Join(got, "\n"), "\n+")
	if n == 0 {
		t.Fatal("the pattern matches no corpus line; the test proves nothing")
	}
}

// BenchmarkMatchBatches matches the CloudTrail corpus with one worker and with GOMAXPROCS
// workers; the ratio of the two is grep's parallel speed-up. "rare" is rejected by the
// literal prefilter on almost every line, so reading and splitting the input weigh most;
// "common" walks the JSON of most lines.
func BenchmarkMatchBatches(b *testing.B) {
	data, err := corpusOnce()
	if err != nil {
		b.Fatal(err)
	}
	// Repeat the corpus so that a run holds many batches per worker.
	data = bytes.Repeat(data, 4)
	patterns := []struct{ name, pattern string }{
		{"rare", `{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }`},
		{"common", `{ ($.eventSource = "*.amazonaws.com") && ($.eventName = "Get*" || $.eventName = "List*") }`},
	}
	for _, pt := range patterns {
		p := filterpattern.MustCompile(pt.pattern)
		for _, workers := range []int{1, runtime.GOMAXPROCS(0)} {
			b.Run(pt.name+"/workers="+strconv.Itoa(workers), func(b *testing.B) {
				b.SetBytes(int64(len(data)))
				for b.Loop() {
					n := 0
					err := matchBatches(bytes.NewReader(data), workers, batchSize, p.Match, func(bt *batch) error {
						for _, m := range bt.matched {
							if m {
								n++
							}
						}
						return nil
					})
					if err != nil || n == 0 {
						b.Fatalf("%d matches, %v", n, err)
					}
				}
			})
		}
	}
}
