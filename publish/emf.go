package publish

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
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
		names  []string
		values []float64
	}
	var order []*group
	byKey := map[string]*group{}
	for i := range data {
		d := &data[i]
		names, err := checkEMF(d)
		if err != nil {
			return dst, err
		}
		key := emfKey(d, names)
		g := byKey[key]
		if g == nil {
			g = &group{d: d, names: names}
			byKey[key] = g
			order = append(order, g)
		}
		g.values = append(g.values, d.Value)
	}
	for _, g := range order {
		for vs := range slices.Chunk(g.values, emfMaxValues) {
			dst = appendEMFDoc(dst, g.d, g.names, vs)
		}
	}
	return dst, nil
}

func checkEMF(d *metricfilter.Datum) ([]string, error) {
	if n := utf8.RuneCountInString(d.Namespace); n == 0 || n > emfMaxNameLen {
		return nil, fmt.Errorf("publish: EMF namespace %q must have 1 to %d characters", d.Namespace, emfMaxNameLen)
	}
	if n := utf8.RuneCountInString(d.MetricName); n == 0 || n > emfMaxNameLen {
		return nil, fmt.Errorf("publish: EMF metric name %q must have 1 to %d characters", d.MetricName, emfMaxNameLen)
	}
	if d.MetricName == emfReservedRootKey {
		return nil, fmt.Errorf("publish: EMF metric name %q is reserved", d.MetricName)
	}
	if d.Unit != "" && !metric.ValidUnit(d.Unit) {
		return nil, fmt.Errorf("publish: EMF unit %q is not a StandardUnit", d.Unit)
	}
	if !finite(d.Value) {
		return nil, fmt.Errorf("publish: EMF value %v of %s is not finite", d.Value, d.MetricName)
	}
	if len(d.Dimensions) > emfMaxDimensions {
		return nil, fmt.Errorf("publish: EMF allows at most %d dimensions, %s has %d", emfMaxDimensions, d.MetricName, len(d.Dimensions))
	}
	names := make([]string, 0, len(d.Dimensions))
	for k, v := range d.Dimensions {
		if k == d.MetricName || k == emfReservedRootKey {
			return nil, fmt.Errorf("publish: EMF dimension %q collides with a root member of the document", k)
		}
		if n := utf8.RuneCountInString(k); n == 0 || n > emfMaxDimNameLen {
			return nil, fmt.Errorf("publish: EMF dimension name %q must have 1 to %d characters", k, emfMaxDimNameLen)
		}
		if n := utf8.RuneCountInString(v); n == 0 || n > emfMaxDimValueLen {
			return nil, fmt.Errorf("publish: EMF dimension %q value must have 1 to %d characters", k, emfMaxDimValueLen)
		}
		names = append(names, k)
	}
	slices.Sort(names)
	return names, nil
}

func emfKey(d *metricfilter.Datum, names []string) string {
	var b strings.Builder
	b.WriteString(d.Namespace)
	b.WriteByte(0)
	b.WriteString(d.MetricName)
	b.WriteByte(0)
	b.WriteString(d.Unit)
	b.WriteByte(0)
	b.WriteString(strconv.FormatInt(d.Timestamp.UnixMilli(), 10))
	for _, n := range names {
		b.WriteByte(0)
		b.WriteString(n)
		b.WriteByte(1)
		b.WriteString(d.Dimensions[n])
	}
	return b.String()
}

func appendEMFDoc(b []byte, d *metricfilter.Datum, names []string, values []float64) []byte {
	b = append(b, `{"_aws":{"Timestamp":`...)
	b = strconv.AppendInt(b, d.Timestamp.UnixMilli(), 10)
	b = append(b, `,"CloudWatchMetrics":[{"Namespace":`...)
	b = pyjson.AppendString(b, d.Namespace)
	b = append(b, `,"Dimensions":[[`...)
	for i, n := range names {
		if i > 0 {
			b = append(b, ',')
		}
		b = pyjson.AppendString(b, n)
	}
	b = append(b, `]],"Metrics":[{"Name":`...)
	b = pyjson.AppendString(b, d.MetricName)
	if d.Unit != "" {
		b = append(b, `,"Unit":`...)
		b = pyjson.AppendString(b, d.Unit)
	}
	b = append(b, `}]}]}`...)
	for _, n := range names {
		b = append(b, ',')
		b = pyjson.AppendString(b, n)
		b = append(b, ':')
		b = pyjson.AppendString(b, d.Dimensions[n])
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
