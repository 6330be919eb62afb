package bench

import (
	"flag"
	"fmt"
	"os"
	"sync"
	"testing"

	"github.com/cwfilter/cwfilter/cloudtrail"
	"github.com/cwfilter/cwfilter/filterpattern"
	"github.com/cwfilter/cwfilter/internal/delimited/loggen"
	"github.com/cwfilter/cwfilter/internal/testfile"
)

// Every benchmark of this module is one row of the README's performance table (bench/perf.sh
// regenerates it): Benchmark<Row>/impl=<name>, with the cwfilter implementation and its
// baselines as sub-benchmarks of the same row, so that `benchstat -col /impl` compares them.
// Each reports bytes (b.SetBytes) and allocations; one op is one pass over a whole corpus.

// TestMain prints the corpus sizes as benchmark configuration lines ("key: value", see
// golang.org/x/perf/benchfmt) when benchmarks run, so that a results file describes its input.
func TestMain(m *testing.M) {
	flag.Parse()
	if f := flag.Lookup("test.bench"); f != nil && f.Value.String() != "" {
		evs, size := cloudTrail()
		fmt.Printf("corpus-records: %d\ncorpus-bytes: %d\n", len(evs), size)
		lines, lsize := accessLog()
		fmt.Printf("accesslog-lines: %d\naccesslog-bytes: %d\n", len(lines), lsize)
		fmt.Printf("stream-bytes: %d\n", len(streamData()))
	}
	os.Exit(m.Run())
}

// cloudTrail returns the records of the four real CloudTrail corpora (package cloudtrail),
// one JSON event each, and their total size in bytes.
var cloudTrail = sync.OnceValues(func() ([][]byte, int64) {
	evs, err := cloudtrail.LoadAll()
	if err != nil || len(evs) == 0 {
		panic(fmt.Sprintf("CloudTrail corpus: %d records, %v", len(evs), err))
	}
	return evs, sizeOf(evs)
})

// accessLogLines is the number of generated access-log lines of the space-delimited rows.
const accessLogLines = 100_000

// accessLog returns the generated access-log lines (fixed seed) and their total size.
var accessLog = sync.OnceValues(func() ([][]byte, int64) {
	lines := loggen.AccessLog(accessLogLines, loggen.Seed)
	return lines, sizeOf(lines)
})

func sizeOf(evs [][]byte) (n int64) {
	for _, e := range evs {
		n += int64(len(e))
	}
	return n
}

// cisPatterns returns the "pattern" field of every row of
// ../testdata/conformance/cis-patterns.jsonl, in file order (row i is CIS pattern i+1).
var cisPatterns = sync.OnceValue(func() []string {
	rows, err := testfile.Read[struct{ Pattern string }]("../testdata/conformance/cis-patterns.jsonl", false)
	if err != nil {
		panic(err)
	}
	var out []string
	for _, row := range rows {
		out = append(out, row.Pattern)
	}
	return out
})

// cisSetSize is the number of CIS patterns of the Set, Group and Stream rows: CloudWatch.1–14
// and CIS 4.15.
const cisSetSize = 15

// cisSet compiles the first cisSetSize CIS patterns.
func cisSet(tb testing.TB) []*filterpattern.Pattern {
	tb.Helper()
	srcs := cisPatterns()
	if len(srcs) < cisSetSize {
		tb.Fatalf("cis-patterns.jsonl has %d rows, want ≥ %d", len(srcs), cisSetSize)
	}
	ps := make([]*filterpattern.Pattern, cisSetSize)
	for i, s := range srcs[:cisSetSize] {
		p, err := filterpattern.Compile(s)
		if err != nil {
			tb.Fatalf("CIS pattern %d: %v", i+1, err)
		}
		ps[i] = p
	}
	return ps
}

// run times match over every event of evs (size bytes in all) and reports the number of
// matching events as a metric, so that every implementation of a row can be seen to agree.
func run(b *testing.B, evs [][]byte, size int64, match func([]byte) bool) {
	b.SetBytes(size)
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		n = 0
		for _, ev := range evs {
			if match(ev) {
				n++
			}
		}
	}
	b.ReportMetric(float64(n), "matches")
}

// runCount is run for implementations that find several matches per event (a Set, a
// Group): the metric is the number of (event, pattern) pairs.
func runCount[E any](b *testing.B, evs []E, size int64, matches func(E) int) {
	b.SetBytes(size)
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		n = 0
		for _, ev := range evs {
			n += matches(ev)
		}
	}
	b.ReportMetric(float64(n), "matches")
}

// count is one untimed pass of match over evs, for the tests that check that the
// implementations of a row agree.
func count(evs [][]byte, match func([]byte) bool) int {
	n := 0
	for _, ev := range evs {
		if match(ev) {
			n++
		}
	}
	return n
}

// streamTarget is the minimum size of the Stream row's input.
const streamTarget = 20 << 20

// streamData is the CloudTrail corpus joined with '\n', repeated until it is at least
// streamTarget bytes: the input of the Stream row.
var streamData = sync.OnceValue(func() []byte {
	evs, _ := cloudTrail()
	var one []byte
	for _, ev := range evs {
		one = append(one, ev...)
		one = append(one, '\n')
	}
	out := make([]byte, 0, streamTarget+len(one))
	for len(out) < streamTarget {
		out = append(out, one...)
	}
	return out
})
