package main

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/fileio"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/cwfilter/cwfilter/aggregate"
	"github.com/cwfilter/cwfilter/cloudtrail"
	"github.com/cwfilter/cwfilter/filterpattern"
	"github.com/cwfilter/cwfilter/metricfilter"
)

// Counters, in this namespace, that the pipeline reports (main prints them when the runner
// returns metrics).
const (
	counterNamespace      = "cwfilter"
	counterEvents         = "events replayed"
	counterFileAggregates = "file aggregates"
)

func init() {
	register.DoFn4x1[context.Context, fileio.ReadableFile, func(seriesPeriod, *aggregate.Aggregator), func(int64), error](&readFn{})
	register.Emitter2[seriesPeriod, *aggregate.Aggregator]()
	register.Emitter1[int64]()
	// MergeAccumulators takes a context (for its counter), which register.Combiner3 does
	// not optimise; the type is registered for the workers and called through reflection.
	beam.RegisterType(reflect.TypeOf((*aggregateFn)(nil)).Elem())
	register.Combiner3[minuteSet, int64, []int64](&minutesFn{})
	register.DoFn3x1[seriesPeriod, *aggregate.Aggregator, func(string), error](&datapointsFn{})
	register.DoFn3x1[seriesPeriod, *aggregate.Aggregator, func(string, periodSnapshot), error](&alarmInputFn{})
	register.Emitter2[string, periodSnapshot]()
	register.DoFn5x1[string, func(*cloudtrail.Filter) bool, func(*periodSnapshot) bool, func(*[]int64) bool, func(string), error](&alarmFn{})
	register.Iter1[[]int64]()
	register.Function1x2[cloudtrail.Filter, string, cloudtrail.Filter](alarmKey)
	register.Emitter1[string]()
	register.Iter1[cloudtrail.Filter]()
	register.Iter1[periodSnapshot]()
	register.Iter1[string]()
	register.DoFn3x1[context.Context, []byte, func(*string) bool, error](&writeFn{})
	beam.RegisterCoder(reflect.TypeOf((*aggregate.Aggregator)(nil)), encodeAggregator, decodeAggregator)
	// The element types, by name, for the workers of a distributed runner.
	for _, t := range []any{seriesPeriod{}, periodSnapshot{}, cloudtrail.Filter{}, minuteSet{}} {
		beam.RegisterType(reflect.TypeOf(t))
	}
}

// accumulatorOptions configure the per-period accumulators. Histogram mode keeps one count
// per value bucket instead of every sample, so an accumulator's size does not grow with the
// number of matching events; SampleCount, Sum, Minimum, Maximum and Average, all that the
// data points and the alarms read, are exact in both modes.
var accumulatorOptions = aggregate.Options{RelativeError: 0.01}

// encodeAggregator and decodeAggregator are the accumulators' Beam coder: the Aggregator's
// own snapshot, which carries every bucket of every series.
func encodeAggregator(a *aggregate.Aggregator) ([]byte, error) { return a.Snapshot() }

func decodeAggregator(data []byte) (*aggregate.Aggregator, error) {
	a, err := aggregate.New(accumulatorOptions)
	if err != nil {
		return nil, err
	}
	return a, a.Restore(data)
}

// seriesPeriod is the key of the aggregation: one series (namespace, metric, dimensions as
// a JSON object, "" when none) over one period of the data points' 5-minute grid (Unix
// seconds of its start, aligned to multiples of 5 minutes since the epoch).
type seriesPeriod struct {
	Namespace, Metric, Dimensions string
	Start                         int64
}

// keyOf returns the aggregation key of a data point.
func keyOf(d metricfilter.Datum) (seriesPeriod, error) {
	k := seriesPeriod{Namespace: d.Namespace, Metric: d.MetricName}
	if len(d.Dimensions) > 0 {
		dims, err := json.Marshal(d.Dimensions) // keys sorted: one spelling per dimension set
		if err != nil {
			return k, err
		}
		k.Dimensions = string(dims)
	}
	const step = int64(period / time.Second)
	sec := d.Timestamp.Unix()
	k.Start = sec - (sec%step+step)%step
	return k, nil
}

