package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/fileio"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cwfilter/cwfilter/aggregate"
	"github.com/cwfilter/cwfilter/cloudtrail"
)

func TestMain(m *testing.M) {
	code := ptest.MainRet(m) // prism unless --runner says otherwise
	if monitorDir != "" {
		os.RemoveAll(monitorDir)
	}
	os.Exit(code)
}

var (
	monitorOnce sync.Once
	monitorDir  string
	monitorBin  string
	monitorErr  error
)

// monitorBinary builds examples/cloudtrail-monitor once (the root module is this module's
// replaced dependency, so its packages build from here).
func monitorBinary(t *testing.T) string {
	t.Helper()
	monitorOnce.Do(func() {
		if monitorDir, monitorErr = os.MkdirTemp("", "cwfilter-beam-test"); monitorErr != nil {
			return
		}
		monitorBin = filepath.Join(monitorDir, "cloudtrail-monitor")
		out, err := exec.Command("go", "build", "-o", monitorBin, "github.com/cwfilter/cwfilter/examples/cloudtrail-monitor").CombinedOutput()
		if err != nil {
			monitorErr = fmt.Errorf("building the monitor: %v\n%s", err, out)
		}
	})
	require.NoError(t, monitorErr)
	return monitorBin
}

// replayed is what a replay wrote: the lines of transitions.jsonl and datapoints.jsonl.
type replayed struct {
	transitions, datapoints []string
}

func readLines(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	lines := strings.Split(string(data), "\n")
	require.Equal(t, "", lines[len(lines)-1], "%s ends with a newline", path)
	return lines[:len(lines)-1]
}

// runMonitor runs the monitor with -transitions and -datapoints, flags and files.
func runMonitor(t *testing.T, flags []string, files []string) replayed {
	t.Helper()
	dir := t.TempDir()
	tr, dp := filepath.Join(dir, "transitions.jsonl"), filepath.Join(dir, "datapoints.jsonl")
	args := append([]string{"-notifications", "none", "-transitions", tr, "-datapoints", dp}, flags...)
	out, err := exec.Command(monitorBinary(t), append(args, files...)...).CombinedOutput()
	require.NoError(t, err, "%s", out)
	return replayed{readLines(t, tr), readLines(t, dp)}
}

// runPipeline runs the pipeline on the test runner (prism) and returns its output and counters.
func runPipeline(t *testing.T, o filterOptions, inputs ...string) (replayed, map[string]int64) {
	t.Helper()
	filters, err := loadFilters(o)
	require.NoError(t, err)
	dir := t.TempDir()
	p, s := beam.NewPipelineWithRoot()
	replay(s, inputs, dir, filters, o.wallClock)
	res, err := ptest.RunWithMetrics(p)
	require.NoError(t, err)
	counters := map[string]int64{}
	for _, c := range res.Metrics().AllMetrics().Counters() {
		if c.Namespace() == counterNamespace {
			counters[c.Name()] += c.Result()
		}
	}
	return replayed{readLines(t, filepath.Join(dir, "transitions.jsonl")), readLines(t, filepath.Join(dir, "datapoints.jsonl"))}, counters
}

// assertSameLines checks that two replays wrote the same lines, in any order.
func assertSameLines(t *testing.T, want, got replayed) {
	t.Helper()
	for _, f := range []struct {
		name      string
		want, got []string
	}{{"transitions.jsonl", want.transitions, got.transitions}, {"datapoints.jsonl", want.datapoints, got.datapoints}} {
		w, g := slices.Sorted(slices.Values(f.want)), slices.Sorted(slices.Values(f.got))
		assert.Equal(t, w, g, "%s: the same set of lines", f.name)
	}
}

func corpusFiles(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("../../cloudtrail/corpus/*.jsonl.gz")
	require.NoError(t, err)
	require.Len(t, files, len(cloudtrail.Corpora()))
	return files
}

func ptr(f float64) *float64 { return &f }

// The repository's CloudTrail corpus on prism gives the monitor's lines, with the default
// filters and with the flags that change them.
func TestCorpusAsTheMonitor(t *testing.T) {
	files := corpusFiles(t)
	for _, c := range []struct {
		name  string
		flags []string
		o     filterOptions
	}{
		{"default", nil, filterOptions{}},
		{"wallclock", []string{"-window", "wallclock"}, filterOptions{wallClock: true}},
		{"thresholds and ip", []string{"-threshold", "2", "-ip", "192.0.2.0", "-ip-threshold", "3"},
			filterOptions{threshold: ptr(2), ip: "192.0.2.0", ipThreshold: ptr(3)}},
	} {
		t.Run(c.name, func(t *testing.T) {
			want := runMonitor(t, c.flags, files)
			got, counters := runPipeline(t, c.o, "../../cloudtrail/corpus/*.jsonl.gz")
			assert.NotEmpty(t, want.transitions)
			assert.NotEmpty(t, want.datapoints)
			assertSameLines(t, want, got)
			t.Logf("%d transitions, %d datapoints; counters %v", len(got.transitions), len(got.datapoints), counters)
			assert.Equal(t, int64(10007), counters["records"])
			assert.Equal(t, int64(9990), counters[counterEvents])
		})
	}
}

