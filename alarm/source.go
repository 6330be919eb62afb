package alarm

import (
	"slices"
	"strings"
	"time"
)

// Dimension is one name/value pair of a series identity.
type Dimension struct {
	Name, Value string
}

// SeriesKey identifies the series an alarm reads (SPEC §8 AG1). Build it with NewSeriesKey
// once; sources can use ID() as a map key, so no per-query work or allocation is needed.
type SeriesKey struct {
	Namespace  string
	MetricName string
	Dimensions []Dimension // sorted by Name; nil when dimensionless
	Unit       string      // "" = every unit of the metric, pooled (D-38)
	id         string
}

// NewSeriesKey builds the key of a series.
func NewSeriesKey(namespace, metricName string, dims map[string]string, unit string) SeriesKey {
	k := SeriesKey{Namespace: namespace, MetricName: metricName, Unit: unit}
	for name, v := range dims {
		k.Dimensions = append(k.Dimensions, Dimension{name, v})
	}
	slices.SortFunc(k.Dimensions, func(a, b Dimension) int { return strings.Compare(a.Name, b.Name) })
	var b strings.Builder
	b.WriteString(namespace)
	b.WriteByte(0)
	b.WriteString(metricName)
	for _, d := range k.Dimensions {
		b.WriteByte(0)
		b.WriteString(d.Name)
		b.WriteByte(1)
		b.WriteString(d.Value)
	}
	k.id = b.String()
	return k
}

// ID is a canonical text of Namespace, MetricName and Dimensions (not Unit): equal for
// equal series identities, so it can key a map of series.
func (k SeriesKey) ID() string { return k.id }

// Query asks a Source for one period of one series.
type Query struct {
	Series     SeriesKey
	Start, End time.Time // the period is [Start, End)
	Statistic  Statistic // what to compute over the samples in the period
}

// Source yields period statistics. metricfilter's aggregator implements it; MemorySource is a
// simple version over raw samples.
//
// Statistic returns the statistic over the series' samples with Start ≤ t < End and the number
// of those samples; ok is false when the period has no datapoint (no samples, or a percentile
// over a period holding a negative sample, AG6). Percentiles (Query.Statistic.Kind ==
// Percentile) must be computed over the raw samples of exactly [Start, End): use
// Statistic.Compute or an equivalent; other kinds can come from a statistic set via
// Statistic.FromSummary. Evaluate calls Statistic once per period of the evaluation range and
// it should not allocate.
type Source interface {
	Statistic(q Query) (value, sampleCount float64, ok bool)
}

// SourceFunc adapts a function to Source.
type SourceFunc func(q Query) (value, sampleCount float64, ok bool)

// Statistic calls f(q).
func (f SourceFunc) Statistic(q Query) (float64, float64, bool) { return f(q) }
