package aggregate

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cwfilter/cwfilter/alarm"
	"github.com/cwfilter/cwfilter/metric"
	"github.com/cwfilter/cwfilter/metricfilter"
	"github.com/google/go-cmp/cmp"
)

// durFilter publishes the ms field of ERROR lines, dimensioned by op.
func durFilter(t testing.TB) *metricfilter.Filter {
	t.Helper()
	f, err := metricfilter.New(metricfilter.Config{FilterName: "errs", FilterPattern: `[lvl = ERROR, op, ms]`, MetricTransformations: []metricfilter.Transformation{
		{MetricName: "ErrMs", MetricNamespace: "App", MetricValue: "$ms", Unit: "Milliseconds", Dimensions: map[string]string{"Op": "$op"}}}})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// durAlarms: an M-of-N Sum alarm and a percentile alarm over the put series.
func durAlarms(t testing.TB) []*alarm.Alarm {
	t.Helper()
	var out []*alarm.Alarm
	for _, cfg := range []alarm.Config{
		{Name: "sum", Namespace: "App", MetricName: "ErrMs", Dimensions: map[string]string{"Op": "put"}, Period: 5 * time.Minute,
			EvaluationPeriods: 3, DatapointsToAlarm: 2, Threshold: 400, ComparisonOperator: "GreaterThanOrEqualToThreshold",
			Statistic: "Sum", TreatMissingData: "missing"},
		{Name: "p90", Namespace: "App", MetricName: "ErrMs", Dimensions: map[string]string{"Op": "put"}, Period: time.Minute,
			EvaluationPeriods: 2, Threshold: 80, ComparisonOperator: "GreaterThanThreshold",
			ExtendedStatistic: "p90", TreatMissingData: "breaching"},
	} {
		a, err := alarm.New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, a)
	}
	return out
}

type arrival struct {
	at time.Time             // when the event reaches us
	ev metricfilter.LogEvent // its timestamp is up to 3 minutes earlier: late and out of order
}

// durStream is three hours of events with bursts, quiet spells and late arrivals.
func durStream(seed uint64) []arrival {
	r := rand.New(rand.NewPCG(seed, 7))
	var out []arrival
	for m := range 180 {
		n := r.IntN(6)
		if (m/20)%3 == 1 {
			n += r.IntN(12) // burst
		}
		if (m/7)%5 == 4 {
			n = 0 // quiet
		}
		for range n {
			at := t0.Add(time.Duration(m)*time.Minute + time.Duration(r.IntN(60000))*time.Millisecond)
			ts := at.Add(-time.Duration(r.IntN(180000)) * time.Millisecond)
			op := []string{"put", "get", "del"}[r.IntN(3)]
			lvl := []string{"ERROR", "ERROR", "INFO"}[r.IntN(3)]
			out = append(out, arrival{at, metricfilter.LogEvent{Timestamp: ts, Message: fmt.Sprintf("%s %s %d", lvl, op, r.IntN(120))}})
		}
	}
	slices.SortStableFunc(out, func(x, y arrival) int { return x.at.Compare(y.at) })
	return out
}

// durRun is one pipeline: metricfilter.Filter → Aggregator → alarms, evaluated every minute.
type durRun struct {
	f      *metricfilter.Filter
	agg    *Aggregator
	alarms []*alarm.Alarm
	evals  [][]alarm.Evaluation // per minute, per alarm
}

func newDurRun(t testing.TB, opt Options) *durRun {
	return &durRun{f: durFilter(t), agg: mustAgg(t, opt), alarms: durAlarms(t)}
}

