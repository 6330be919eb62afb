package aggregate

import (
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cwfilter/cwfilter/metric"
	"github.com/cwfilter/cwfilter/metricfilter"
)

// Options configures an Aggregator. The zero value is valid.
type Options struct {
	// Resolution is the bucket width: samples are kept per bucket and their timestamps
	// truncated to it. Default one minute, which loses nothing for the data a
	// metricfilter.Filter publishes (their timestamps are whole minutes). Use 10s or 1s for
	// high-resolution data. It must divide a minute.
	Resolution time.Duration
	// Retention is how long buckets are kept, measured back from the newest sample seen.
	// Older buckets are dropped and samples older than that are refused. Default 24h.
	Retention time.Duration
	// MaxDimensionSets is the number of distinct dimension sets one metric (namespace and
	// name) may have per clock hour; samples with a further set are refused (DM9: AWS
	// may disable a filter beyond 1,000). Default 1000; negative means unlimited.
	MaxDimensionSets int
	// RelativeError selects the percentile store. 0 (default) keeps every sample and
	// percentiles are exact (nearest rank, AG5). A value in (0, 0.5) keeps a log-bucketed
	// histogram per bucket instead: memory grows with the log of the value range, not the
	// sample count, and a percentile is within that relative error of the exact one.
	// SampleCount, Sum, Average, Minimum and Maximum are exact in both modes.
	RelativeError float64
	// OnRefused, if set, is called for every refused sample, without the lock held.
	OnRefused func(Refusal)
}

// RefuseReason says why an Aggregator refused a sample.
type RefuseReason uint8

const (
	RefusedCardinality RefuseReason = iota // a new dimension set beyond MaxDimensionSets this hour
	RefusedExpired                         // older than Retention
	RefusedInvalid                         // NaN or infinite value
	numRefuseReasons
)

func (r RefuseReason) String() string {
	if names := [...]string{"cardinality", "expired", "invalid"}; int(r) < len(names) {
		return names[r]
	}
	return "RefuseReason(" + strconv.Itoa(int(r)) + ")"
}

// Refusal is a sample the Aggregator did not record.
type Refusal struct {
	Datum  metricfilter.Datum
	Reason RefuseReason
}

// Aggregator turns data points into per-bucket statistic sets per series (§8) and
// answers alarm queries over any [Start, End): it implements alarm.Source.
//
// Series are keyed by namespace, metric name, the exact dimension set and unit (AG1); a
// query with an empty Unit pools all units (D-38). Samples are kept in buckets of
// Resolution, and a query combines the buckets whose start lies in [Start, End). Alarms
// query sliding windows that need not align with their period, so buckets are finer than
// any period; the combination is exact as long as sample timestamps are multiples of
// Resolution, which the data a metricfilter.Filter publishes are for the default one-minute
// resolution.
//
// Locking: every method takes one mutex, so an Aggregator is safe for concurrent use.
// Add holds it for a map lookup and an append; producers with very high rates can
// instead give each goroutine its own Aggregator and Merge them, which is exact.
type Aggregator struct {
	mu       sync.Mutex
	opt      Options
	res      int64 // Resolution in nanoseconds
	keep     int64 // Retention in buckets
	mapping  logMapping
	series   map[string]*series
	guard    map[string]*hourSets // namespace\0metric -> dimension sets seen per hour
	newest   int64                // newest bucket index seen
	swept    int64                // newest at the last expiry sweep
	refused  [numRefuseReasons]uint64
	keyBuf   []byte
	dims     []metric.Dimension
	scratch  []float64
	keys     []int32
	hscratch histogram
}

type series struct {
	namespace, metric string
	dims              []metric.Dimension // sorted by name
	units             []*unitSeries
}

type unitSeries struct {
	unit    string
	buckets map[int64]*bucket
}

// bucket is the statistic set of one series over one Resolution-wide interval.
type bucket struct {
	count         uint64
	sum, min, max float64
	negative      bool      // a negative sample makes percentiles missing (AG6)
	samples       []float64 // exact mode
	hist          *histogram
}

type hourSets struct {
	hours map[int64]map[string]struct{}
}

