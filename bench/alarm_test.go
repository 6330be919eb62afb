package bench

import (
	"testing"
	"time"
	"unsafe"

	"github.com/cwfilter/cwfilter/alarm"
)

// EvaluateWindow: one alarm (3 of 5 datapoints above 10, 7-period evaluation range) evaluated
// over a fixed window. impl=steady keeps the alarm in ALARM (no transition: the path that must
// allocate nothing); impl=transition alternates between a high and a low window, so every
// call changes state and renders a reason. One op is one evaluation; the bytes are the
// window's datapoints.

func benchAlarm(tb testing.TB) *alarm.Alarm {
	a, err := alarm.New(alarm.Config{
		Name: "bench", Namespace: "Test", MetricName: "M", Period: time.Minute,
		EvaluationPeriods: 5, DatapointsToAlarm: 3, Threshold: 10,
		ComparisonOperator: alarm.GreaterThanThreshold, Statistic: "Maximum",
		AlarmActions: []string{"a"}, OKActions: []string{"o"}, Sink: alarm.ActionFunc(func(alarm.ActionEvent) {}),
	})
	if err != nil {
		tb.Fatal(err)
	}
	return a
}

func constWindow(v float64) []alarm.Datapoint {
	t0 := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	w := make([]alarm.Datapoint, 7)
	for i := range w {
		w[i] = alarm.Datapoint{Timestamp: t0.Add(time.Duration(i) * time.Minute), Value: v, SampleCount: 1}
	}
	return w
}

func BenchmarkEvaluateWindow(b *testing.B) {
	hi, lo := constWindow(20), constWindow(1)
	size := int64(len(hi)) * int64(unsafe.Sizeof(alarm.Datapoint{}))
	b.Run("impl=steady", func(b *testing.B) {
		a := benchAlarm(b)
		if !a.EvaluateWindow(hi).Changed {
			b.Fatal("no transition to ALARM")
		}
		b.SetBytes(size)
		b.ReportAllocs()
		for b.Loop() {
			if a.EvaluateWindow(hi).Changed {
				b.Fatal("unexpected transition")
			}
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "evals/s")
	})
	b.Run("impl=transition", func(b *testing.B) {
		a := benchAlarm(b)
		b.SetBytes(size)
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			i++
			w := lo
			if i%2 == 0 {
				w = hi
			}
			if !a.EvaluateWindow(w).Changed {
				b.Fatal("expected a transition")
			}
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "evals/s")
	})
}
