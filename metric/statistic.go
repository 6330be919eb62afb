package metric

import (
	"math"
	"math/bits"
	"slices"
	"strconv"
	"strings"
)

// StatKind is the kind of a statistic.
type StatKind uint8

// Statistic kinds (AG3, AG4).
const (
	SampleCount StatKind = iota + 1
	Sum
	Average
	Minimum
	Maximum
	Percentile
)

var statKindNames = [...]string{SampleCount: "SampleCount", Sum: "Sum", Average: "Average", Minimum: "Minimum", Maximum: "Maximum", Percentile: "Percentile"}

// String returns the kind's name; values outside the enum print as StatKind(n).
func (k StatKind) String() string {
	if k != 0 && int(k) < len(statKindNames) {
		return statKindNames[k]
	}
	return "StatKind(" + strconv.Itoa(int(k)) + ")"
}

// pctScale is the fixed-point scale of percentiles: NN has at most 10 decimals (AG4).
const pctScale = 1e10

// Statistic is a parsed Statistic or ExtendedStatistic ("Sum", "p99", "p99.9").
type Statistic struct {
	Name string   // as configured, e.g. "Average" or "p99.9"
	Kind StatKind //
	// pct is NN·10¹⁰ for Percentile: integer arithmetic keeps p99.9 exact.
	pct int64
}

// ParseStatistic parses a simple statistic name or a pNN extended statistic.
func ParseStatistic(s string) (Statistic, bool) {
	switch s {
	case "SampleCount":
		return Statistic{Name: s, Kind: SampleCount}, true
	case "Sum":
		return Statistic{Name: s, Kind: Sum}, true
	case "Average":
		return Statistic{Name: s, Kind: Average}, true
	case "Minimum":
		return Statistic{Name: s, Kind: Minimum}, true
	case "Maximum":
		return Statistic{Name: s, Kind: Maximum}, true
	}
	pct, ok := parsePercentile(s)
	if !ok {
		return Statistic{}, false
	}
	return Statistic{Name: s, Kind: Percentile, pct: pct}, true
}

// parsePercentile accepts pNN / pNN.NN… with 0 ≤ NN ≤ 100 and at most 10 decimals (AG4).
func parsePercentile(s string) (int64, bool) {
	if len(s) < 2 || s[0] != 'p' {
		return 0, false
	}
	intPart, frac, hasDot := strings.Cut(s[1:], ".")
	if intPart == "" || len(intPart) > 3 || (hasDot && (frac == "" || len(frac) > 10)) {
		return 0, false
	}
	for _, c := range intPart + frac {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	n, _ := strconv.ParseInt(intPart, 10, 64)
	f := int64(0)
	if frac != "" {
		f, _ = strconv.ParseInt(frac+strings.Repeat("0", 10-len(frac)), 10, 64)
	}
	v := n*pctScale + f
	if v > 100*pctScale {
		return 0, false
	}
	return v, true
}

// PercentileValue returns NN for a percentile statistic (99.9 for p99.9).
func (s Statistic) PercentileValue() float64 { return float64(s.pct) / pctScale }

// FromSummary computes a non-percentile statistic from a statistic set. It reports false for
// percentiles, which need the raw samples, and for an empty set.
func (s Statistic) FromSummary(sampleCount, sum, min, max float64) (float64, bool) {
	if sampleCount <= 0 {
		return 0, false
	}
	switch s.Kind {
	case SampleCount:
		return sampleCount, true
	case Sum:
		return sum, true
	case Average:
		return sum / sampleCount, true
	case Minimum:
		return min, true
	case Maximum:
		return max, true
	}
	return 0, false
}

// Compute evaluates the statistic over raw samples, sorting them in place for percentiles.
// It reports false for no samples and for a percentile over any negative sample (AG6).
// Percentiles use the nearest-rank method (AG5, D-35).
func (s Statistic) Compute(samples []float64) (float64, bool) {
	if len(samples) == 0 {
		return 0, false
	}
	if s.Kind != Percentile {
		sum, lo, hi := 0.0, math.Inf(1), math.Inf(-1)
		for _, v := range samples {
			sum += v
			lo = math.Min(lo, v)
			hi = math.Max(hi, v)
		}
		return s.FromSummary(float64(len(samples)), sum, lo, hi)
	}
	for _, v := range samples {
		if v < 0 {
			return 0, false
		}
	}
	slices.Sort(samples)
	return samples[s.Rank(uint64(len(samples)))-1], true
}

// Rank is the 1-based nearest rank ⌈q·n⌉ of a percentile over n samples (1 when q = 0),
// computed exactly in integers (AG5): the value of rank Rank(n) among the n sorted samples
// is the percentile.
func (s Statistic) Rank(n uint64) uint64 {
	if s.pct == 0 {
		return 1
	}
	const total = 100 * pctScale
	hi, lo := bits.Mul64(uint64(s.pct), n)
	q, r := bits.Div64(hi, lo, total)
	if r != 0 {
		q++
	}
	return q
}

// LowSample reports whether sampleCount is below the minimum for a reliable percentile
// (§9.5): 10/(1−q) for 0.5 ≤ q < 1, 10/q for 0 < q < 0.5, never for q ∈ {0, 1} and never
// for other statistics. A count of 0 means "unknown" and is not low.
func (s Statistic) LowSample(sampleCount float64) bool {
	if s.Kind != Percentile || sampleCount <= 0 || s.pct == 0 || s.pct == 100*pctScale {
		return false
	}
	// With q = pct/(100·scale): count < 10/(1−q) ⇔ count·(100·scale − pct) < 1000·scale,
	// and count < 10/q ⇔ count·pct < 1000·scale. Both products are exact below 2⁵³.
	d := float64(s.pct)
	if s.pct >= 50*pctScale {
		d = float64(100*pctScale - s.pct)
	}
	return sampleCount*d < 1000*pctScale
}