// New returns an empty Aggregator, or an error if opt is out of range.
func New(opt Options) (*Aggregator, error) {
	if opt.Resolution == 0 {
		opt.Resolution = time.Minute
	}
	if opt.Resolution < time.Millisecond || time.Minute%opt.Resolution != 0 {
		return nil, errors.New("aggregate: Resolution must divide a minute")
	}
	if opt.Retention == 0 {
		opt.Retention = 24 * time.Hour
	}
	if opt.Retention < opt.Resolution {
		return nil, errors.New("aggregate: Retention must be at least Resolution")
	}
	if opt.MaxDimensionSets == 0 {
		opt.MaxDimensionSets = 1000
	}
	if opt.RelativeError < 0 || opt.RelativeError >= 0.5 || math.IsNaN(opt.RelativeError) {
		return nil, errors.New("aggregate: RelativeError must be in [0, 0.5)")
	}
	a := &Aggregator{
		opt: opt, res: int64(opt.Resolution), keep: int64(opt.Retention / opt.Resolution),
		series: map[string]*series{}, guard: map[string]*hourSets{},
		newest: math.MinInt64, swept: math.MinInt64,
	}
	if opt.RelativeError > 0 {
		a.mapping = newLogMapping(opt.RelativeError)
	}
	return a, nil
}

// Options returns the options in effect, defaults filled in.
func (a *Aggregator) Options() Options { return a.opt }

// Add records one data point. It reports false if the point was refused (see Refused).
func (a *Aggregator) Add(d metricfilter.Datum) bool {
	a.mu.Lock()
	reason, ok := a.add(&d)
	a.mu.Unlock()
	if !ok && a.opt.OnRefused != nil {
		a.opt.OnRefused(Refusal{Datum: d, Reason: reason})
	}
	return ok
}

// AddAll records data points under one lock and returns how many were recorded.
func (a *Aggregator) AddAll(data []metricfilter.Datum) int {
	var refused []Refusal
	n := 0
	a.mu.Lock()
	for i := range data {
		if reason, ok := a.add(&data[i]); ok {
			n++
		} else if a.opt.OnRefused != nil {
			refused = append(refused, Refusal{Datum: data[i], Reason: reason})
		}
	}
	a.mu.Unlock()
	for _, r := range refused {
		a.opt.OnRefused(r)
	}
	return n
}

// Refused returns how many samples were refused for reason r.
func (a *Aggregator) Refused(r RefuseReason) uint64 {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.refused[r]
}

func (a *Aggregator) add(d *metricfilter.Datum) (RefuseReason, bool) {
	if !finite(d.Value) {
		a.refused[RefusedInvalid]++
		return RefusedInvalid, false
	}
	idx := floorDiv(d.Timestamp.UnixNano(), a.res)
	if a.newest != math.MinInt64 && idx <= a.newest-a.keep {
		a.refused[RefusedExpired]++
		return RefusedExpired, false
	}
	a.buildKey(d)
	if len(d.Dimensions) > 0 && !a.admit(d, idx) {
		a.refused[RefusedCardinality]++
		return RefusedCardinality, false
	}
	s := a.series[string(a.keyBuf)]
	if s == nil {
		s = &series{namespace: d.Namespace, metric: d.MetricName, dims: slices.Clone(a.dims)}
		a.series[string(a.keyBuf)] = s
	}
	u := s.unit(d.Unit)
	b := u.buckets[idx]
	if b == nil {
		b = &bucket{min: math.Inf(1), max: math.Inf(-1)}
		if a.opt.RelativeError > 0 {
			b.hist = &histogram{}
		}
		u.buckets[idx] = b
	}
	a.record(b, d.Value)
	if idx > a.newest {
		if a.swept == math.MinInt64 {
			a.swept = idx
		}
		a.newest = idx
		if a.newest-a.swept >= int64(time.Minute)/a.res {
			a.expire()
		}
	}
	return 0, true
}

func (a *Aggregator) record(b *bucket, v float64) {
	b.count++
	b.sum += v
	b.min = min(b.min, v)
	b.max = max(b.max, v)
	if v < 0 {
		b.negative = true
		return // percentiles are missing anyway: no need to keep the value
	}
	if b.hist != nil {
		b.hist.add(a.mapping, v)
	} else {
		b.samples = append(b.samples, v)
	}
}

func (s *series) unit(unit string) *unitSeries {
	for _, u := range s.units {
		if u.unit == unit {
			return u
		}
	}
	u := &unitSeries{unit: unit, buckets: map[int64]*bucket{}}
	s.units = append(s.units, u)
	return u
}