// splitCorpus writes the corpus's records, shuffled, into n files of every kind the pipeline
// reads: JSON Lines and CloudTrail log files {"Records":[…]}, each plain or gzip. A record
// that is not a JSON object goes to a JSON Lines file (a log file could not hold it).
func splitCorpus(t *testing.T, n int) []string {
	t.Helper()
	records, err := cloudtrail.LoadAll()
	require.NoError(t, err)
	rng := rand.New(rand.NewPCG(17, 42))
	rng.Shuffle(len(records), func(i, j int) { records[i], records[j] = records[j], records[i] })
	parts := make([][][]byte, n)
	for i, r := range records {
		k := i % n
		if k%4 >= 2 && !json.Valid(r) {
			k -= 2 // the JSON Lines file of the same compression
		}
		parts[k] = append(parts[k], r)
	}
	dir := t.TempDir()
	var paths []string
	for i, recs := range parts {
		var body []byte
		name := fmt.Sprintf("part-%02d", i)
		if i%4 < 2 {
			body, name = append(bytes.Join(recs, []byte("\n")), '\n'), name+".jsonl"
		} else {
			body, name = []byte(`{"Records": [`+string(bytes.Join(recs, []byte(",\n")))+"]}"), name+".json"
		}
		if i%2 == 1 {
			var gz bytes.Buffer
			zw := gzip.NewWriter(&gz)
			_, err := zw.Write(body)
			require.NoError(t, err)
			require.NoError(t, zw.Close())
			body, name = gz.Bytes(), name+".gz"
		}
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, body, 0o644))
		paths = append(paths, path)
	}
	return paths
}

// The corpus split into 50 small files of every format, read through three globs, gives the
// same lines as the monitor on those files and as the whole corpus: the data points of one
// series and period come from many files, whose aggregates merge. (Prism runs the files in
// one bundle, so MergeAccumulators itself is exercised by TestAggregateFnMerges.)
func TestSplitInputAsTheMonitor(t *testing.T) {
	paths := splitCorpus(t, 50)
	dir := filepath.Dir(paths[0])
	want := runMonitor(t, nil, paths)
	got, counters := runPipeline(t, filterOptions{}, filepath.Join(dir, "*.jsonl*"), filepath.Join(dir, "*.json"), filepath.Join(dir, "*.json.gz"))
	assertSameLines(t, want, got)
	assertSameLines(t, runMonitor(t, nil, corpusFiles(t)), got)
	assert.Equal(t, int64(50), counters["files"])
	assert.Equal(t, int64(10007), counters["records"])
	assert.Greater(t, counters[counterFileAggregates], int64(2*len(got.datapoints)), "the files' aggregates of a series and period merge")
	t.Logf("counters %v", counters)
}

