package metric

import (
	"testing"
)

// A key identifies its series however it is built: a struct literal (dimensions in any
// order) and NewSeriesKey agree, and different identities never share an ID.
func TestSeriesKeyIdentity(t *testing.T) {
	same := []struct {
		name string
		a, b SeriesKey
	}{
		{"literal and constructor, no dimensions",
			SeriesKey{Namespace: "A", MetricName: "M"}, NewSeriesKey("A", "M", nil, "")},
		{"literal with unsorted dimensions",
			SeriesKey{Namespace: "A", MetricName: "M", Dimensions: []Dimension{{"b", "2"}, {"a", "1"}}},
			NewSeriesKey("A", "M", map[string]string{"a": "1", "b": "2"}, "")},
		{"unit is not part of the ID",
			SeriesKey{Namespace: "A", MetricName: "M", Unit: "Count"}, SeriesKey{Namespace: "A", MetricName: "M"}},
	}
	for _, c := range same {
		if c.a.ID() != c.b.ID() {
			t.Errorf("%s: IDs differ: %q, %q", c.name, c.a.ID(), c.b.ID())
		}
	}
	distinct := []SeriesKey{
		{Namespace: "A", MetricName: "M"},
		{Namespace: "A", MetricName: "N"},
		{Namespace: "B", MetricName: "M"},
		{Namespace: "A", MetricName: "M", Dimensions: []Dimension{{"a", "1"}}},
		{Namespace: "A", MetricName: "M", Dimensions: []Dimension{{"a", "2"}}},
		{Namespace: "A", MetricName: "M", Dimensions: []Dimension{{"b", "1"}}},
		{Namespace: "A", MetricName: "M", Dimensions: []Dimension{{"a", "1"}, {"b", "1"}}},
		{Namespace: "A\x00M", MetricName: ""},
	}
	seen := map[string]int{}
	for i, k := range distinct {
		if j, ok := seen[k.ID()]; ok {
			t.Errorf("keys %d and %d share the ID %q", j, i, k.ID())
		}
		seen[k.ID()] = i
	}
}

func TestAppendIDAllocs(t *testing.T) {
	unsorted := SeriesKey{Namespace: "A", MetricName: "M", Dimensions: []Dimension{{"z", "1"}, {"b", "2"}, {"m", "3"}}}
	sorted := NewSeriesKey("A", "M", map[string]string{"z": "1", "b": "2", "m": "3"}, "")
	buf := make([]byte, 0, 64)
	for _, k := range []SeriesKey{unsorted, sorted} {
		if n := testing.AllocsPerRun(100, func() { buf = k.AppendID(buf[:0]) }); n != 0 {
			t.Errorf("AppendID of %v allocates %v times", k.Dimensions, n)
		}
	}
	if n := testing.AllocsPerRun(100, func() { unsorted.Compare(sorted) }); n != 0 {
		t.Errorf("Compare allocates %v times", n)
	}
}
