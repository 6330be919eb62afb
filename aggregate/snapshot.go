package aggregate

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cwfilter/cwfilter/metric"
)

// aggregatorSnapshotVersion is bumped whenever the snapshot layout changes incompatibly.
const aggregatorSnapshotVersion = 1

// aggSnapshot is the durable state of an Aggregator: every bucket of every series with its
// samples (exact mode) or histogram, the retention position, the dimension-set guard and
// the refusal counters. Lists are sorted so that equal states give equal bytes.
type aggSnapshot struct {
	Version       int     `json:"version"`
	Resolution    int64   `json:"resolutionNanos"`
	RelativeError float64 `json:"relativeError"`
	// Newest and Swept are bucket indexes (Unix time / Resolution); absent before any sample.
	Newest  *int64            `json:"newestBucket,omitempty"`
	Swept   *int64            `json:"sweptBucket,omitempty"`
	Refused map[string]uint64 `json:"refused,omitempty"`
	Series  []snapSeries      `json:"series"`
	Guard   []snapGuard       `json:"dimensionSets,omitempty"`
}

type snapSeries struct {
	Namespace  snapString `json:"namespace"`
	MetricName snapString `json:"metricName"`
	Dimensions []snapDim  `json:"dimensions,omitempty"` // sorted by name
	Units      []snapUnit `json:"units"`
}

type snapDim struct {
	Name  snapString `json:"name"`
	Value snapString `json:"value"`
}

type snapUnit struct {
	Unit    snapString   `json:"unit"`
	Buckets []snapBucket `json:"buckets"` // by index
}

type snapBucket struct {
	Index    int64     `json:"index"`
	Count    uint64    `json:"count"`
	Sum      snapFloat `json:"sum"`
	Min      float64   `json:"min"`
	Max      float64   `json:"max"`
	Negative bool      `json:"negative,omitempty"`
	Samples  []float64 `json:"samples,omitempty"` // exact mode, in arrival order
	Hist     *snapHist `json:"histogram,omitempty"`
}

type snapHist struct {
	Zeros  uint64     `json:"zeros,omitempty"`
	Counts [][2]int64 `json:"counts,omitempty"` // [bin, count] by bin
}

// snapGuard is the dimension-set guard of one metric: the series keys seen per hour.
type snapGuard struct {
	Metric snapString `json:"metric"` // namespace NUL metric name
	Hours  []snapHour `json:"hours"`
}

type snapHour struct {
	Hour int64        `json:"hour"` // Unix time / 1h
	Sets []snapString `json:"sets"` // sorted series keys
}

// snapString is a string that survives JSON unchanged even when it is not valid UTF-8
// (dimension values come from log events): such strings are written as {"base64": "…"}.
type snapString string

func (s snapString) MarshalJSON() ([]byte, error) {
	if utf8.ValidString(string(s)) {
		return json.Marshal(string(s))
	}
	return json.Marshal(map[string]string{"base64": base64.StdEncoding.EncodeToString([]byte(s))})
}

func (s *snapString) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '{' {
		var o struct {
			Base64 string `json:"base64"`
		}
		if err := json.Unmarshal(b, &o); err != nil {
			return err
		}
		raw, err := base64.StdEncoding.DecodeString(o.Base64)
		*s = snapString(raw)
		return err
	}
	return json.Unmarshal(b, (*string)(s))
}

// snapFloat is a float64 that may be non-finite (a sum can overflow to ±Inf, or be NaN
// after +Inf + -Inf): those are written as the strings "+Inf", "-Inf" and "NaN".
type snapFloat float64

func (f snapFloat) MarshalJSON() ([]byte, error) {
	switch v := float64(f); {
	case math.IsNaN(v):
		return []byte(`"NaN"`), nil
	case math.IsInf(v, 1):
		return []byte(`"+Inf"`), nil
	case math.IsInf(v, -1):
		return []byte(`"-Inf"`), nil
	default:
		return strconv.AppendFloat(nil, v, 'g', -1, 64), nil
	}
}

func (f *snapFloat) UnmarshalJSON(b []byte) error {
	switch string(b) {
	case `"NaN"`:
		*f = snapFloat(math.NaN())
	case `"+Inf"`:
		*f = snapFloat(math.Inf(1))
	case `"-Inf"`:
		*f = snapFloat(math.Inf(-1))
	default:
		return json.Unmarshal(b, (*float64)(f))
	}
	return nil
}

