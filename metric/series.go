package metric

import (
	"bytes"
	"slices"
	"strings"
	"time"
)

// Dimension is one name/value pair of a series identity.
type Dimension struct {
	Name, Value string
}

// SeriesKey identifies a series (AG1): namespace, metric name, the exact dimension set and
// the unit. Its fields are the whole identity, so a key written as a struct literal and one
// from NewSeriesKey with the same fields identify the same series, whatever the order of
// Dimensions. Dimension names must be distinct.
type SeriesKey struct {
	Namespace  string
	MetricName string
	Dimensions []Dimension // any order; NewSeriesKey sorts them by Name
	Unit       string      // "" = every unit of the metric, pooled (D-38)
}

// NewSeriesKey builds the key of a series from a dimension map, its dimensions sorted by name.
func NewSeriesKey(namespace, metricName string, dims map[string]string, unit string) SeriesKey {
	k := SeriesKey{Namespace: namespace, MetricName: metricName, Unit: unit}
	for name, v := range dims {
		k.Dimensions = append(k.Dimensions, Dimension{name, v})
	}
	slices.SortFunc(k.Dimensions, func(a, b Dimension) int { return strings.Compare(a.Name, b.Name) })
	return k
}

// AppendID appends the canonical text of the key's series identity without its Unit:
// namespace, 0, metric name, then 0 name 1 value for each dimension in name order. Equal
// identities give equal texts, so a source can look a series up with m[string(id)] without
// allocating; the text up to the second field is the metric alone. Dimensions already in name
// order (NewSeriesKey's) are written in one pass.
func (k SeriesKey) AppendID(dst []byte) []byte {
	dst = append(dst, k.Namespace...)
	dst = append(append(dst, 0), k.MetricName...)
	if inNameOrder(k.Dimensions) {
		for _, d := range k.Dimensions {
			dst = append(append(dst, 0), d.Name...)
			dst = append(append(dst, 1), d.Value...)
		}
		return dst
	}
	// Other orders without sorting (or copying) the caller's slice: a series has a handful of
	// dimensions, so selecting the next name each time is cheap.
	var prev *Dimension
	for range k.Dimensions {
		var next *Dimension
		for i := range k.Dimensions {
			d := &k.Dimensions[i]
			if (prev == nil || d.Name > prev.Name) && (next == nil || d.Name < next.Name) {
				next = d
			}
		}
		if next == nil {
			break // repeated names: each is written once
		}
		dst = append(append(dst, 0), next.Name...)
		dst = append(append(dst, 1), next.Value...)
		prev = next
	}
	return dst
}

// inNameOrder reports whether the names of ds increase strictly.
func inNameOrder(ds []Dimension) bool {
	for i := 1; i < len(ds); i++ {
		if ds[i-1].Name >= ds[i].Name {
			return false
		}
	}
	return true
}

// ID is AppendID as a string, to key a map of series.
func (k SeriesKey) ID() string { return string(k.AppendID(nil)) }

// Compare orders keys by identity (their IDs), then unit.
func (k SeriesKey) Compare(o SeriesKey) int {
	var kb, ob [128]byte // most identities fit: no allocation per comparison
	if c := bytes.Compare(k.AppendID(kb[:0]), o.AppendID(ob[:0])); c != 0 {
		return c
	}
	return strings.Compare(k.Unit, o.Unit)
}

// Query asks for one statistic of one series over one period [Start, End).
type Query struct {
	Series     SeriesKey
	Start, End time.Time
	Statistic  Statistic
}
