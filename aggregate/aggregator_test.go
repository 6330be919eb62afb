package aggregate

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/cwfilter/cwfilter/alarm"
	"github.com/cwfilter/cwfilter/internal/israce"
	"github.com/cwfilter/cwfilter/metric"
	"github.com/cwfilter/cwfilter/metricfilter"
)

var t0 = time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)

func mustAgg(t testing.TB, opt Options) *Aggregator {
	t.Helper()
	a, err := New(opt)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func stat(t testing.TB, name string) metric.Statistic {
	t.Helper()
	s, ok := metric.ParseStatistic(name)
	if !ok {
		t.Fatalf("bad statistic %q", name)
	}
	return s
}

func query(t testing.TB, src alarm.Source, key metric.SeriesKey, start, end time.Time, st string) (float64, float64, bool) {
	t.Helper()
	return src.Statistic(metric.Query{Series: key, Start: start, End: end, Statistic: stat(t, st)})
}

// §7.3's example through the Aggregator: samples 2, 5, 2 -> Sum 9, SampleCount 3,
// Minimum 2, Maximum 5 (AG3).
func TestAggregatorSevenThree(t *testing.T) {
	def := 5.0
	f, _ := metricfilter.New(metricfilter.Config{FilterPattern: "WARN", MetricTransformations: []metricfilter.Transformation{
		{MetricName: "Warnings", MetricNamespace: "App", MetricValue: "2", DefaultValue: &def}}})
	a := mustAgg(t, Options{})
	for i, m := range []string{"WARN a", "INFO b", "WARN c"} {
		a.AddAll(f.Apply(metricfilter.LogEvent{Timestamp: t0.Add(time.Duration(10*i) * time.Second), Message: m}))
	}
	key := metric.NewSeriesKey("App", "Warnings", nil, "")
	for st, want := range map[string]float64{"Sum": 9, "SampleCount": 3, "Minimum": 2, "Maximum": 5, "Average": 3, "p50": 2, "p100": 5} {
		v, n, ok := query(t, a, key, t0, t0.Add(time.Minute), st)
		if !ok || v != want || n != 3 {
			t.Errorf("%s = %v (n %v, ok %v), want %v", st, v, n, ok, want)
		}
	}
	if _, _, ok := query(t, a, key, t0.Add(time.Minute), t0.Add(2*time.Minute), "Sum"); ok {
		t.Error("empty period is not missing (AG2)")
	}
}

// Sliding windows not aligned with any period: the Aggregator must agree with alarm's
// MemorySource (raw samples, scanned per query) on every statistic, for random queries.
func TestAggregatorMatchesMemorySource(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	a := mustAgg(t, Options{})
	mem := alarm.NewMemorySource()
	keys := []metric.SeriesKey{
		metric.NewSeriesKey("NS", "Latency", nil, "Milliseconds"),
		metric.NewSeriesKey("NS", "Latency", map[string]string{"Op": "GET"}, "Milliseconds"),
		metric.NewSeriesKey("NS", "Latency", map[string]string{"Op": "GET"}, "Seconds"),
	}
	for range 3000 {
		k := keys[rng.IntN(len(keys))]
		ts := t0.Add(time.Duration(rng.IntN(120)) * time.Minute)
		v := float64(rng.IntN(1000))
		if rng.IntN(50) == 0 {
			v = -v // AG6
		}
		dims := map[string]string(nil)
		for _, d := range k.Dimensions {
			dims = map[string]string{d.Name: d.Value}
		}
		a.Add(metricfilter.Datum{Namespace: k.Namespace, MetricName: k.MetricName, Dimensions: dims, Unit: k.Unit, Value: v, Timestamp: ts})
		mem.Add(k, ts, v)
	}
	stats := []string{"Sum", "SampleCount", "Average", "Minimum", "Maximum", "p0", "p10", "p50", "p99.9", "p100"}
	pooled := metric.NewSeriesKey("NS", "Latency", map[string]string{"Op": "GET"}, "")
	for i := range 500 {
		k := append(keys, pooled)[i%4]
		start := t0.Add(time.Duration(rng.IntN(7200)-300) * time.Second)
		end := start.Add(time.Duration(1+rng.IntN(1800)) * time.Second)
		for _, st := range stats {
			gv, gn, gok := query(t, a, k, start, end, st)
			wv, wn, wok := query(t, mem, k, start, end, st)
			if gv != wv || gok != wok || (gok && gn != wn) {
				t.Fatalf("%s %s [%v, %v): got %v/%v/%v, MemorySource %v/%v/%v", k.ID(), st, start, end, gv, gn, gok, wv, wn, wok)
			}
		}
	}
}

func TestAggregatorUnitsAndDimensionsAreSeparateSeries(t *testing.T) {
	a := mustAgg(t, Options{})
	add := func(dims map[string]string, unit string, v float64) {
		a.Add(metricfilter.Datum{Namespace: "N", MetricName: "M", Dimensions: dims, Unit: unit, Value: v, Timestamp: t0})
	}
	add(nil, "Count", 1)
	add(nil, "Bytes", 10)
	add(map[string]string{"A": "x"}, "Count", 100)
	add(map[string]string{"A": "x", "B": "y"}, "Count", 1000)
	cases := []struct {
		key  metric.SeriesKey
		want float64
	}{
		{metric.NewSeriesKey("N", "M", nil, "Count"), 1}, // AG1: units are separate
		{metric.NewSeriesKey("N", "M", nil, "Bytes"), 10},
		{metric.NewSeriesKey("N", "M", nil, ""), 11}, // D-38: pooled
		{metric.NewSeriesKey("N", "M", map[string]string{"A": "x"}, ""), 100},
		{metric.NewSeriesKey("N", "M", map[string]string{"B": "y", "A": "x"}, "Count"), 1000},
	}
	for _, c := range cases {
		if v, _, ok := query(t, a, c.key, t0, t0.Add(time.Minute), "Sum"); !ok || v != c.want {
			t.Errorf("%q/%s: Sum %v %v, want %v", c.key.ID(), c.key.Unit, v, ok, c.want)
		}
	}
	if n := len(a.SeriesKeys()); n != 4 {
		t.Errorf("%d series keys, want 4", n)
	}
}

func TestAggregatorNegativePercentileMissing(t *testing.T) {
	a := mustAgg(t, Options{})
	for _, v := range []float64{3, -1, 7} {
		a.Add(metricfilter.Datum{Namespace: "N", MetricName: "M", Value: v, Timestamp: t0})
	}
	key := metric.NewSeriesKey("N", "M", nil, "")
	if _, n, ok := query(t, a, key, t0, t0.Add(time.Minute), "p50"); ok || n != 3 {
		t.Errorf("p50 over a negative sample: ok %v n %v, want missing (AG6)", ok, n)
	}
	if v, _, ok := query(t, a, key, t0, t0.Add(time.Minute), "Minimum"); !ok || v != -1 {
		t.Errorf("Minimum %v %v", v, ok)
	}
}

func TestAggregatorRetention(t *testing.T) {
	var refused []Refusal
	a := mustAgg(t, Options{Retention: time.Hour, OnRefused: func(r Refusal) { refused = append(refused, r) }})
	key := metric.NewSeriesKey("N", "M", nil, "")
	a.Add(metricfilter.Datum{Namespace: "N", MetricName: "M", Value: 1, Timestamp: t0})
	a.Add(metricfilter.Datum{Namespace: "N", MetricName: "M", Value: 2, Timestamp: t0.Add(2 * time.Hour)})
	if _, _, ok := query(t, a, key, t0, t0.Add(time.Minute), "Sum"); ok {
		t.Error("bucket older than Retention still answers")
	}
	if a.Add(metricfilter.Datum{Namespace: "N", MetricName: "M", Value: 3, Timestamp: t0.Add(time.Hour)}) {
		t.Error("sample older than Retention accepted")
	}
	if a.Add(metricfilter.Datum{Namespace: "N", MetricName: "M", Value: math.NaN(), Timestamp: t0.Add(2 * time.Hour)}) {
		t.Error("NaN accepted")
	}
	if len(refused) != 2 || refused[0].Reason != RefusedExpired || refused[1].Reason != RefusedInvalid ||
		a.Refused(RefusedExpired) != 1 || a.Refused(RefusedInvalid) != 1 {
		t.Errorf("refusals %+v", refused)
	}
	if v, _, ok := query(t, a, key, t0.Add(time.Hour), t0.Add(3*time.Hour), "Sum"); !ok || v != 2 {
		t.Errorf("Sum %v %v", v, ok)
	}
}

// DM9: a metric may have MaxDimensionSets dimension sets per hour; further ones are refused
// and reported, never silently dropped. Dimensionless points are not counted.
func TestAggregatorCardinalityGuard(t *testing.T) {
	var mu sync.Mutex
	var refused []Refusal
	a := mustAgg(t, Options{MaxDimensionSets: 3, OnRefused: func(r Refusal) {
		mu.Lock()
		refused = append(refused, r)
		mu.Unlock()
	}})
	var data []metricfilter.Datum
	for hour := range 2 {
		for i := range 5 {
			for range 2 { // a repeated set counts once
				data = append(data, metricfilter.Datum{Namespace: "N", MetricName: "M", Value: 1,
					Dimensions: map[string]string{"Op": fmt.Sprint(i)},
					Timestamp:  t0.Add(time.Duration(hour)*time.Hour + time.Duration(i)*time.Minute)})
			}
		}
		data = append(data, metricfilter.Datum{Namespace: "N", MetricName: "M", Value: 1, Timestamp: t0.Add(time.Duration(hour) * time.Hour)})
	}
	// Another metric has its own budget.
	data = append(data, metricfilter.Datum{Namespace: "N", MetricName: "Other", Value: 1, Dimensions: map[string]string{"Op": "9"}, Timestamp: t0})
	if n := a.AddAll(data); n != len(data)-8 {
		t.Errorf("recorded %d of %d", n, len(data))
	}
	if a.Refused(RefusedCardinality) != 8 || len(refused) != 8 {
		t.Fatalf("refused %d (callback %d), want 8", a.Refused(RefusedCardinality), len(refused))
	}
	for _, r := range refused {
		if r.Reason != RefusedCardinality || r.Datum.Dimensions["Op"] < "3" {
			t.Errorf("unexpected refusal %+v", r)
		}
	}
}

func TestAggregatorHighResolution(t *testing.T) {
	a := mustAgg(t, Options{Resolution: 10 * time.Second})
	key := metric.NewSeriesKey("N", "M", nil, "")
	for i := range 12 { // one sample every 5 s: two per 10-s bucket
		a.Add(metricfilter.Datum{Namespace: "N", MetricName: "M", Value: float64(i), Timestamp: t0.Add(time.Duration(5*i) * time.Second)})
	}
	if v, n, ok := query(t, a, key, t0.Add(10*time.Second), t0.Add(20*time.Second), "Sum"); !ok || v != 2+3 || n != 2 {
		t.Errorf("10-s period Sum %v n %v", v, n)
	}
	ps, err := a.Periods(t0, t0.Add(time.Minute), 20*time.Second)
	if err != nil || len(ps) != 3 || ps[1].Sum != 4+5+6+7 || !ps[1].Timestamp.Equal(t0.Add(20*time.Second)) {
		t.Errorf("Periods: %+v %v", ps, err)
	}
	if _, err := New(Options{Resolution: 7 * time.Second}); err == nil {
		t.Error("7s resolution accepted")
	}
}

// AG7: periods are [start + k·P, start + (k+1)·P), stamped with their start; empty ones skipped.
func TestAggregatorPeriods(t *testing.T) {
	a := mustAgg(t, Options{})
	for i := range 10 {
		if i == 4 || i == 5 {
			continue
		}
		a.Add(metricfilter.Datum{Namespace: "N", MetricName: "M", Unit: "Count", Value: float64(i), Timestamp: t0.Add(time.Duration(i) * time.Minute)})
	}
	ps, err := a.Periods(t0.Add(time.Minute), t0.Add(10*time.Minute), 3*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	// [1,4): 1+2+3, [4,7): 6, [7,10): 7+8+9
	want := []PeriodStats{
		{Timestamp: t0.Add(time.Minute), SampleCount: 3, Sum: 6, Minimum: 1, Maximum: 3},
		{Timestamp: t0.Add(4 * time.Minute), SampleCount: 1, Sum: 6, Minimum: 6, Maximum: 6},
		{Timestamp: t0.Add(7 * time.Minute), SampleCount: 3, Sum: 24, Minimum: 7, Maximum: 9},
	}
	if len(ps) != len(want) {
		t.Fatalf("%+v", ps)
	}
	for i, w := range want {
		g := ps[i]
		if !g.Timestamp.Equal(w.Timestamp) || g.SampleCount != w.SampleCount || g.Sum != w.Sum || g.Minimum != w.Minimum ||
			g.Maximum != w.Maximum || g.Unit != "Count" || g.Period != 3*time.Minute {
			t.Errorf("period %d: %+v, want %+v", i, g, w)
		}
	}
}

// Property: one Aggregator over a random stream equals random shards merged, on every
// statistic exactly. Values are multiples of 1/8 below 2^20, so every float sum is exact
// whatever the order (sums of general floats agree only up to rounding).
func TestAggregatorMergeProperty(t *testing.T) {
	for seed := range uint64(20) {
		rng := rand.New(rand.NewPCG(seed, 7))
		whole := mustAgg(t, Options{})
		shards := []*Aggregator{mustAgg(t, Options{}), mustAgg(t, Options{}), mustAgg(t, Options{})}
		data := randomData(rng, 2000)
		for _, d := range data {
			whole.Add(d)
			shards[rng.IntN(len(shards))].Add(d)
		}
		merged := mustAgg(t, Options{})
		for _, s := range shards {
			if err := merged.Merge(s); err != nil {
				t.Fatal(err)
			}
		}
		compareAggregators(t, rng, whole, merged, 0, 30)
	}
}

// The bounded-memory mode: percentiles within RelativeError of the exact ones, the other
// statistics exact; merging histogram shards is exact with respect to the unsharded histogram.
func TestAggregatorHistogramMode(t *testing.T) {
	const alpha = 0.01
	for seed := range uint64(4) {
		rng := rand.New(rand.NewPCG(seed, 9))
		exact := mustAgg(t, Options{})
		hist := mustAgg(t, Options{RelativeError: alpha})
		shards := []*Aggregator{mustAgg(t, Options{RelativeError: alpha}), mustAgg(t, Options{RelativeError: alpha})}
		for _, d := range randomData(rng, 3000) {
			d.Value = math.Abs(d.Value) * math.Pow(10, float64(rng.IntN(12)-6)) // wide range
			if rng.IntN(20) == 0 {
				d.Value = 0
			}
			exact.Add(d)
			hist.Add(d)
			shards[rng.IntN(2)].Add(d)
		}
		merged := mustAgg(t, Options{RelativeError: alpha})
		for _, s := range shards {
			_ = merged.Merge(s)
		}
		compareAggregators(t, rng, exact, hist, alpha, 8)
		compareAggregators(t, rng, hist, merged, 1e-12, 4) // same buckets; only Sum's rounding may differ
	}
	if err := mustAgg(t, Options{}).Merge(mustAgg(t, Options{RelativeError: alpha})); err == nil {
		t.Error("merged exact and histogram aggregators")
	}
}

func randomData(rng *rand.Rand, n int) []metricfilter.Datum {
	units := []string{"Count", "Milliseconds"}
	ops := []string{"GET", "PUT", "DELETE"}
	out := make([]metricfilter.Datum, n)
	for i := range out {
		d := metricfilter.Datum{Namespace: "NS", MetricName: []string{"A", "B"}[rng.IntN(2)], Unit: units[rng.IntN(2)],
			Value:     float64(rng.IntN(1<<20)) / 8,
			Timestamp: t0.Add(time.Duration(rng.IntN(90)) * time.Minute)}
		if rng.IntN(3) > 0 {
			d.Dimensions = map[string]string{"Op": ops[rng.IntN(len(ops))]}
		}
		if rng.IntN(40) == 0 {
			d.Value = -d.Value
		}
		out[i] = d
	}
	return out
}

// compareAggregators checks random queries on every series: percentiles within relative
// error tol (0 = equal), everything else equal (within tol for Sum/Average when tol > 0).
func compareAggregators(t *testing.T, rng *rand.Rand, want, got *Aggregator, tol float64, queries int) {
	t.Helper()
	keys := want.SeriesKeys()
	if len(keys) != len(got.SeriesKeys()) {
		t.Fatalf("%d series, want %d", len(got.SeriesKeys()), len(keys))
	}
	for _, k := range keys {
		pooled := metric.NewSeriesKey(k.Namespace, k.MetricName, dimsOf(k), "")
		for range queries {
			start := t0.Add(time.Duration(rng.IntN(100)-5) * time.Minute)
			end := start.Add(time.Duration(1+rng.IntN(40)) * time.Minute)
			for _, st := range []string{"Sum", "SampleCount", "Average", "Minimum", "Maximum", "p0", "p25", "p50", "p90", "p99.5", "p100"} {
				for _, key := range []metric.SeriesKey{k, pooled} {
					wv, wn, wok := query(t, want, key, start, end, st)
					gv, gn, gok := query(t, got, key, start, end, st)
					if wok != gok || wn != gn {
						t.Fatalf("%s %s: ok/n %v/%v, want %v/%v", key.ID(), st, gok, gn, wok, wn)
					}
					exactStat := st == "SampleCount" || st == "Minimum" || st == "Maximum" || st == "p0" || st == "p100"
					if exactStat || tol == 0 {
						if gv != wv {
							t.Fatalf("%s %s [%v,%v): %v, want %v", key.ID(), st, start, end, gv, wv)
						}
					} else if math.Abs(gv-wv) > tol*math.Abs(wv)+1e-300 {
						t.Fatalf("%s %s: %v, want %v within %v", key.ID(), st, gv, wv, tol)
					}
				}
			}
		}
	}
}

func dimsOf(k metric.SeriesKey) map[string]string {
	if len(k.Dimensions) == 0 {
		return nil
	}
	m := map[string]string{}
	for _, d := range k.Dimensions {
		m[d.Name] = d.Value
	}
	return m
}

func TestAggregatorQueryAllocs(t *testing.T) {
	if israce.Enabled {
		t.Skip("allocation counts are not meaningful under -race")
	}
	// With dimensions, Add sorts them into a buffer and both write the series identity.
	for _, dims := range []map[string]string{nil, {"Svc": "api", "Op": "GET", "Az": "b"}} {
		for _, opt := range []Options{{}, {RelativeError: 0.01}} {
			a := mustAgg(t, opt)
			d := metricfilter.Datum{Namespace: "N", MetricName: "M", Dimensions: dims, Value: 5, Timestamp: t0}
			for i := range 100 {
				d.Value = float64(i)
				a.Add(d)
			}
			q := metric.Query{Series: metric.NewSeriesKey("N", "M", dims, ""), Start: t0, End: t0.Add(5 * time.Minute), Statistic: stat(t, "p90")}
			a.Statistic(q) // warm the scratch space
			if n := testing.AllocsPerRun(100, func() { a.Statistic(q) }); n != 0 {
				t.Errorf("RelativeError %v, %d dimensions: Statistic allocates %v", opt.RelativeError, len(dims), n)
			}
			if opt.RelativeError > 0 {
				if n := testing.AllocsPerRun(100, func() { a.Add(d) }); n != 0 {
					t.Errorf("%d dimensions: histogram Add of a known value allocates %v", len(dims), n)
				}
			}
		}
	}
}

// The Aggregator as an alarm's Source.
func TestAggregatorDrivesAlarm(t *testing.T) {
	f, _ := metricfilter.New(metricfilter.Config{FilterPattern: `{ $.errorCode = "AccessDenied*" }`, MetricTransformations: []metricfilter.Transformation{
		{MetricName: "Denied", MetricNamespace: "CIS", MetricValue: "1", Unit: "Count"}}})
	agg := mustAgg(t, Options{})
	al, err := alarm.New(alarm.Config{Name: "denied", Namespace: "CIS", MetricName: "Denied", Period: 5 * time.Minute,
		EvaluationPeriods: 1, Threshold: 3, ComparisonOperator: "GreaterThanOrEqualToThreshold", Statistic: "Sum",
		TreatMissingData: "notBreaching"})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 4 { // 4 denials within 4 minutes, straddling a 5-minute boundary
		agg.AddAll(f.Apply(metricfilter.LogEvent{Timestamp: t0.Add(time.Duration(3+i) * time.Minute), Message: `{"errorCode":"AccessDenied"}`}))
	}
	if ev := al.Evaluate(t0.Add(7*time.Minute), agg); ev.State != alarm.State("ALARM") {
		t.Errorf("state %v: %s", ev.State, ev.Reason)
	}
}