// Snapshot returns the Aggregator's complete state as JSON: every bucket of every series
// (raw samples, or histograms when RelativeError > 0), the retention position, the
// dimension-set guard of the current hours and the refusal counters. Restore it into an
// Aggregator with the same Resolution and RelativeError to resume after a restart without
// losing or duplicating a sample. Snapshot holds the lock while it copies; its size is
// proportional to the samples held.
func (a *Aggregator) Snapshot() ([]byte, error) {
	a.mu.Lock()
	s := aggSnapshot{
		Version: aggregatorSnapshotVersion, Resolution: a.res, RelativeError: a.opt.RelativeError,
		Refused: map[string]uint64{},
	}
	if a.newest != math.MinInt64 {
		newest, swept := a.newest, a.swept
		s.Newest, s.Swept = &newest, &swept
	}
	for r := range numRefuseReasons {
		if a.refused[r] > 0 {
			s.Refused[r.String()] = a.refused[r]
		}
	}
	for _, key := range slices.Sorted(maps.Keys(a.series)) {
		sr := a.series[key]
		ss := snapSeries{Namespace: snapString(sr.namespace), MetricName: snapString(sr.metric)}
		for _, d := range sr.dims {
			ss.Dimensions = append(ss.Dimensions, snapDim{snapString(d.Name), snapString(d.Value)})
		}
		units := slices.Clone(sr.units)
		slices.SortFunc(units, func(x, y *unitSeries) int { return strings.Compare(x.unit, y.unit) })
		for _, u := range units {
			su := snapUnit{Unit: snapString(u.unit)}
			for _, idx := range slices.Sorted(maps.Keys(u.buckets)) {
				b := u.buckets[idx]
				sb := snapBucket{Index: idx, Count: b.count, Sum: snapFloat(b.sum), Min: b.min, Max: b.max,
					Negative: b.negative, Samples: slices.Clone(b.samples)}
				if b.hist != nil {
					sb.Hist = &snapHist{Zeros: b.hist.zeros}
					for _, bin := range slices.Sorted(maps.Keys(b.hist.counts)) {
						sb.Hist.Counts = append(sb.Hist.Counts, [2]int64{int64(bin), int64(b.hist.counts[bin])})
					}
				}
				su.Buckets = append(su.Buckets, sb)
			}
			ss.Units = append(ss.Units, su)
		}
		s.Series = append(s.Series, ss)
	}
	for _, metric := range slices.Sorted(maps.Keys(a.guard)) {
		g := snapGuard{Metric: snapString(metric)}
		for _, h := range slices.Sorted(maps.Keys(a.guard[metric].hours)) {
			sh := snapHour{Hour: h}
			for _, set := range slices.Sorted(maps.Keys(a.guard[metric].hours[h])) {
				sh.Sets = append(sh.Sets, snapString(set))
			}
			g.Hours = append(g.Hours, sh)
		}
		s.Guard = append(s.Guard, g)
	}
	a.mu.Unlock()
	return json.Marshal(s)
}