// restart snapshots the aggregator and the alarms and continues in fresh objects, as a
// process that is stopped and started again would.
func (r *durRun) restart(t testing.TB) {
	t.Helper()
	snap, err := r.agg.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	fresh := newDurRun(t, r.agg.Options())
	if err := fresh.agg.Restore(snap); err != nil {
		t.Fatal(err)
	}
	if again, _ := fresh.agg.Snapshot(); !bytes.Equal(again, snap) {
		t.Fatal("a restored Aggregator snapshots differently")
	}
	for i, a := range r.alarms {
		s, err := a.Snapshot()
		if err != nil {
			t.Fatal(err)
		}
		if err := fresh.alarms[i].Restore(s); err != nil {
			t.Fatal(err)
		}
	}
	r.agg, r.alarms = fresh.agg, fresh.alarms
}

// play feeds the stream minute by minute and evaluates at each minute's end; restartAt is
// the index of the arrival before which the process restarts (-1: never).
func (r *durRun) play(t testing.TB, stream []arrival, restartAt int) {
	next := 0
	for m := 1; m <= 190; m++ {
		now := t0.Add(time.Duration(m) * time.Minute)
		for next < len(stream) && stream[next].at.Before(now) {
			if next == restartAt {
				r.restart(t)
			}
			r.agg.AddAll(r.f.Apply(stream[next].ev))
			next++
		}
		var evs []alarm.Evaluation
		for _, a := range r.alarms {
			evs = append(evs, a.Evaluate(now, r.agg))
		}
		r.evals = append(r.evals, evs)
	}
}

