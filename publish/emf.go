package publish

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/cwfilter/cwfilter/internal/pyjson"
	"github.com/cwfilter/cwfilter/metric"
	"github.com/cwfilter/cwfilter/metricfilter"
)

// EMF limits (§11.1).
const (
	emfMaxValues       = 100  // values of one metric in one document
	emfMaxDimensions   = 30   // keys of one dimension set
	emfMaxNameLen      = 1024 // namespace and metric name
	emfMaxDimNameLen   = 250
	emfMaxDimValueLen  = 1024
	emfReservedRootKey = "_aws"
)

// AppendEMF appends data as CloudWatch Embedded Metric Format documents, one JSON line each,
// the way a Lambda function prints metrics for CloudWatch to extract (§11.1).
//
// EMF has no statistic-set form, so it carries the data points themselves: data sharing
// namespace, metric name, unit, dimensions and timestamp (a minute, for the data a
// metricfilter.Filter publishes) become one document whose metric member is the value, or an
// array of up to 100 values (more values continue in further documents). Documents are in the order their
// first datum appears. A datum EMF cannot express is an error: a non-finite value, a
// dimension named like the metric or "_aws", or a name or value beyond the EMF limits.
func AppendEMF(dst []byte, data []metricfilter.Datum) ([]byte, error) {
	type group struct {
		d      *metricfilter.Datum
		dims   []metric.Dimension // sorted by name
		values []float64
	}
	var order []*group
	byKey := map[string]*group{}
	var key []byte
	for i := range data {
		d := &data[i]
		if err := checkEMF(d); err != nil {
			return dst, err
		}
		// A document per timestamp, unit and series: neither of the first two holds a NUL.
		series := metric.NewSeriesKey(d.Namespace, d.MetricName, d.Dimensions, d.Unit)
		key = strconv.AppendInt(key[:0], d.Timestamp.UnixMilli(), 10)
		key = append(append(append(key, 0), d.Unit...), 0)
		key = series.AppendID(key)
		g := byKey[string(key)]
		if g == nil {
			g = &group{d: d, dims: series.Dimensions}
			byKey[string(key)] = g
			order = append(order, g)
		}
		g.values = append(g.values, d.Value)
	}
	for _, g := range order {
		for vs := range slices.Chunk(g.values, emfMaxValues) {
			dst = appendEMFDoc(dst, g.d, g.dims, vs)
		}
	}
	return dst, nil
}

func checkEMF(d *metricfilter.Datum) error {
	if n := utf8.RuneCountInString(d.Namespace); n == 0 || n > emfMaxNameLen {
		return fmt.Errorf("publish: EMF namespace %q must have 1 to %d characters", d.Namespace, emfMaxNameLen)
	}
	if n := utf8.RuneCountInString(d.MetricName); n == 0 || n > emfMaxNameLen {
		return fmt.Errorf("publish: EMF metric name %q must have 1 to %d characters", d.MetricName, emfMaxNameLen)
	}
	if d.MetricName == emfReservedRootKey {
		return fmt.Errorf("publish: EMF metric name %q is reserved", d.MetricName)
	}
	if d.Unit != "" && !metric.ValidUnit(d.Unit) {
		return fmt.Errorf("publish: EMF unit %q is not a StandardUnit", d.Unit)
	}
	if !finite(d.Value) {
		return fmt.Errorf("publish: EMF value %v of %s is not finite", d.Value, d.MetricName)
	}
	if len(d.Dimensions) > emfMaxDimensions {
		return fmt.Errorf("publish: EMF allows at most %d dimensions, %s has %d", emfMaxDimensions, d.MetricName, len(d.Dimensions))
	}
	for k, v := range d.Dimensions {
		if k == d.MetricName || k == emfReservedRootKey {
			return fmt.Errorf("publish: EMF dimension %q collides with a root member of the document", k)
		}
		if n := utf8.RuneCountInString(k); n == 0 || n > emfMaxDimNameLen {
			return fmt.Errorf("publish: EMF dimension name %q must have 1 to %d characters", k, emfMaxDimNameLen)
		}
		if n := utf8.RuneCountInString(v); n == 0 || n > emfMaxDimValueLen {
			return fmt.Errorf("publish: EMF dimension %q value must have 1 to %d characters", k, emfMaxDimValueLen)
		}
	}
	return nil
}

func appendEMFDoc(b []byte, d *metricfilter.Datum, dims []metric.Dimension, values []float64) []byte {
	b = append(b, `{"_aws":{"Timestamp":`...)
	b = strconv.AppendInt(b, d.Timestamp.UnixMilli(), 10)
	b = append(b, `,"CloudWatchMetrics":[{"Namespace":`...)
	b = pyjson.AppendString(b, d.Namespace)
	b = append(b, `,"Dimensions":[[`...)
	for i, dim := range dims {
		if i > 0 {
			b = append(b, ',')
		}
		b = pyjson.AppendString(b, dim.Name)
	}
	b = append(b, `]],"Metrics":[{"Name":`...)
	b = pyjson.AppendString(b, d.MetricName)
	if d.Unit != "" {
		b = append(b, `,"Unit":`...)
		b = pyjson.AppendString(b, d.Unit)
	}
	b = append(b, `}]}]}`...)
	for _, dim := range dims {
		b = append(b, ',')
		b = pyjson.AppendString(b, dim.Name)
		b = append(b, ':')
		b = pyjson.AppendString(b, dim.Value)
	}
	b = append(b, ',')
	b = pyjson.AppendString(b, d.MetricName)
	b = append(b, ':')
	if len(values) == 1 {
		b = appendJSONNumber(b, values[0])
	} else {
		b = append(b, '[')
		for i, v := range values {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONNumber(b, v)
		}
		b = append(b, ']')
	}
	return append(b, "}\n"...)
}

// appendJSONNumber formats a finite float as encoding/json does.
func appendJSONNumber(b []byte, f float64) []byte {
	format := byte('f')
	if a := math.Abs(f); a != 0 && (a < 1e-6 || a >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' { // e-09 -> e-9, as encoding/json
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

func finite(x float64) bool { return !math.IsInf(x, 0) && !math.IsNaN(x) }