// buildKey writes the identity of d's series (without unit) to a.keyBuf, as
// metric.SeriesKey.AppendID writes it, and d's dimensions sorted by name to a.dims, without
// allocating once warm.
func (a *Aggregator) buildKey(d *metricfilter.Datum) {
	a.dims = a.dims[:0]
	for n, v := range d.Dimensions {
		a.dims = append(a.dims, metric.Dimension{Name: n, Value: v})
	}
	slices.SortFunc(a.dims, func(x, y metric.Dimension) int { return strings.Compare(x.Name, y.Name) })
	k := metric.SeriesKey{Namespace: d.Namespace, MetricName: d.MetricName, Dimensions: a.dims}
	a.keyBuf = k.AppendID(a.keyBuf[:0])
}

// admit applies the dimension-set guard (DM9) to the key in a.keyBuf.
func (a *Aggregator) admit(d *metricfilter.Datum, idx int64) bool {
	if a.opt.MaxDimensionSets < 0 {
		return true
	}
	metricKey := len(d.Namespace) + 1 + len(d.MetricName)
	g := a.guard[string(a.keyBuf[:metricKey])]
	if g == nil {
		g = &hourSets{hours: map[int64]map[string]struct{}{}}
		a.guard[string(a.keyBuf[:metricKey])] = g
	}
	hour := floorDiv(idx*a.res, int64(time.Hour))
	set := g.hours[hour]
	if set == nil {
		set = map[string]struct{}{}
		g.hours[hour] = set
	}
	if _, seen := set[string(a.keyBuf)]; seen {
		return true
	}
	if len(set) >= a.opt.MaxDimensionSets {
		return false
	}
	set[string(a.keyBuf)] = struct{}{}
	return true
}

// expire drops buckets and guard hours older than Retention.
func (a *Aggregator) expire() {
	a.swept = a.newest
	oldest := a.newest - a.keep // buckets with idx <= oldest are gone
	for key, s := range a.series {
		live := s.units[:0]
		for _, u := range s.units {
			for idx := range u.buckets {
				if idx <= oldest {
					delete(u.buckets, idx)
				}
			}
			if len(u.buckets) > 0 {
				live = append(live, u)
			}
		}
		s.units = live
		if len(live) == 0 {
			delete(a.series, key)
		}
	}
	oldestHour := floorDiv(oldest*a.res, int64(time.Hour))
	for key, g := range a.guard {
		for h := range g.hours {
			if h < oldestHour {
				delete(g.hours, h)
			}
		}
		if len(g.hours) == 0 {
			delete(a.guard, key)
		}
	}
}

// Statistic implements alarm.Source: the statistic over the samples of q.Series whose
// bucket starts in [q.Start, q.End). It does not allocate once its scratch space is warm.
func (a *Aggregator) Statistic(q metric.Query) (value, sampleCount float64, ok bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.keyBuf = q.Series.AppendID(a.keyBuf[:0])
	s := a.series[string(a.keyBuf)]
	if s == nil {
		return 0, 0, false
	}
	first := ceilDiv(q.Start.UnixNano(), a.res)
	first = max(first, a.newest-a.keep+1) // expired buckets may await the next sweep
	last := ceilDiv(q.End.UnixNano(), a.res) - 1
	var acc bucket
	acc.min, acc.max = math.Inf(1), math.Inf(-1)
	pct := q.Statistic.Kind == metric.Percentile
	a.scratch = a.scratch[:0]
	a.hscratch.reset()
	for _, u := range s.units {
		if q.Series.Unit != "" && u.unit != q.Series.Unit {
			continue
		}
		each(u.buckets, first, last, func(b *bucket) {
			acc.count += b.count
			acc.sum += b.sum
			acc.min = min(acc.min, b.min)
			acc.max = max(acc.max, b.max)
			acc.negative = acc.negative || b.negative
			if pct && !acc.negative {
				if b.hist != nil {
					a.hscratch.merge(b.hist)
				} else {
					a.scratch = append(a.scratch, b.samples...)
				}
			}
		})
	}
	n := float64(acc.count)
	if acc.count == 0 {
		return 0, 0, false
	}
	if !pct {
		v, ok := q.Statistic.FromSummary(n, acc.sum, acc.min, acc.max)
		return v, n, ok
	}
	if acc.negative {
		return 0, n, false // AG6
	}
	if a.opt.RelativeError == 0 {
		v, ok := q.Statistic.Compute(a.scratch)
		return v, n, ok
	}
	var v float64
	v, a.keys = a.hscratch.rankValue(a.mapping, q.Statistic.Rank(acc.count), acc.count, acc.min, acc.max, a.keys)
	return v, n, true
}

