package alarm

import (
	"testing"
	"time"

	"github.com/cwfilter/cwfilter/metric"

	"github.com/stretchr/testify/require"
)

func benchAlarm(tb testing.TB, n, m int) *Alarm {
	a, err := New(Config{
		Name: "bench", Namespace: "Test", MetricName: "M", Period: time.Minute,
		EvaluationPeriods: n, DatapointsToAlarm: m, Threshold: 10,
		ComparisonOperator: GreaterThanThreshold, Statistic: "Maximum",
		AlarmActions: []string{"a"}, OKActions: []string{"o"}, Sink: ActionFunc(func(ActionEvent) {}),
	})
	require.NoError(tb, err)
	return a
}

func constWindow(r int, v float64) []Datapoint {
	t0 := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	w := make([]Datapoint, r)
	for i := range w {
		w[i] = Datapoint{Timestamp: t0.Add(time.Duration(i) * time.Minute), Value: v, SampleCount: 1}
	}
	return w
}

func TestEvaluateWindowSteadyStateNoAlloc(t *testing.T) {
	a := benchAlarm(t, 3, 2)
	w := constWindow(5, 20)
	require.True(t, a.EvaluateWindow(w).Changed)
	allocs := testing.AllocsPerRun(1000, func() {
		if ev := a.EvaluateWindow(w); ev.Changed || ev.State != Alarming {
			t.Fatal("unexpected transition")
		}
	})
	require.Zero(t, allocs)
}

// A transition allocates only its reason string.
func TestEvaluateWindowTransitionAllocs(t *testing.T) {
	a := benchAlarm(t, 3, 2)
	hi, lo := constWindow(5, 20), constWindow(5, 1)
	flip := false
	allocs := testing.AllocsPerRun(1000, func() {
		flip = !flip
		w := lo
		if flip {
			w = hi
		}
		if !a.EvaluateWindow(w).Changed {
			t.Fatal("expected a transition")
		}
	})
	require.LessOrEqual(t, allocs, 1.0)
}

func TestEvaluateOverSourceNoAlloc(t *testing.T) {
	a := benchAlarm(t, 3, 2)
	src := NewMemorySource()
	t0 := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	key := metric.NewSeriesKey("Test", "M", nil, "")
	for i := 0; i < 2000; i++ {
		src.Add(key, t0.Add(time.Duration(i)*time.Minute), 20)
	}
	now := t0.Add(10 * time.Minute)
	require.Equal(t, Alarming, a.Evaluate(now, src).State)
	allocs := testing.AllocsPerRun(500, func() {
		now = now.Add(time.Minute)
		if ev := a.Evaluate(now, src); ev.Changed {
			t.Fatal("unexpected transition")
		}
	})
	require.Zero(t, allocs)
}

// The wall-clock path (a named zone, whole-day periods stepping by calendar days) allocates
// nothing in the steady state either.
func TestEvaluateWallClockNoAlloc(t *testing.T) {
	for _, tc := range []struct {
		zone   string
		period time.Duration
	}{{"UTC+05:30", 5 * time.Minute}, {"Europe/Paris", 24 * time.Hour}} {
		a, err := New(Config{
			Name: "wall", Namespace: "Test", MetricName: "M", Period: tc.period, EvaluationPeriods: 1,
			Threshold: 10, ComparisonOperator: GreaterThanThreshold, Statistic: Sum,
			EvaluationWindow: EvaluationWindow{WallClock: true, Timezone: tc.zone},
		})
		require.NoError(t, err, tc.zone)
		src := NewMemorySource()
		t0 := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
		key := metric.NewSeriesKey("Test", "M", nil, "")
		for i := 0; i < 3*24*60; i += 7 {
			src.Add(key, t0.Add(time.Duration(i)*time.Minute), 20)
		}
		now := t0.Add(48 * time.Hour)
		require.Equal(t, Alarming, a.Evaluate(now, src).State, tc.zone)
		allocs := testing.AllocsPerRun(100, func() {
			now = now.Add(time.Minute)
			if ev := a.Evaluate(now, src); ev.Changed {
				t.Fatal("unexpected transition")
			}
		})
		require.Zero(t, allocs, tc.zone)
	}
}
