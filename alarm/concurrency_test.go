package alarm_test

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/cwfilter/cwfilter/aggregate"
	"github.com/cwfilter/cwfilter/alarm"
	"github.com/cwfilter/cwfilter/metric"
	"github.com/cwfilter/cwfilter/metricfilter"
)

// Every exported method of Alarm, Composite, Registry, Driver, MemorySource and
// aggregate.Aggregator runs in a goroutine of its own, all at once, so that no incidental lock
// orders two methods' accesses: `go test -race` (CI runs it) then reports any unguarded one.
// Kept small so the default run stays well under a second.
func TestConcurrentUse(t *testing.T) {
	t0 := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	var sinkMu sync.Mutex
	delivered := 0
	sink := alarm.ActionFunc(func(alarm.ActionEvent) { sinkMu.Lock(); delivered++; sinkMu.Unlock() })
	config := alarm.Config{
		Name: "a", Namespace: "NS", MetricName: "Calls", Period: time.Minute, EvaluationPeriods: 2,
		Threshold: 5, ComparisonOperator: alarm.GreaterThanOrEqualToThreshold, Statistic: alarm.Sum,
		AlarmActions: []string{"a"}, OKActions: []string{"o"}, Sink: sink,
	}
	clock := alarm.WithClock(func() time.Time { return t0 })
	reg := alarm.NewRegistry(clock)
	a, err := alarm.New(config, clock)
	if err != nil {
		t.Fatal(err)
	}
	if err := reg.Add(a); err != nil {
		t.Fatal(err)
	}
	b := config
	b.Name = "b"
	ab, _ := alarm.New(b)
	composite := alarm.CompositeConfig{Name: "any", AlarmRule: "ALARM(a) OR ALARM(b)", Sink: sink}
	if err := reg.Add(ab); err != nil {
		t.Fatal(err)
	}
	if _, err := reg.PutComposite(composite); err != nil {
		t.Fatal(err)
	}
	c := reg.Composite("any")
	agg, err := aggregate.New(aggregate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	mem := alarm.NewMemorySource()
	key := metric.NewSeriesKey("NS", "Calls", nil, "")
	sum, _ := metric.ParseStatistic("Sum")
	datum := func(i int) metricfilter.Datum {
		return metricfilter.Datum{Namespace: "NS", MetricName: "Calls", Value: float64(i % 9), Unit: "Count", Timestamp: t0.Add(time.Duration(i) * time.Minute)}
	}
	at := func(i int) time.Time { return t0.Add(time.Duration(i) * time.Minute) }
	query := func(i int) metric.Query {
		return metric.Query{Series: key, Start: at(i - 1), End: at(i), Statistic: sum}
	}
	driver := &alarm.Driver{Registry: reg, Source: agg, OnTransition: func(alarm.Transition) {}}
	check := func(err error) {
		if err != nil {
			t.Error(err)
		}
	}
	snapA, _ := a.Snapshot()
	snapAgg, _ := agg.Snapshot()

	ops := map[string]func(i int){
		// Sources.
		"Aggregator.Add":        func(i int) { agg.Add(datum(i)) },
		"Aggregator.AddAll":     func(i int) { agg.AddAll([]metricfilter.Datum{datum(i), datum(i + 1)}) },
		"Aggregator.Statistic":  func(i int) { agg.Statistic(query(i)) },
		"Aggregator.Options":    func(int) { agg.Options() },
		"Aggregator.Refused":    func(int) { agg.Refused(aggregate.RefusedExpired) },
		"Aggregator.SeriesKeys": func(int) { agg.SeriesKeys() },
		"Aggregator.Periods":    func(i int) { _, err := agg.Periods(t0, at(i), 5*time.Minute); check(err) },
		"Aggregator.Merge": func(i int) {
			other, _ := aggregate.New(aggregate.Options{}) // fresh: merging agg's own copy back would double it
			other.Add(datum(i))
			check(agg.Merge(other))
		},
		"Aggregator.Snapshot": func(int) { _, err := agg.Snapshot(); check(err) },
		"Aggregator.Restore": func(int) {
			other, _ := aggregate.New(aggregate.Options{})
			check(other.Restore(snapAgg))
		},
		"MemorySource.Add":       func(i int) { mem.Add(key, at(i), float64(i)) },
		"MemorySource.Statistic": func(i int) { mem.Statistic(query(i)) },

		// The metric alarm.
		"Alarm.Name":   func(int) { _ = a.Name() },
		"Alarm.Config": func(int) { a.Config() },
		"Alarm.Update": func(i int) {
			cfg := config
			cfg.Threshold = float64(4 + i%3)
			check(a.Update(cfg))
		},
		"Alarm.Evaluate": func(i int) { a.Evaluate(at(i), mem) },
		"Alarm.EvaluateWindow": func(i int) {
			a.EvaluateWindow([]alarm.Datapoint{{Timestamp: at(i), Value: float64(i)}, {Timestamp: at(i + 1), Missing: true}})
		},
		"Alarm.SetAlarmState": func(i int) { _, err := a.SetAlarmState(alarm.OK, "manual", at(i)); check(err) },
		"Alarm.State":         func(int) { a.State() },
		"Alarm.Status":        func(int) { a.Status() },
		"Alarm.History":       func(int) { a.History() },
		"Alarm.Snapshot":      func(int) { _, err := a.Snapshot(); check(err) },
		"Alarm.Restore":       func(int) { check(a.Restore(snapA)) },

		// Registry, composite and driver.
		"Registry.Evaluate": func(i int) { reg.Evaluate(at(i), agg) },
		"Registry.SetAlarmState": func(i int) {
			_, err := reg.SetAlarmState("b", alarm.Alarming, "manual", at(i))
			check(err)
		},
		"Registry.State":        func(int) { reg.State("any") },
		"Registry.Alarm":        func(int) { reg.Alarm("a") },
		"Registry.Composite":    func(int) { reg.Composite("any") },
		"Registry.PutComposite": func(int) { _, err := reg.PutComposite(composite); check(err) },
		"Registry.Add": func(i int) {
			if i >= 10 { // each adds an alarm that every later evaluation reads
				return
			}
			cfg := config
			cfg.Name = fmt.Sprint("extra", i)
			x, err := alarm.New(cfg)
			check(err)
			check(reg.Add(x))
		},
		"Composite.Name":   func(int) { c.Name() },
		"Composite.Rule":   func(int) { _ = c.Rule().String(); c.Rule().Children() },
		"Composite.State":  func(int) { c.State() },
		"Composite.Reason": func(int) { c.Reason() },
		"Driver.Step":      func(i int) { driver.Step(at(i).Add(30 * time.Second)) },
		"Driver.Replay":    func(i int) { driver.Replay(at(i), at(i+2), 0) },
	}
	const rounds = 50
	start := make(chan struct{}) // every goroutine starts at once, so their calls overlap
	var wg sync.WaitGroup
	for _, op := range ops {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			for i := range rounds {
				op(i)
				runtime.Gosched() // interleave the goroutines call by call, not slice by slice
			}
		}()
	}
	wg.Add(1)
	go func() { // Driver.Run
		defer wg.Done()
		ticks := make(chan time.Time, rounds)
		for i := range rounds {
			ticks <- at(i)
		}
		close(ticks)
		<-start
		check(driver.Run(context.Background(), ticks))
	}()
	close(start)
	wg.Wait()
	sinkMu.Lock()
	defer sinkMu.Unlock()
	if delivered == 0 {
		t.Error("no action was delivered")
	}
}
