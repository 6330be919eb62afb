package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"
	_ "time/tzdata" // wall-clock windows in a zone need the zone database, which workers may lack

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/fileio"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/gcs"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/s3"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx"

	"github.com/cwfilter/cwfilter/cloudtrail"
)

// inputList is the repeatable --input flag.
type inputList []string

func (l *inputList) String() string     { return strings.Join(*l, ",") }
func (l *inputList) Set(v string) error { *l = append(*l, v); return nil }

var (
	inputs      inputList
	output      = flag.String("output", "", "directory (local, gs://, s3://) to write transitions.jsonl and datapoints.jsonl to")
	filtersPath = flag.String("filters", "", "metric filters as JSON Lines {\"name\",\"metric\",\"pattern\",\"threshold\"} (default: the monitor's built-in set)")
	threshold   = flag.Float64("threshold", 0, "alarm threshold for every filter but "+watchedMetric+" (default: the filters')")
	ip          = flag.String("ip", "", "source IP to watch instead of the built-in one")
	ipThreshold = flag.Float64("ip-threshold", 0, "alarm threshold for the watched IP (default: the filters')")
	window      = flag.String("window", "sliding", "alarm evaluation window: sliding (AWS's default) or wallclock")
)

func init() {
	flag.Var(&inputs, "input", "CloudTrail files or glob (local, gs://, s3://): JSON Lines or {\"Records\":[…]}, gzip or not; repeatable")
}

func main() {
	flag.Parse()
	beam.Init() // on a remote worker this runs the worker and never returns
	if err := run(context.Background(), os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "beam:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, stderr io.Writer) error {
	switch {
	case len(inputs) == 0 || *output == "":
		return errors.New("--input and --output are required")
	case *window != "sliding" && *window != "wallclock":
		return fmt.Errorf("--window %q: want sliding or wallclock", *window)
	}
	o := filterOptions{path: *filtersPath, ip: *ip, wallClock: *window == "wallclock"}
	flag.Visit(func(f *flag.Flag) {
		switch f.Name {
		case "threshold":
			o.threshold = threshold
		case "ip-threshold":
			o.ipThreshold = ipThreshold
		}
	})
	filters, err := loadFilters(o)
	if err != nil {
		return err
	}
	p, s := beam.NewPipelineWithRoot()
	replay(s, inputs, *output, filters, o.wallClock)
	res, err := beamx.RunWithMetrics(ctx, p)
	if err != nil {
		return err
	}
	if res == nil {
		return nil // the runner reports no metrics
	}
	counters := map[string]int64{}
	for _, c := range res.Metrics().AllMetrics().Counters() {
		if c.Namespace() == counterNamespace {
			counters[c.Name()] += c.Result()
		}
	}
	names := slices.Sorted(maps.Keys(counters))
	for _, n := range names {
		fmt.Fprintf(stderr, "%12d  %s\n", counters[n], n)
	}
	if len(names) > 0 && counters[counterEvents] == 0 {
		return errors.New("no events with an eventTime to replay")
	}
	return nil
}

// replay adds the monitor's replay to s: read and match the inputs, aggregate per series and
// period, evaluate the alarms, and write outputDir/transitions.jsonl and
// outputDir/datapoints.jsonl.
func replay(s beam.Scope, inputs []string, outputDir string, filters []cloudtrail.Filter, wallClock bool) {
	s = s.Scope("replay")
	globs := beam.Create(s, toAny(inputs)...)
	// Matching yields the files in one bundle per glob; the reshuffle spreads them over the
	// workers, so that reading and matching run in parallel.
	files := beam.Reshuffle(s, fileio.MatchAll(s, globs, fileio.MatchEmptyDisallow()))
	// Compression is detected from the content by cloudtrail.Scan, whatever the file name.
	readable := fileio.ReadMatches(s, files, fileio.ReadUncompressed())
	points, minutes := beam.ParDo2(s, &readFn{Filters: filters}, readable)

	perPeriod := beam.CombinePerKey(s, aggregateFn{}, points)
	eventMinutes := beam.Combine(s, minutesFn{}, minutes)

	datapoints := beam.ParDo(s, datapointsFn{}, perPeriod)
	alarms := beam.ParDo(s, alarmKey, beam.Create(s, toAny(filters)...))
	series := beam.CoGroupByKey(s, alarms, beam.ParDo(s, alarmInputFn{}, perPeriod))
	transitions := beam.ParDo(s, alarmFn{WallClock: wallClock}, series, beam.SideInput{Input: eventMinutes})

	dir := strings.TrimSuffix(outputDir, "/") + "/"
	writeLines(s, dir+"transitions.jsonl", transitions)
	writeLines(s, dir+"datapoints.jsonl", datapoints)
}

func writeLines(s beam.Scope, path string, lines beam.PCollection) {
	beam.ParDo0(s, &writeFn{Path: path}, beam.Impulse(s), beam.SideInput{Input: lines})
}

func toAny[T any](xs []T) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}