// periodTable is every statistic of every series and minute in [start, end), with the
// percentiles pcts, for comparing Aggregators.
func periodTable(t testing.TB, a *Aggregator, start, end time.Time, pcts ...string) []string {
	t.Helper()
	ps, err := a.Periods(start, end, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range ps {
		key := metric.NewSeriesKey(p.Namespace, p.MetricName, p.Dimensions, p.Unit)
		row := fmt.Sprintf("%s %v %s %v n=%v sum=%v min=%v max=%v", key.ID(), p.Dimensions, p.Unit, p.Timestamp.Format(time.RFC3339),
			p.SampleCount, p.Sum, p.Minimum, p.Maximum)
		for _, pct := range pcts {
			v, _, ok := query(t, a, key, p.Timestamp, p.Timestamp.Add(time.Minute), pct)
			row += fmt.Sprintf(" %s=%v/%v", pct, v, ok)
		}
		out = append(out, row)
	}
	return out
}

// A restart at any point — between minutes or in the middle of one, so mid-period for both
// alarms — loses and duplicates no datapoint and changes no evaluation: every Evaluation
// (state, reason, Changed, timestamps), the alarm histories and every period statistic
// equal those of an uninterrupted run. Late and out-of-order events are part of the stream.
func TestAggregatorRestartMidPeriod(t *testing.T) {
	for _, opt := range []Options{{}, {RelativeError: 0.01}, {Retention: 2 * time.Hour}} {
		for seed := range uint64(4) {
			stream := durStream(seed)
			want := newDurRun(t, opt)
			want.play(t, stream, -1)
			wantTable := periodTable(t, want.agg, t0.Add(-5*time.Minute), t0.Add(190*time.Minute), "p50", "p99.9")
			transitions := 0
			for _, evs := range want.evals {
				for _, ev := range evs {
					if ev.Changed {
						transitions++
					}
				}
			}
			if transitions < 3 || len(wantTable) < 100 {
				t.Fatalf("seed %d: the stream is too tame: %d transitions, %d periods", seed, transitions, len(wantTable))
			}
			r := rand.New(rand.NewPCG(seed, 99))
			for range 6 {
				cut := r.IntN(len(stream))
				got := newDurRun(t, opt)
				got.play(t, stream, cut)
				if diff := cmp.Diff(want.evals, got.evals); diff != "" {
					t.Fatalf("%+v seed %d restart before arrival %d (%v): evaluations differ:\n%s", opt, seed, cut, stream[cut].at, diff)
				}
				if diff := cmp.Diff(wantTable, periodTable(t, got.agg, t0.Add(-5*time.Minute), t0.Add(190*time.Minute), "p50", "p99.9")); diff != "" {
					t.Fatalf("%+v seed %d restart before arrival %d: period statistics differ:\n%s", opt, seed, cut, diff)
				}
				for i := range want.alarms {
					if diff := cmp.Diff(want.alarms[i].History(), got.alarms[i].History()); diff != "" {
						t.Fatalf("seed %d restart %d: history of %s differs:\n%s", seed, cut, want.alarms[i].Name(), diff)
					}
				}
				ws, _ := want.agg.Snapshot()
				gs, _ := got.agg.Snapshot()
				if !bytes.Equal(ws, gs) {
					t.Fatalf("seed %d restart %d: final aggregator states differ", seed, cut)
				}
			}
		}
	}
}

// Late and out-of-order datapoints land in the period of their timestamp, whatever the
// arrival order; a point older than Retention (measured from the newest) is refused.
func TestAggregatorLateAndOutOfOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	var data []metricfilter.Datum
	want := map[int]struct {
		n        int
		sum, max float64
	}{}
	for i := range 600 {
		minute := r.IntN(30)
		v := float64(r.IntN(1000))
		data = append(data, metricfilter.Datum{Namespace: "N", MetricName: "M", Value: v,
			Timestamp: t0.Add(time.Duration(minute)*time.Minute + time.Duration(i%60)*time.Second)})
		w := want[minute]
		w.n++
		w.sum += v
		w.max = max(w.max, v)
		want[minute] = w
	}
	for _, order := range []string{"sorted", "reversed", "shuffled"} {
		d := slices.Clone(data)
		switch order {
		case "sorted":
			slices.SortFunc(d, func(x, y metricfilter.Datum) int { return x.Timestamp.Compare(y.Timestamp) })
		case "reversed":
			slices.SortFunc(d, func(x, y metricfilter.Datum) int { return y.Timestamp.Compare(x.Timestamp) })
		default:
			r.Shuffle(len(d), func(i, j int) { d[i], d[j] = d[j], d[i] })
		}
		a := mustAgg(t, Options{Retention: time.Hour})
		if n := a.AddAll(d); n != len(d) {
			t.Fatalf("%s: %d of %d recorded", order, n, len(d))
		}
		ps, _ := a.Periods(t0, t0.Add(30*time.Minute), time.Minute)
		if len(ps) != len(want) {
			t.Fatalf("%s: %d periods, want %d", order, len(ps), len(want))
		}
		for _, p := range ps {
			w := want[int(p.Timestamp.Sub(t0)/time.Minute)]
			if int(p.SampleCount) != w.n || p.Maximum != w.max || math.Abs(p.Sum-w.sum) > 1e-9 {
				t.Errorf("%s %v: n %v sum %v max %v, want %+v", order, p.Timestamp, p.SampleCount, p.Sum, p.Maximum, w)
			}
		}
		// 90 minutes after the newest sample, the first 30 minutes fall out of the 1h retention.
		a.Add(metricfilter.Datum{Namespace: "N", MetricName: "M", Value: 1, Timestamp: t0.Add(90 * time.Minute)})
		if a.Add(metricfilter.Datum{Namespace: "N", MetricName: "M", Value: 1, Timestamp: t0.Add(29 * time.Minute)}) {
			t.Errorf("%s: a point older than the retention was accepted", order)
		}
		if !a.Add(metricfilter.Datum{Namespace: "N", MetricName: "M", Value: 1, Timestamp: t0.Add(31 * time.Minute)}) {
			t.Errorf("%s: a late point inside the retention was refused", order)
		}
	}
}