// The pipeline accepts exactly the filters files and flags the monitor accepts.
func TestFiltersAsTheMonitor(t *testing.T) {
	input := filepath.Join(t.TempDir(), "one.jsonl")
	require.NoError(t, os.WriteFile(input, []byte(`{"eventTime":"2024-01-01T10:00:10Z","eventName":"ConsoleLogin"}`+"\n"), 0o644))
	long := strings.Repeat("M", 250)
	for _, c := range []struct {
		name, file string
		flags      []string
		o          filterOptions
	}{
		{"valid", "# c\n\n{\"metric\":\"A\",\"pattern\":\"x\",\"threshold\":2}\n{\"name\":\"n\",\"metric\":\"B\",\"pattern\":\"\"}", nil, filterOptions{}},
		{"watched", `{"metric":"CallsFromWatchedIP","pattern":"x","threshold":null}`, []string{"-ip", "192.0.2.1"}, filterOptions{ip: "192.0.2.1"}},
		{"unknown key", `{"metric":"A","pattern":"x","treshold":3}`, nil, filterOptions{}},
		{"keys are case-sensitive", `{"Metric":"A","pattern":"x"}`, nil, filterOptions{}},
		{"missing metric", `{"pattern":"x"}`, nil, filterOptions{}},
		{"null pattern", `{"metric":"A","pattern":null}`, nil, filterOptions{}},
		{"empty file", "# only a comment\n", nil, filterOptions{}},
		{"pattern error", `{"metric":"B","pattern":"{ $.a == 1 }"}`, nil, filterOptions{}},
		{"metric name", `{"metric":"Root:Usage","pattern":"x"}`, nil, filterOptions{}},
		{"empty metric name", `{"metric":"","pattern":"x"}`, nil, filterOptions{}},
		{"metric name too long for its alarm", `{"metric":"` + long + `","pattern":"x"}`, nil, filterOptions{}},
		{"metric twice", "{\"metric\":\"A\",\"pattern\":\"x\"}\n{\"metric\":\"A\",\"pattern\":\"y\"}", nil, filterOptions{}},
		{"threshold a string", `{"metric":"A","pattern":"x","threshold":"5"}`, nil, filterOptions{}},
		{"key twice", `{"metric":"A","pattern":"x","metric":"B"}`, nil, filterOptions{}},
		{"not an object", `["A","x"]`, nil, filterOptions{}},
		{"text after the object", `{"metric":"A","pattern":"x"} {}`, nil, filterOptions{}},
		{"object not closed", `{"metric":"A","pattern":"x"`, nil, filterOptions{}},
		{"-ip without the watched filter", `{"metric":"A","pattern":"x"}`, []string{"-ip", "192.0.2.1"}, filterOptions{ip: "192.0.2.1"}},
		{"-ip-threshold without the watched filter", `{"metric":"A","pattern":"x"}`, []string{"-ip-threshold", "3"}, filterOptions{ipThreshold: ptr(3)}},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "filters.jsonl")
			require.NoError(t, os.WriteFile(path, []byte(c.file), 0o644))
			out, monitorErr := exec.Command(monitorBinary(t), append(append([]string{"-notifications", "none", "-filters", path}, c.flags...), input)...).CombinedOutput()
			c.o.path = path
			_, err := loadFilters(c.o)
			assert.Equal(t, monitorErr == nil, err == nil, "monitor: %v %s\npipeline: %v", monitorErr, out, err)
		})
	}
}

// The combine is exact however the runner groups a key's file aggregates into accumulators
// and merges them, through the coder in between: every grouping and merge order gives the
// statistics of one accumulator holding them all.
func TestAggregateFnMerges(t *testing.T) {
	filters, err := loadFilters(filterOptions{})
	require.NoError(t, err)
	read := &readFn{Filters: filters}
	require.NoError(t, read.Setup())
	byKey := map[seriesPeriod][]*aggregate.Aggregator{}
	for _, path := range splitCorpus(t, 20) {
		require.NoError(t, read.ProcessElement(context.Background(), fileio.ReadableFile{Metadata: fileio.FileMetadata{Path: path}},
			func(k seriesPeriod, a *aggregate.Aggregator) { byKey[k] = append(byKey[k], a) }, func(int64) {}))
	}
	require.NotEmpty(t, byKey)

	ctx := context.Background()
	combine := aggregateFn{}
	lines := func(k seriesPeriod, a *aggregate.Aggregator) []string {
		var out []string
		require.NoError(t, datapointsFn{}.ProcessElement(k, a, func(l string) { out = append(out, l) }))
		return out
	}
	roundTrip := func(a *aggregate.Aggregator) *aggregate.Aggregator {
		data, err := encodeAggregator(a)
		require.NoError(t, err)
		b, err := decodeAggregator(data)
		require.NoError(t, err)
		return b
	}
	merges := 0
	for k, files := range byKey {
		whole, err := combine.CreateAccumulator()
		require.NoError(t, err)
		for _, f := range files {
			whole, err = combine.AddInput(whole, f)
			require.NoError(t, err)
		}
		want := lines(k, whole)
		require.Len(t, want, 1)
		for _, n := range []int{2, 5} {
			rng := rand.New(rand.NewPCG(uint64(len(files)), uint64(n)))
			accs := make([]*aggregate.Aggregator, n)
			for i := range accs {
				accs[i], err = combine.CreateAccumulator()
				require.NoError(t, err)
			}
			for _, i := range rng.Perm(len(files)) {
				j := rng.IntN(n)
				accs[j], err = combine.AddInput(accs[j], roundTrip(files[i]))
				require.NoError(t, err)
			}
			for len(accs) > 1 { // merge two random accumulators, each through the coder
				i := rng.IntN(len(accs))
				j := (i + 1 + rng.IntN(len(accs)-1)) % len(accs)
				accs[i], err = combine.MergeAccumulators(ctx, roundTrip(accs[i]), roundTrip(accs[j]))
				require.NoError(t, err)
				accs = slices.Delete(accs, j, j+1)
				merges++
			}
			assert.Equal(t, want, lines(k, combine.ExtractOutput(roundTrip(accs[0]))), "%v in %d accumulators", k, n)
		}
	}
	t.Logf("%d keys, %d merges", len(byKey), merges)
}
