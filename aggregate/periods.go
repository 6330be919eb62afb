package aggregate

import (
	"errors"
	"math"
	"slices"
	"strings"
	"time"
)

// PeriodStats is the statistic set of one series over one period.
type PeriodStats struct {
	Namespace, MetricName string
	Dimensions            map[string]string // nil when dimensionless
	Unit                  string
	Timestamp             time.Time // start of the period
	Period                time.Duration
	SampleCount           float64
	Sum, Minimum, Maximum float64
}

// Average is Sum / SampleCount.
func (p PeriodStats) Average() float64 { return p.Sum / p.SampleCount }

// Periods returns the statistic sets of every series for the periods
// [start + k·period, start + (k+1)·period) that end by end (AG7), skipping empty ones (AG2).
// They are sorted by series (namespace, metric, dimensions), unit, then time. period must be
// a multiple of the Resolution.
func (a *Aggregator) Periods(start, end time.Time, period time.Duration) ([]PeriodStats, error) {
	if period <= 0 || int64(period)%a.res != 0 {
		return nil, errors.New("aggregate: period must be a positive multiple of the Resolution")
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	keys := make([]string, 0, len(a.series))
	for k := range a.series {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var out []PeriodStats
	n := int(end.Sub(start) / period)
	for _, k := range keys {
		s := a.series[k]
		units := slices.Clone(s.units)
		slices.SortFunc(units, func(x, y *unitSeries) int { return strings.Compare(x.unit, y.unit) })
		for _, u := range units {
			for i := 0; i < n; i++ {
				ps := start.Add(time.Duration(i) * period)
				first := ceilDiv(ps.UnixNano(), a.res)
				last := ceilDiv(ps.Add(period).UnixNano(), a.res) - 1
				acc := bucket{min: math.Inf(1), max: math.Inf(-1)}
				each(u.buckets, first, last, func(b *bucket) {
					acc.count += b.count
					acc.sum += b.sum
					acc.min = min(acc.min, b.min)
					acc.max = max(acc.max, b.max)
				})
				if acc.count == 0 {
					continue
				}
				out = append(out, PeriodStats{
					Namespace: s.namespace, MetricName: s.metric, Dimensions: s.dimMap(), Unit: u.unit,
					Timestamp: ps, Period: period, SampleCount: float64(acc.count),
					Sum: acc.sum, Minimum: acc.min, Maximum: acc.max,
				})
			}
		}
	}
	return out, nil
}