// each calls fn for the buckets with index in [first, last], visiting whichever is
// smaller: the index range or the map.
func each(buckets map[int64]*bucket, first, last int64, fn func(*bucket)) {
	if last < first {
		return
	}
	if uint64(last-first) < uint64(len(buckets)) {
		for i := first; i <= last; i++ {
			if b := buckets[i]; b != nil {
				fn(b)
			}
		}
		return
	}
	for i, b := range buckets {
		if i >= first && i <= last {
			fn(b)
		}
	}
}

// Merge adds every sample of o to a, exactly as if they had been added to a (the
// dimension-set guard is not re-applied: o has applied it). Both must have the same
// Resolution and percentile mode. o is read under its own lock, then a is updated under
// a's, so concurrent a.Merge(b) and b.Merge(a) cannot deadlock.
func (a *Aggregator) Merge(o *Aggregator) error {
	if a == o {
		return errors.New("aggregate: cannot merge an Aggregator into itself")
	}
	if a.res != o.res || a.opt.RelativeError != o.opt.RelativeError {
		return errors.New("aggregate: Merge needs equal Resolution and RelativeError")
	}
	snap, refused := o.snapshot()
	a.mu.Lock()
	defer a.mu.Unlock()
	for i := range refused {
		a.refused[i] += refused[i]
	}
	for key, s := range snap {
		dst := a.series[key]
		if dst == nil {
			dst = &series{namespace: s.namespace, metric: s.metric, dims: s.dims}
			a.series[key] = dst
		}
		for _, u := range s.units {
			du := dst.unit(u.unit)
			for idx, b := range u.buckets {
				if a.newest != math.MinInt64 && idx <= a.newest-a.keep {
					continue
				}
				if db := du.buckets[idx]; db == nil {
					du.buckets[idx] = b
				} else {
					db.merge(b)
				}
				a.newest = max(a.newest, idx)
			}
		}
	}
	a.expire()
	return nil
}

// snapshot deep-copies the series under o's lock.
func (o *Aggregator) snapshot() (map[string]*series, [numRefuseReasons]uint64) {
	o.mu.Lock()
	defer o.mu.Unlock()
	out := make(map[string]*series, len(o.series))
	for key, s := range o.series {
		c := &series{namespace: s.namespace, metric: s.metric, dims: s.dims}
		for _, u := range s.units {
			cu := &unitSeries{unit: u.unit, buckets: make(map[int64]*bucket, len(u.buckets))}
			for idx, b := range u.buckets {
				cb := *b
				cb.samples = slices.Clone(b.samples)
				if b.hist != nil {
					cb.hist = b.hist.clone()
				}
				cu.buckets[idx] = &cb
			}
			c.units = append(c.units, cu)
		}
		out[key] = c
	}
	return out, o.refused
}

func (b *bucket) merge(o *bucket) {
	b.count += o.count
	b.sum += o.sum
	b.min = min(b.min, o.min)
	b.max = max(b.max, o.max)
	b.negative = b.negative || o.negative
	if b.hist != nil {
		b.hist.merge(o.hist)
	} else {
		b.samples = append(b.samples, o.samples...)
	}
}

// SeriesKeys returns the keys of every series held, one per unit, sorted.
func (a *Aggregator) SeriesKeys() []metric.SeriesKey {
	a.mu.Lock()
	defer a.mu.Unlock()
	var out []metric.SeriesKey
	for _, s := range a.series {
		for _, u := range s.units {
			k := s.key(u.unit)
			k.Dimensions = slices.Clone(k.Dimensions) // the caller's to keep
			out = append(out, k)
		}
	}
	slices.SortFunc(out, metric.SeriesKey.Compare)
	return out
}

// key is the series' key with the given unit; its Dimensions are the series' own (sorted).
func (s *series) key(unit string) metric.SeriesKey {
	return metric.SeriesKey{Namespace: s.namespace, MetricName: s.metric, Dimensions: s.dims, Unit: unit}
}

func (s *series) dimMap() map[string]string {
	if len(s.dims) == 0 {
		return nil
	}
	m := make(map[string]string, len(s.dims))
	for _, d := range s.dims {
		m[d.Name] = d.Value
	}
	return m
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}

func ceilDiv(a, b int64) int64 { return -floorDiv(-a, b) }

func finite(x float64) bool { return !math.IsInf(x, 0) && !math.IsNaN(x) }
