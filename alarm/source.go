package alarm

import "github.com/cwfilter/cwfilter/metric"

// Source yields period statistics. The aggregate package's Aggregator implements it;
// MemorySource is a simple version over raw samples.
//
// Statistic returns the statistic over the series' samples with Start ≤ t < End and the number
// of those samples; ok is false when the period has no datapoint (no samples, or a percentile
// over a period holding a negative sample, AG6). Percentiles (q.Statistic.Kind ==
// metric.Percentile) must be computed over the raw samples of exactly [Start, End): use
// q.Statistic.Compute or an equivalent; other kinds can come from a statistic set via
// q.Statistic.FromSummary. Evaluate calls Statistic once per period of the evaluation range
// and it should not allocate.
type Source interface {
	Statistic(q metric.Query) (value, sampleCount float64, ok bool)
}

// SourceFunc adapts a function to Source.
type SourceFunc func(q metric.Query) (value, sampleCount float64, ok bool)

// Statistic calls f(q).
func (f SourceFunc) Statistic(q metric.Query) (float64, float64, bool) { return f(q) }
