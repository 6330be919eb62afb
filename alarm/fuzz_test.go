package alarm

import (
	"strconv"
	"testing"
	"time"

	"github.com/cwfilter/cwfilter/metric"

	"github.com/stretchr/testify/require"
)

// FuzzEvaluate holds the §9.4 implementation (decide, via EvaluateWindow) to the naive
// reference model refDecide, for arbitrary configurations, ranges and prior states.
//
// Input bytes: [n, m, extra range, missing, op, prior, lowsample, pct] then one byte per period:
// 0xFF = missing, otherwise value = byte−100 with sample count = byte.
func FuzzEvaluate(f *testing.F) {
	f.Add([]byte{3, 3, 2, 0, 1, 0, 0, 0, 100, 0xFF, 102, 0xFF, 102})
	f.Add([]byte{3, 2, 2, 1, 1, 1, 0, 0, 0xFF, 0xFF, 0xFF, 102, 0xFF})
	f.Add([]byte{3, 3, 2, 0, 1, 2, 0, 0, 0xFF, 0xFF, 102, 0xFF, 0xFF})
	f.Add([]byte{1, 1, 0, 2, 0, 0, 1, 99, 150})
	f.Add([]byte{5, 2, 7, 3, 3, 1, 1, 50, 1, 2, 0xFF, 200, 3, 0xFF, 0xFF})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 8 {
			return
		}
		n := int(data[0])%10 + 1
		m := int(data[1])%n + 1
		r := n + int(data[2])%8
		missing := []TreatMissingData{Missing, Ignore, Breaching, NotBreaching}[data[3]%4]
		op := []ComparisonOperator{GreaterThanOrEqualToThreshold, GreaterThanThreshold, LessThanThreshold, LessThanOrEqualToThreshold}[data[4]%4]
		prior := []State{OK, Alarming, InsufficientData}[data[5]%3]
		lowIgnore := data[6]%2 == 1
		pct := int(data[7]) % 101
		body := data[8:]
		if len(body) > 3*r {
			body = body[:3*r]
		}

		cfg := Config{
			Name: "fuzz", Namespace: "T", MetricName: "M", Period: time.Minute,
			EvaluationPeriods: n, DatapointsToAlarm: m, EvaluationRange: r,
			Threshold: 0, ComparisonOperator: op, TreatMissingData: missing,
			ExtendedStatistic: ExtendedStatistic("p" + strconv.Itoa(pct)),
		}
		if lowIgnore {
			cfg.EvaluateLowSampleCountPercentile = LowSampleIgnore
		}
		a, err := New(cfg)
		require.NoError(t, err)
		_, err = a.SetAlarmState(prior, "prior", time.Time{})
		require.NoError(t, err)

		t0 := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
		window := make([]Datapoint, len(body))
		points := make([]*float64, len(body))
		counts := make([]float64, len(body))
		for i, c := range body {
			window[i].Timestamp = t0.Add(time.Duration(i) * time.Minute)
			if c == 0xFF {
				window[i].Missing = true
				continue
			}
			v := float64(int(c) - 100)
			window[i].Value, window[i].SampleCount = v, float64(c)
			points[i], counts[i] = &v, float64(c)
		}

		stat, _ := metric.ParseStatistic(string(cfg.ExtendedStatistic))
		want := refDecide(points, counts, n, m, missing, op, 0, stat, lowIgnore)
		ev := a.EvaluateWindow(window)
		if want == "" {
			require.True(t, ev.Retained, "want RETAIN, got %+v", ev)
			want = prior
		}
		require.Equal(t, want, ev.State, "cfg n=%d m=%d r=%d %s %s window=%v", n, m, r, missing, op, body)
		require.Equal(t, want != prior, ev.Changed)
		require.Equal(t, prior, ev.Previous)
		require.NotEmpty(t, ev.Reason)
	})
}