// Odd values survive a snapshot unchanged: a dimension value that is not UTF-8, a Sum that
// overflowed to +Inf, negative samples (percentile missing), the cardinality guard and the
// refusal counters.
func TestAggregatorSnapshotOddValues(t *testing.T) {
	for _, opt := range []Options{{MaxDimensionSets: 2}, {MaxDimensionSets: 2, RelativeError: 0.05}} {
		a := mustAgg(t, opt)
		bad := "caf\xe9"
		a.Add(metricfilter.Datum{Namespace: "N", MetricName: "M", Value: 1e308, Dimensions: map[string]string{"Op": bad}, Timestamp: t0})
		a.Add(metricfilter.Datum{Namespace: "N", MetricName: "M", Value: 1e308, Dimensions: map[string]string{"Op": bad}, Timestamp: t0})
		a.Add(metricfilter.Datum{Namespace: "N", MetricName: "M", Value: -3, Dimensions: map[string]string{"Op": "neg"}, Timestamp: t0.Add(time.Minute)})
		a.Add(metricfilter.Datum{Namespace: "N", MetricName: "M", Value: 0, Dimensions: map[string]string{"Op": "neg"}, Timestamp: t0.Add(time.Minute)})
		a.Add(metricfilter.Datum{Namespace: "N", MetricName: "M", Value: math.NaN(), Timestamp: t0})
		if a.Add(metricfilter.Datum{Namespace: "N", MetricName: "M", Value: 1, Dimensions: map[string]string{"Op": "third"}, Timestamp: t0}) {
			t.Fatal("third dimension set accepted")
		}
		snap, err := a.Snapshot()
		if err != nil {
			t.Fatal(err)
		}
		if !json.Valid(snap) || !strings.Contains(string(snap), `"+Inf"`) || !strings.Contains(string(snap), `"base64"`) {
			t.Fatalf("snapshot: %s", snap)
		}
		b := mustAgg(t, opt)
		if err := b.Restore(snap); err != nil {
			t.Fatal(err)
		}
		badKey := metric.NewSeriesKey("N", "M", map[string]string{"Op": bad}, "")
		if v, n, ok := query(t, b, badKey, t0, t0.Add(time.Minute), "Sum"); !ok || !math.IsInf(v, 1) || n != 2 {
			t.Errorf("Sum of the non-UTF-8 series after restore: %v %v %v", v, n, ok)
		}
		negKey := metric.NewSeriesKey("N", "M", map[string]string{"Op": "neg"}, "")
		if _, _, ok := query(t, b, negKey, t0.Add(time.Minute), t0.Add(2*time.Minute), "p50"); ok {
			t.Error("percentile over a negative sample is not missing after restore (AG6)")
		}
		if v, _, ok := query(t, b, negKey, t0.Add(time.Minute), t0.Add(2*time.Minute), "Minimum"); !ok || v != -3 {
			t.Errorf("Minimum %v %v", v, ok)
		}
		if b.Refused(RefusedInvalid) != 1 || b.Refused(RefusedCardinality) != 1 {
			t.Errorf("refusal counters %d %d", b.Refused(RefusedInvalid), b.Refused(RefusedCardinality))
		}
		// The guard carried over: still two sets this hour, a third is refused, a known one is not.
		if b.Add(metricfilter.Datum{Namespace: "N", MetricName: "M", Value: 1, Dimensions: map[string]string{"Op": "third"}, Timestamp: t0.Add(2 * time.Minute)}) {
			t.Error("cardinality guard lost in the snapshot")
		}
		if !b.Add(metricfilter.Datum{Namespace: "N", MetricName: "M", Value: 1, Dimensions: map[string]string{"Op": "neg"}, Timestamp: t0.Add(2 * time.Minute)}) {
			t.Error("known dimension set refused after restore")
		}
		// Retention carried over: a point older than 24h before the newest is refused.
		if b.Add(metricfilter.Datum{Namespace: "N", MetricName: "M", Value: 1, Timestamp: t0.Add(-25 * time.Hour)}) {
			t.Error("retention position lost in the snapshot")
		}
	}
}