// Restore replaces the Aggregator's whole state with a Snapshot. The snapshot must come
// from an Aggregator with the same Resolution and RelativeError; the receiver's Retention,
// MaxDimensionSets and OnRefused apply from then on (buckets beyond a shorter Retention are
// dropped). On error the Aggregator is unchanged. Restore checks the snapshot's
// consistency (counts, sample lists, histogram totals) and refuses a damaged one rather
// than answer differently from the Aggregator that took it.
func (a *Aggregator) Restore(data []byte) error {
	var s aggSnapshot
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return fmt.Errorf("aggregate: restore: %w", err)
	}
	switch {
	case s.Version != aggregatorSnapshotVersion:
		return fmt.Errorf("aggregate: restore: unsupported snapshot version %d", s.Version)
	case s.Resolution != a.res:
		return fmt.Errorf("aggregate: restore: snapshot Resolution %v, Aggregator %v", time.Duration(s.Resolution), time.Duration(a.res))
	case s.RelativeError != a.opt.RelativeError:
		return fmt.Errorf("aggregate: restore: snapshot RelativeError %v, Aggregator %v", s.RelativeError, a.opt.RelativeError)
	case (s.Newest == nil) != (s.Swept == nil):
		return errors.New("aggregate: restore: newestBucket and sweptBucket go together")
	case s.Newest == nil && len(s.Series) > 0:
		return errors.New("aggregate: restore: series without newestBucket")
	}
	newest, swept := int64(math.MinInt64), int64(math.MinInt64)
	if s.Newest != nil {
		newest, swept = *s.Newest, *s.Swept
		if newest == math.MinInt64 || swept > newest {
			return errors.New("aggregate: restore: bad newestBucket/sweptBucket")
		}
	}
	var refused [numRefuseReasons]uint64
	for name, n := range s.Refused {
		r := RefuseReason(0)
		for r < numRefuseReasons && r.String() != name {
			r++
		}
		if r == numRefuseReasons {
			return fmt.Errorf("aggregate: restore: unknown refusal reason %q", name)
		}
		refused[r] = n
	}

	seriesMap := make(map[string]*series, len(s.Series))
	for _, ss := range s.Series {
		sr := &series{namespace: string(ss.Namespace), metric: string(ss.MetricName)}
		for i, d := range ss.Dimensions {
			if i > 0 && string(ss.Dimensions[i-1].Name) >= string(d.Name) {
				return fmt.Errorf("aggregate: restore: dimensions of %s/%s not sorted and unique", ss.Namespace, ss.MetricName)
			}
			sr.dims = append(sr.dims, metric.Dimension{Name: string(d.Name), Value: string(d.Value)})
		}
		key := string(sr.key("").AppendID(nil))
		if seriesMap[key] != nil {
			return fmt.Errorf("aggregate: restore: series %s/%s twice", ss.Namespace, ss.MetricName)
		}
		for _, su := range ss.Units {
			if slices.ContainsFunc(sr.units, func(u *unitSeries) bool { return u.unit == string(su.Unit) }) {
				return fmt.Errorf("aggregate: restore: unit %q of %s/%s twice", su.Unit, ss.Namespace, ss.MetricName)
			}
			u := &unitSeries{unit: string(su.Unit), buckets: make(map[int64]*bucket, len(su.Buckets))}
			for _, sb := range su.Buckets {
				b, err := a.restoreBucket(sb, newest)
				if err != nil {
					return fmt.Errorf("aggregate: restore: %s/%s bucket %d: %w", ss.Namespace, ss.MetricName, sb.Index, err)
				}
				if u.buckets[sb.Index] != nil {
					return fmt.Errorf("aggregate: restore: %s/%s bucket %d twice", ss.Namespace, ss.MetricName, sb.Index)
				}
				u.buckets[sb.Index] = b
			}
			if len(u.buckets) > 0 {
				sr.units = append(sr.units, u)
			}
		}
		if len(sr.units) > 0 {
			seriesMap[key] = sr
		}
	}
	guard := make(map[string]*hourSets, len(s.Guard))
	for _, sg := range s.Guard {
		g := &hourSets{hours: make(map[int64]map[string]struct{}, len(sg.Hours))}
		for _, sh := range sg.Hours {
			set := make(map[string]struct{}, len(sh.Sets))
			for _, k := range sh.Sets {
				set[string(k)] = struct{}{}
			}
			g.hours[sh.Hour] = set
		}
		guard[string(sg.Metric)] = g
	}

	a.mu.Lock()
	defer a.mu.Unlock()
	a.series, a.guard, a.refused = seriesMap, guard, refused
	a.newest, a.swept = newest, swept
	if newest != math.MinInt64 {
		a.expire() // the receiver's Retention applies
		a.swept = swept
	}
	return nil
}

// restoreBucket rebuilds one bucket and checks it is one Add could have produced.
func (a *Aggregator) restoreBucket(sb snapBucket, newest int64) (*bucket, error) {
	b := &bucket{count: sb.Count, sum: float64(sb.Sum), min: sb.Min, max: sb.Max, negative: sb.Negative}
	switch {
	case sb.Count == 0:
		return nil, errors.New("empty bucket")
	case sb.Index > newest:
		return nil, errors.New("bucket newer than newestBucket")
	case !finite(sb.Min) || !finite(sb.Max) || sb.Min > sb.Max:
		return nil, errors.New("bad min/max")
	case sb.Negative != (sb.Min < 0):
		return nil, errors.New("negative flag disagrees with min")
	}
	var kept uint64 // samples held for percentiles
	if a.opt.RelativeError == 0 {
		if sb.Hist != nil {
			return nil, errors.New("histogram in exact mode")
		}
		for _, v := range sb.Samples {
			if !finite(v) || v < sb.Min || v > sb.Max || v < 0 {
				return nil, errors.New("sample out of range")
			}
		}
		b.samples = slices.Clone(sb.Samples)
		kept = uint64(len(sb.Samples))
	} else {
		if len(sb.Samples) > 0 {
			return nil, errors.New("samples in histogram mode")
		}
		b.hist = &histogram{}
		if sb.Hist != nil {
			b.hist.zeros = sb.Hist.Zeros
			kept = sb.Hist.Zeros
			for i, c := range sb.Hist.Counts {
				bin, n := c[0], c[1]
				if bin < math.MinInt32 || bin > math.MaxInt32 || n <= 0 || (i > 0 && sb.Hist.Counts[i-1][0] >= bin) {
					return nil, errors.New("bad histogram bin")
				}
				if b.hist.counts == nil {
					b.hist.counts = make(map[int32]uint64, len(sb.Hist.Counts))
				}
				b.hist.counts[int32(bin)] = uint64(n)
				kept += uint64(n)
			}
		}
	}
	if kept > sb.Count || (!sb.Negative && kept != sb.Count) {
		return nil, fmt.Errorf("count %d but %d samples", sb.Count, kept)
	}
	return b, nil
}