// readFn reads whole files (JSON Lines or CloudTrail {"Records":[…]}, gzip or not), keeps the
// records the monitor replays, and applies the metric filters. The data points of a file go
// into one Aggregator per series and period, emitted when the file is done, so what leaves
// the read step is a few aggregates per file, never an element per event. It also emits the
// distinct minutes of the file's events: the alarm schedule depends on every event, matched
// or not.
type readFn struct {
	Filters []cloudtrail.Filter

	group                                       *metricfilter.Group
	set                                         *filterpattern.Set
	data                                        []metricfilter.Datum
	matched                                     []int
	minutes                                     []int64
	files, records, recordBytes, events, points beam.Counter
	tooLarge, notUTF8, noTime, aggregates       beam.Counter
}

// Setup compiles the filters once per DoFn instance, which the runner reuses for many
// bundles: the metric filter group, and a filterpattern.Set of the same patterns that rules
// out in one pass the records no filter matches.
func (f *readFn) Setup() error {
	g, err := newGroup(f.Filters)
	if err != nil {
		return err
	}
	var patterns []*filterpattern.Pattern
	for _, mf := range g.Filters() {
		patterns = append(patterns, mf.Pattern())
	}
	f.group, f.set = g, filterpattern.NewSet(patterns...)
	f.files = beam.NewCounter(counterNamespace, "files")
	f.records = beam.NewCounter(counterNamespace, "records")
	f.recordBytes = beam.NewCounter(counterNamespace, "record bytes")
	f.events = beam.NewCounter(counterNamespace, counterEvents)
	f.points = beam.NewCounter(counterNamespace, "data points")
	f.tooLarge = beam.NewCounter(counterNamespace, "left out: larger than CloudWatch Logs' event size limit")
	f.notUTF8 = beam.NewCounter(counterNamespace, "left out: not valid UTF-8")
	f.noTime = beam.NewCounter(counterNamespace, "left out: no eventTime the cloudtrail package reads")
	f.aggregates = beam.NewCounter(counterNamespace, counterFileAggregates)
	return nil
}

