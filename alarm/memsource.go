package alarm

import (
	"sync"
	"time"

	"github.com/cwfilter/cwfilter/metric"
)

// MemorySource is an in-memory Source of raw samples, for tests and for callers that already
// have their numbers. It keeps every sample and scans them per query; it is not an aggregator.
// It is safe for concurrent use.
type MemorySource struct {
	mu      sync.Mutex
	series  map[string][]sample // by SeriesKey.AppendID
	key     []byte
	scratch []float64
}

type sample struct {
	t    time.Time
	v    float64
	unit string
}

// NewMemorySource returns an empty source.
func NewMemorySource() *MemorySource {
	return &MemorySource{series: map[string][]sample{}}
}

// Add records one sample of the series (its Unit is the sample's unit).
func (s *MemorySource) Add(series metric.SeriesKey, t time.Time, v float64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.key = series.AppendID(s.key[:0])
	s.series[string(s.key)] = append(s.series[string(s.key)], sample{t, v, series.Unit})
}

// Statistic implements Source: a query with an empty Unit pools samples of all units.
func (s *MemorySource) Statistic(q metric.Query) (float64, float64, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	buf := s.scratch[:0]
	s.key = q.Series.AppendID(s.key[:0])
	for _, x := range s.series[string(s.key)] {
		if !x.t.Before(q.Start) && x.t.Before(q.End) && (q.Series.Unit == "" || x.unit == q.Series.Unit) {
			buf = append(buf, x.v)
		}
	}
	s.scratch = buf
	v, ok := q.Statistic.Compute(buf)
	return v, float64(len(buf)), ok
}