// Restore refuses snapshots it cannot honour and then leaves the Aggregator as it was.
func TestAggregatorRestoreRejects(t *testing.T) {
	src := mustAgg(t, Options{})
	src.Add(metricfilter.Datum{Namespace: "N", MetricName: "M", Value: 4, Timestamp: t0})
	src.Add(metricfilter.Datum{Namespace: "N", MetricName: "M", Value: 6, Timestamp: t0})
	good, _ := src.Snapshot()
	edit := func(old, new string) []byte {
		if !strings.Contains(string(good), old) {
			t.Fatalf("%q not in %s", old, good)
		}
		return []byte(strings.Replace(string(good), old, new, 1))
	}
	for name, data := range map[string][]byte{
		"not json":       []byte("{"),
		"version":        edit(`"version":1`, `"version":2`),
		"resolution":     edit(`"resolutionNanos":60000000000`, `"resolutionNanos":10000000000`),
		"relative error": edit(`"relativeError":0`, `"relativeError":0.01`),
		"count":          edit(`"count":2`, `"count":3`),
		"zero count":     edit(`"count":2`, `"count":0`),
		"min > max":      edit(`"min":4`, `"min":7`),
		"sample range":   edit(`"samples":[4,6]`, `"samples":[4,60]`),
		"unknown field":  edit(`"version":1`, `"version":1,"extra":1`),
		"future bucket":  edit(`"newestBucket":28576080,"sweptBucket":28576080`, `"newestBucket":28576079,"sweptBucket":28576079`),
		"histogram":      edit(`"samples":[4,6]`, `"samples":[4,6],"histogram":{"zeros":1}`),
	} {
		dst := mustAgg(t, Options{})
		dst.Add(metricfilter.Datum{Namespace: "X", MetricName: "Y", Value: 1, Timestamp: t0})
		before, _ := dst.Snapshot()
		if err := dst.Restore(data); err == nil {
			t.Errorf("%s: restored", name)
		}
		if after, _ := dst.Snapshot(); !bytes.Equal(before, after) {
			t.Errorf("%s: a failed Restore changed the Aggregator", name)
		}
	}
	if err := mustAgg(t, Options{}).Restore(good); err != nil {
		t.Errorf("good snapshot: %v", err)
	}
}

// FuzzAggregatorRestore: Restore never panics on damaged input, and whatever it accepts
// answers queries and snapshots again without panicking.
func FuzzAggregatorRestore(f *testing.F) {
	a, _ := New(Options{})
	a.Add(metricfilter.Datum{Namespace: "N", MetricName: "M", Value: 4, Dimensions: map[string]string{"Op": "x\xff"}, Timestamp: t0})
	a.Add(metricfilter.Datum{Namespace: "N", MetricName: "M", Value: -1, Timestamp: t0.Add(time.Minute)})
	snap, _ := a.Snapshot()
	f.Add(snap)
	h, _ := New(Options{RelativeError: 0.01})
	h.Add(metricfilter.Datum{Namespace: "N", MetricName: "M", Value: 4, Timestamp: t0})
	h.Add(metricfilter.Datum{Namespace: "N", MetricName: "M", Value: 0, Timestamp: t0})
	snap, _ = h.Snapshot()
	f.Add(snap)
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, opt := range []Options{{}, {RelativeError: 0.01}} {
			a, _ := New(opt)
			if a.Restore(data) != nil {
				continue
			}
			for _, k := range a.SeriesKeys() {
				for _, st := range []string{"Sum", "p50", "p100", "SampleCount"} {
					query(t, a, k, t0.Add(-time.Hour), t0.Add(time.Hour), st)
				}
			}
			a.Periods(t0.Add(-time.Hour), t0.Add(time.Hour), time.Minute)
			a.Add(metricfilter.Datum{Namespace: "N", MetricName: "M", Value: 2, Timestamp: t0})
			if _, err := a.Snapshot(); err != nil {
				t.Fatal(err)
			}
		}
	})
}
