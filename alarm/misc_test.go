package alarm

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/cwfilter/cwfilter/metric"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSnapshotRoundTrip(t *testing.T) {
	a := benchAlarm(t, 3, 2)
	w := constWindow(5, 20)
	a.EvaluateWindow(w)
	snap, err := a.Snapshot()
	require.NoError(t, err)

	b := benchAlarm(t, 3, 2)
	require.NoError(t, b.Restore(snap))
	if diff := cmp.Diff(a.Status(), b.Status()); diff != "" {
		t.Fatalf("restored status differs (-orig +restored):\n%s", diff)
	}
	assert.Equal(t, a.History(), b.History())
	assert.False(t, b.EvaluateWindow(w).Changed, "no spurious transition after restore")

	other := mustAlarm(t, "other")
	require.ErrorContains(t, other.Restore(snap), "cannot restore")
	require.Error(t, b.Restore([]byte(`{"version":1,"name":"bench","state":"WEIRD"}`)))
	require.Error(t, b.Restore([]byte(`not json`)))
}

// startDate is the oldest cited datapoint (10:02), not the start of the range (10:00).
func TestReasonDataJSON(t *testing.T) {
	a := benchAlarm(t, 3, 2)
	a.EvaluateWindow(constWindow(5, 20))
	st := a.Status()
	require.Len(t, st.ReasonData.EvaluatedDatapoints, 3)
	raw, err := json.Marshal(st.ReasonData)
	require.NoError(t, err)
	assert.JSONEq(t, `{"version":"1.0","queryDate":"2026-11-23T10:05:00.000+0000","startDate":"2026-11-23T10:02:00.000+0000",
		"statistic":"Maximum","period":60,"recentDatapoints":[20.0,20.0,20.0],"threshold":10.0,
		"evaluatedDatapoints":[{"timestamp":"2026-11-23T10:04:00.000+0000","sampleCount":1.0,"value":20.0},
		{"timestamp":"2026-11-23T10:03:00.000+0000","sampleCount":1.0,"value":20.0},
		{"timestamp":"2026-11-23T10:02:00.000+0000","sampleCount":1.0,"value":20.0}]}`, string(raw))
}

func TestMemorySourceUnits(t *testing.T) {
	src := NewMemorySource()
	t0 := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	dims := map[string]string{"Host": "a"}
	src.Add(metric.NewSeriesKey("N", "M", dims, "Count"), t0, 1)
	src.Add(metric.NewSeriesKey("N", "M", dims, "Bytes"), t0, 10)
	src.Add(metric.NewSeriesKey("N", "M", nil, "Count"), t0, 100)
	sum, _ := metric.ParseStatistic("Sum")
	q := func(unit string, d map[string]string) (float64, float64, bool) {
		return src.Statistic(metric.Query{Series: metric.NewSeriesKey("N", "M", d, unit), Start: t0, End: t0.Add(time.Minute), Statistic: sum})
	}
	v, n, ok := q("Count", dims)
	assert.Equal(t, []any{1.0, 1.0, true}, []any{v, n, ok})
	v, n, _ = q("", dims) // no unit pools all units (D-38)
	assert.Equal(t, []any{11.0, 2.0}, []any{v, n})
	v, _, _ = q("", nil) // dimensionless is its own series
	assert.Equal(t, 100.0, v)
	_, _, ok = q("Seconds", dims)
	assert.False(t, ok)
}

func TestWallClockBoundary(t *testing.T) {
	paris := time.FixedZone("+01:00", 3600)
	at := time.Date(2026, 11, 25, 10, 37, 0, 0, time.UTC) // a Wednesday
	cases := []struct {
		period time.Duration
		want   time.Time
	}{
		{5 * time.Minute, time.Date(2026, 11, 25, 10, 35, 0, 0, time.UTC)},
		{time.Hour, time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)},
		{6 * time.Hour, time.Date(2026, 11, 25, 5, 0, 0, 0, time.UTC)},       // local 06:00
		{24 * time.Hour, time.Date(2026, 11, 24, 23, 0, 0, 0, time.UTC)},     // local midnight
		{7 * 24 * time.Hour, time.Date(2026, 11, 22, 23, 0, 0, 0, time.UTC)}, // local Monday 00:00
	}
	for _, c := range cases {
		assert.Equal(t, c.want, wallClockBoundary(at, c.period, paris), c.period.String())
	}
}

// Keys written as struct literals keep their series apart in a MemorySource, and a key from
// NewSeriesKey finds what a literal key added (a hidden id once merged every literal key).
func TestMemorySourceLiteralKeys(t *testing.T) {
	src := NewMemorySource()
	at := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	src.Add(metric.SeriesKey{Namespace: "A", MetricName: "M"}, at, 1)
	src.Add(metric.SeriesKey{Namespace: "A", MetricName: "N"}, at, 10)
	src.Add(metric.SeriesKey{Namespace: "A", MetricName: "M", Dimensions: []metric.Dimension{{Name: "d", Value: "x"}}}, at, 100)
	sum, _ := metric.ParseStatistic("Sum")
	for _, c := range []struct {
		key  metric.SeriesKey
		want float64
	}{
		{metric.NewSeriesKey("A", "M", nil, ""), 1},
		{metric.SeriesKey{Namespace: "A", MetricName: "N"}, 10},
		{metric.NewSeriesKey("A", "M", map[string]string{"d": "x"}, ""), 100},
	} {
		v, _, ok := src.Statistic(metric.Query{Series: c.key, Start: at, End: at.Add(time.Minute), Statistic: sum})
		if !ok || v != c.want {
			t.Errorf("%+v: got %v (ok %v), want %v", c.key, v, ok, c.want)
		}
	}
}
