package parallel_test

import (
	"bytes"
	"runtime"
	"strconv"
	"testing"

	"github.com/cwfilter/cwfilter/cloudtrail"
	"github.com/cwfilter/cwfilter/filterpattern"
	"github.com/cwfilter/cwfilter/internal/parallel"
	"github.com/cwfilter/cwfilter/internal/testfile"
)

// cisInput returns the embedded CloudTrail records as JSON Lines, repeated until they reach
// at least minSize bytes, and a Set of the 15 CIS patterns (CloudWatch.1–14 and CIS 4.15).
func cisInput(tb testing.TB, minSize int) ([]byte, *filterpattern.Set) {
	tb.Helper()
	records, err := cloudtrail.LoadAll()
	if err != nil {
		tb.Fatal(err)
	}
	one := append(bytes.Join(records, []byte{'\n'}), '\n')
	data := bytes.Repeat(one, max(1, (minSize+len(one)-1)/len(one)))

	var patterns []*filterpattern.Pattern
	for _, row := range testfile.JSONL[struct{ Pattern string }](tb, "../../testdata/conformance/cis-patterns.jsonl")[:15] {
		p, err := filterpattern.Compile(row.Pattern)
		if err != nil {
			tb.Fatal(err)
		}
		patterns = append(patterns, p)
	}
	return data, filterpattern.NewSet(patterns...)
}

// workerCounts are 1, 2 and GOMAXPROCS when it is neither.
func workerCounts() []int {
	counts := []int{1, 2}
	if n := runtime.GOMAXPROCS(0); n > 2 {
		counts = append(counts, n)
	}
	return counts
}

// BenchmarkLines matches ≈ 20 MB of real CloudTrail records (the corpus, repeated) with the
// 15 CIS patterns as one Set. The ratio of workers=2 to workers=1 is the parallel speed-up.
func BenchmarkLines(b *testing.B) {
	data, set := cisInput(b, 20<<20)
	for _, workers := range workerCounts() {
		b.Run("workers="+strconv.Itoa(workers), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				n := 0
				err := parallel.Lines(bytes.NewReader(data), workers, parallel.DefaultBatchSize, set.Match, func(_ []byte, matched []int) error {
					n += len(matched)
					return nil
				})
				if err != nil || n == 0 {
					b.Fatalf("%d matches, %v", n, err)
				}
			}
		})
	}
}

// BenchmarkLinesOverhead is the engine alone (reading, splitting, handoffs, emitting) with a
// match that does nothing: the ceiling of Lines' throughput.
func BenchmarkLinesOverhead(b *testing.B) {
	data, _ := cisInput(b, 20<<20)
	nothing := func(_ []byte, dst []int) []int { return dst }
	for _, workers := range workerCounts() {
		b.Run("workers="+strconv.Itoa(workers), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				lines := 0
				err := parallel.Lines(bytes.NewReader(data), workers, parallel.DefaultBatchSize, nothing, func([]byte, []int) error {
					lines++
					return nil
				})
				if err != nil || lines == 0 {
					b.Fatalf("%d lines, %v", lines, err)
				}
			}
		})
	}
}
