package metric

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStatisticCompute(t *testing.T) {
	samples := func() []float64 { return []float64{5, 1, 4, 2, 3} }
	cases := []struct {
		stat string
		want float64
	}{
		{"SampleCount", 5}, {"Sum", 15}, {"Average", 3}, {"Minimum", 1}, {"Maximum", 5},
		{"p0", 1}, {"p20", 1}, {"p21", 2}, {"p50", 3}, {"p99", 5}, {"p100", 5}, {"p60.0000000001", 4},
	}
	for _, c := range cases {
		s, ok := ParseStatistic(c.stat)
		require.True(t, ok, c.stat)
		got, ok := s.Compute(samples())
		require.True(t, ok, c.stat)
		assert.Equal(t, c.want, got, c.stat)
	}
	p50, _ := ParseStatistic("p50")
	_, ok := p50.Compute([]float64{1, -1})
	assert.False(t, ok, "a negative sample makes a percentile missing (AG6)")
	_, ok = p50.Compute(nil)
	assert.False(t, ok)
}

func TestLowSampleMinimum(t *testing.T) {
	// §9.5: p99 → 1000, p90 → 100, p50 → 20, p10 → 100, p99.9 → 10000; p0/p100 never low.
	cases := []struct {
		stat string
		min  float64
	}{{"p99", 1000}, {"p90", 100}, {"p50", 20}, {"p10", 100}, {"p99.9", 10000}, {"p25", 40}}
	for _, c := range cases {
		s, _ := ParseStatistic(c.stat)
		assert.True(t, s.LowSample(c.min-1), "%s with %v samples", c.stat, c.min-1)
		assert.False(t, s.LowSample(c.min), "%s with %v samples", c.stat, c.min)
	}
	for _, name := range []string{"p0", "p100", "Average"} {
		s, _ := ParseStatistic(name)
		assert.False(t, s.LowSample(1), name)
	}
}

// StatKind prints its name; values outside the enum print as StatKind(n).
func TestStatKindString(t *testing.T) {
	for k, want := range map[StatKind]string{SampleCount: "SampleCount", Maximum: "Maximum", Percentile: "Percentile", 0: "StatKind(0)", 42: "StatKind(42)"} {
		assert.Equal(t, want, k.String())
	}
}
