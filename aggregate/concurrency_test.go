package aggregate

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/cwfilter/cwfilter/metric"
	"github.com/cwfilter/cwfilter/metricfilter"
	"github.com/google/go-cmp/cmp"
)

func relEvents(n int) []metricfilter.LogEvent {
	r := rand.New(rand.NewPCG(5, 6))
	var out []metricfilter.LogEvent
	for i := range n {
		ts := t0.Add(time.Duration(r.IntN(30*60)) * time.Second)
		if r.IntN(2) == 0 {
			out = append(out, metricfilter.LogEvent{Timestamp: ts, Message: fmt.Sprintf(`{"kind":%q,"ms":%d,"op":"o%d"}`, []string{"req", "job"}[r.IntN(2)], r.IntN(500), r.IntN(4))})
		} else {
			out = append(out, metricfilter.LogEvent{Timestamp: ts, Message: fmt.Sprintf("%s op%d %d event%d", []string{"ERROR", "INFO"}[r.IntN(2)], r.IntN(3), r.IntN(100), i)})
		}
	}
	return out
}

// Concurrent Add, AddAll, Statistic, Periods, Snapshot and Merge (run with -race) end in
// exactly the state of a sequential run over the same data (values are integers, so sums
// do not depend on order), and a.Merge(b) racing b.Merge(a) does not deadlock.
func TestAggregatorConcurrentAddQueryMerge(t *testing.T) {
	for _, opt := range []Options{{}, {RelativeError: 0.02}} {
		f := mustFilter(t, "json", `{ $.kind = "req" || $.kind = "job" }`, "$.ms", map[string]string{"Op": "$.op"})
		var chunks [6][]metricfilter.Datum
		for i, ev := range relEvents(3000) {
			chunks[i%6] = append(chunks[i%6], f.Apply(ev)...)
		}
		seq := mustAgg(t, opt)
		for _, c := range chunks {
			seq.AddAll(c)
		}
		want := periodTable(t, seq, t0.Add(-time.Hour), t0.Add(2*time.Hour), "p90")

		a, side := mustAgg(t, opt), mustAgg(t, opt)
		side.AddAll(chunks[5]) // merged into a while the others add
		var wg sync.WaitGroup
		for c := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i, d := range chunks[c] {
					if i%2 == 0 {
						a.Add(d)
					} else {
						a.AddAll([]metricfilter.Datum{d})
					}
				}
			}()
		}
		wg.Add(3)
		go func() { // a fifth producer with its own Aggregator, merged at the end
			defer wg.Done()
			b := mustAgg(t, opt)
			b.AddAll(chunks[4])
			if err := a.Merge(b); err != nil {
				t.Error(err)
			}
		}()
		go func() {
			defer wg.Done()
			if err := a.Merge(side); err != nil {
				t.Error(err)
			}
		}()
		go func() { // readers
			defer wg.Done()
			key := metric.NewSeriesKey("NS", "json", map[string]string{"Op": "o1"}, "")
			for range 100 {
				query(t, a, key, t0, t0.Add(30*time.Minute), "p50")
				a.Periods(t0, t0.Add(30*time.Minute), 5*time.Minute)
				if snap, err := a.Snapshot(); err != nil {
					t.Error(err)
				} else if err := mustAgg(t, opt).Restore(snap); err != nil {
					t.Errorf("a snapshot taken under concurrent writes does not restore: %v", err)
				}
			}
		}()
		wg.Wait()
		if diff := cmp.Diff(want, periodTable(t, a, t0.Add(-time.Hour), t0.Add(2*time.Hour), "p90")); diff != "" {
			t.Fatalf("%+v: concurrent result differs from sequential:\n%s", opt, diff)
		}

		// Cross merges cannot deadlock.
		x, y := mustAgg(t, opt), mustAgg(t, opt)
		x.AddAll(chunks[0])
		y.AddAll(chunks[1])
		done := make(chan struct{})
		go func() {
			var w sync.WaitGroup
			w.Add(2)
			go func() { defer w.Done(); x.Merge(y) }()
			go func() { defer w.Done(); y.Merge(x) }()
			w.Wait()
			close(done)
		}()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatal("x.Merge(y) and y.Merge(x) deadlocked")
		}
	}
}

func mustFilter(t testing.TB, name, pattern, value string, dims map[string]string) *metricfilter.Filter {
	t.Helper()
	f, err := metricfilter.New(metricfilter.Config{FilterName: name, FilterPattern: pattern, MetricTransformations: []metricfilter.Transformation{
		{MetricName: name, MetricNamespace: "NS", MetricValue: value, Dimensions: dims, Unit: "Count"}}})
	if err != nil {
		t.Fatal(err)
	}
	return f
}