func (f *readFn) ProcessElement(ctx context.Context, file fileio.ReadableFile, emit func(seriesPeriod, *aggregate.Aggregator), emitMinute func(int64)) error {
	rc, err := file.Open(ctx)
	if err != nil {
		return err
	}
	defer rc.Close()
	var records, size, events, points, tooLarge, notUTF8, noTime int64
	f.minutes = f.minutes[:0]
	aggs := map[seriesPeriod]*aggregate.Aggregator{}
	err = cloudtrail.Scan(rc, func(rec []byte) error {
		records++
		size += int64(len(rec))
		// Left out as the monitor leaves them out: records CloudWatch Logs would not hold as
		// they are, and records without an eventTime.
		if len(rec) > filterpattern.DefaultMaxEventSize {
			tooLarge++
			return nil
		}
		if !utf8.Valid(rec) {
			notUTF8++
			return nil
		}
		t, err := cloudtrail.EventTime(rec)
		if err != nil {
			noTime++
			return nil
		}
		events++
		minute := t.Truncate(time.Minute).Unix()
		if n := len(f.minutes); n == 0 || f.minutes[n-1] != minute {
			f.minutes = append(f.minutes, minute)
		}
		// The filters publish nothing for an event none of them matches (none has a
		// default value), so only a matching record becomes a log event.
		if f.matched = f.set.Match(rec, f.matched[:0]); len(f.matched) == 0 {
			return nil
		}
		f.data = f.group.AppendApply(f.data[:0], metricfilter.LogEvent{Timestamp: t, Message: string(rec)})
		for _, d := range f.data {
			k, err := keyOf(d)
			if err != nil {
				return err
			}
			a := aggs[k]
			if a == nil {
				if a, err = aggregate.New(accumulatorOptions); err != nil {
					return err
				}
				aggs[k] = a
			}
			if !a.Add(d) {
				return fmt.Errorf("data point refused by the aggregator: %+v", d)
			}
			points++
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("%s: %w", file.Metadata.Path, err)
	}
	for k, a := range aggs {
		emit(k, a)
	}
	slices.Sort(f.minutes)
	for _, m := range slices.Compact(f.minutes) {
		emitMinute(m)
	}
	f.files.Inc(ctx, 1)
	f.records.Inc(ctx, records)
	f.recordBytes.Inc(ctx, size)
	f.events.Inc(ctx, events)
	f.points.Inc(ctx, points)
	f.tooLarge.Inc(ctx, tooLarge)
	f.notUTF8.Inc(ctx, notUTF8)
	f.noTime.Inc(ctx, noTime)
	f.aggregates.Inc(ctx, int64(len(aggs)))
	return nil
}

// aggregateFn is the library's Aggregator as a Beam CombineFn over the files' aggregates of
// one key: the runner merges the aggregates of each bundle into an accumulator before the
// shuffle (combiner lifting), then the accumulators of a key from every worker after it.
// Merging is exact, so the result does not depend on how the runner splits the work.
type aggregateFn struct{}

func (aggregateFn) CreateAccumulator() (*aggregate.Aggregator, error) {
	return aggregate.New(accumulatorOptions)
}

func (aggregateFn) AddInput(a, file *aggregate.Aggregator) (*aggregate.Aggregator, error) {
	return a, a.Merge(file)
}

func (aggregateFn) MergeAccumulators(ctx context.Context, a, b *aggregate.Aggregator) (*aggregate.Aggregator, error) {
	merged.Inc(ctx, 1)
	return a, a.Merge(b)
}

func (aggregateFn) ExtractOutput(a *aggregate.Aggregator) *aggregate.Aggregator { return a }

// merged counts MergeAccumulators calls: accumulators of one key built in different bundles.
var merged = beam.NewCounter(counterNamespace, "accumulators merged")

// datapointsFn writes the statistic set of one series over one period as a datapoints.jsonl line.
type datapointsFn struct{}

func (datapointsFn) ProcessElement(k seriesPeriod, a *aggregate.Aggregator, emit func(string)) error {
	start := time.Unix(k.Start, 0).UTC()
	stats, err := a.Periods(start, start.Add(period), period)
	if err != nil {
		return err
	}
	for _, s := range stats {
		line, err := datapointLine(s)
		if err != nil {
			return err
		}
		emit(line)
	}
	return nil
}

// periodSnapshot is one period's accumulator on its way to the alarm of its metric.
type periodSnapshot struct {
	Start    int64 // Unix seconds
	Snapshot []byte
}

// alarmInputFn keys the accumulators of the series the alarms read (namespace
// CloudTrailMetrics, no dimensions) by metric name, one alarm per metric.
type alarmInputFn struct{}

func (alarmInputFn) ProcessElement(k seriesPeriod, a *aggregate.Aggregator, emit func(string, periodSnapshot)) error {
	if k.Namespace != namespace || k.Dimensions != "" {
		return nil
	}
	snap, err := a.Snapshot()
	if err != nil {
		return err
	}
	emit(k.Metric, periodSnapshot{Start: k.Start, Snapshot: snap})
	return nil
}

// alarmKey keys a filter by its metric name, so that every alarm is evaluated, also one
// whose metric has no data.
func alarmKey(f cloudtrail.Filter) (string, cloudtrail.Filter) { return f.Metric, f }

// alarmFn evaluates one metric's alarm over its whole series in event-time order, on the
// monitor's schedule (eachInstant over the distinct event minutes), and emits its transitions.
// The periods' snapshots (one per period with data) are sorted and merged in order just before
// the first instant that reads them, into an Aggregator keeping the monitor's retention, which
// therefore holds a few periods' buckets however long the replay.
type alarmFn struct {
	WallClock bool
}

func (f alarmFn) ProcessElement(metricName string, filters func(*cloudtrail.Filter) bool, periods func(*periodSnapshot) bool, eventMinutes func(*[]int64) bool, emit func(string)) error {
	var minutes []int64 // absent when no record has an eventTime
	eventMinutes(&minutes)
	var snaps []periodSnapshot
	var p periodSnapshot
	for periods(&p) {
		snaps = append(snaps, p)
	}
	slices.SortFunc(snaps, func(a, b periodSnapshot) int { return cmp.Compare(a.Start, b.Start) })
	var m cloudtrail.Filter
	for filters(&m) {
		a, err := newAlarm(m, f.WallClock)
		if err != nil {
			return err
		}
		agg, err := aggregate.New(aggregate.Options{Retention: 2 * settle(f.WallClock), RelativeError: accumulatorOptions.RelativeError})
		if err != nil {
			return err
		}
		next := 0
		err = eachInstant(minutes, settle(f.WallClock), func(t time.Time) error {
			for ; next < len(snaps) && snaps[next].Start < t.Unix(); next++ {
				part, err := decodeAggregator(snaps[next].Snapshot)
				if err != nil {
					return err
				}
				if err := agg.Merge(part); err != nil {
					return err
				}
			}
			if ev := a.Evaluate(t, agg); ev.Changed {
				line, err := transitionLine(a.Name(), ev.Timestamp, ev.Previous, ev.State, ev.Reason)
				if err != nil {
					return err
				}
				emit(line)
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("alarm %s: %w", a.Name(), err)
		}
	}
	return nil
}
