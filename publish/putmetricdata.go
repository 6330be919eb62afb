package publish

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/cwfilter/cwfilter/aggregate"
	"github.com/cwfilter/cwfilter/metric"
	"github.com/cwfilter/cwfilter/metricfilter"
)

// PutMetricData limits (§11.3).
const (
	MaxMetricDataPerRequest = 1000
	MaxDimensionsPerDatum   = 30
	MaxRequestBytes         = 1 << 20 // HTTP POST body
)

// maxMetricMagnitude is 2^360: every number must lie in [−2^360, 2^360].
var maxMetricMagnitude = math.Ldexp(1, 360)

// PutMetricDataInput is one CloudWatch PutMetricData request; it marshals to the API's JSON
// shape (the member names of the awsJson protocol).
type PutMetricDataInput struct {
	Namespace  string        `json:"Namespace"`
	MetricData []MetricDatum `json:"MetricData"`
}

// MetricDatum is the API's MetricDatum: it carries either Value or StatisticValues.
type MetricDatum struct {
	MetricName        string        `json:"MetricName"`
	Dimensions        []Dimension   `json:"Dimensions,omitempty"`
	Timestamp         EpochSeconds  `json:"Timestamp"`
	Value             *float64      `json:"Value,omitempty"`
	StatisticValues   *StatisticSet `json:"StatisticValues,omitempty"`
	Unit              string        `json:"Unit,omitempty"`
	StorageResolution int           `json:"StorageResolution,omitempty"` // 1 or 60; 0 = default 60
}

// Dimension is the API's Dimension: {"Name": …, "Value": …}.
type Dimension = metric.Dimension

// StatisticSet is the API's StatisticSet; all four members are required.
type StatisticSet struct {
	SampleCount float64 `json:"SampleCount"`
	Sum         float64 `json:"Sum"`
	Minimum     float64 `json:"Minimum"`
	Maximum     float64 `json:"Maximum"`
}

// EpochSeconds is a timestamp as the AWS JSON protocols send it: seconds since the epoch.
type EpochSeconds time.Time

// MarshalJSON writes the seconds, with a fraction only when there is one.
func (t EpochSeconds) MarshalJSON() ([]byte, error) {
	ms := time.Time(t).UnixMilli()
	return strconv.AppendFloat(nil, float64(ms)/1000, 'f', -1, 64), nil
}

// UnmarshalJSON reads seconds since the epoch.
func (t *EpochSeconds) UnmarshalJSON(b []byte) error {
	s, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return err
	}
	*t = EpochSeconds(time.UnixMilli(int64(math.Round(s * 1000))).UTC())
	return nil
}

// PutMetricDataFromData turns data points into PutMetricData requests, one Value each,
// grouped by namespace in order of appearance and split to respect the per-request limits
// (1,000 data, 1 MB body). A datum the API would reject is an error.
func PutMetricDataFromData(data []metricfilter.Datum) ([]PutMetricDataInput, error) {
	items := make([]nsDatum, 0, len(data))
	for i := range data {
		d := &data[i]
		v := d.Value
		md := MetricDatum{MetricName: d.MetricName, Dimensions: apiDimensions(d.Dimensions),
			Timestamp: EpochSeconds(d.Timestamp), Value: &v, Unit: d.Unit}
		items = append(items, nsDatum{d.Namespace, md})
	}
	return batch(items)
}

// PutMetricDataFromPeriods turns aggregated periods into PutMetricData requests carrying
// StatisticValues, split like PutMetricDataFromData. Periods shorter than a minute are
// marked high resolution (StorageResolution 1).
func PutMetricDataFromPeriods(periods []aggregate.PeriodStats) ([]PutMetricDataInput, error) {
	items := make([]nsDatum, 0, len(periods))
	for _, p := range periods {
		md := MetricDatum{MetricName: p.MetricName, Dimensions: apiDimensions(p.Dimensions),
			Timestamp: EpochSeconds(p.Timestamp), Unit: p.Unit,
			StatisticValues: &StatisticSet{SampleCount: p.SampleCount, Sum: p.Sum, Minimum: p.Minimum, Maximum: p.Maximum}}
		if p.Period > 0 && p.Period < time.Minute {
			md.StorageResolution = 1
		}
		items = append(items, nsDatum{p.Namespace, md})
	}
	return batch(items)
}

type nsDatum struct {
	namespace string
	datum     MetricDatum
}

// apiDimensions lists dims sorted by name, as a series key holds them; nil when empty.
func apiDimensions(dims map[string]string) []Dimension {
	return metric.NewSeriesKey("", "", dims, "").Dimensions
}

// requestOverhead bounds the JSON around the data of one request: the namespace member,
// brackets and separators.
const requestOverhead = 64

func batch(items []nsDatum) ([]PutMetricDataInput, error) {
	var out []PutMetricDataInput
	open := map[string]int{} // namespace -> index in out of its request being filled
	size := map[int]int{}    // request index -> encoded size so far
	for i, it := range items {
		if err := checkDatum(it.namespace, &it.datum); err != nil {
			return nil, fmt.Errorf("publish: datum %d: %w", i, err)
		}
		enc, err := json.Marshal(it.datum)
		if err != nil {
			return nil, err
		}
		r, ok := open[it.namespace]
		if !ok || len(out[r].MetricData) == MaxMetricDataPerRequest || size[r]+len(enc)+1 > MaxRequestBytes {
			out = append(out, PutMetricDataInput{Namespace: it.namespace})
			r = len(out) - 1
			open[it.namespace] = r
			size[r] = requestOverhead + len(it.namespace)
		}
		out[r].MetricData = append(out[r].MetricData, it.datum)
		size[r] += len(enc) + 1
	}
	return out, nil
}

// checkDatum applies the API's constraints (§11.3).
func checkDatum(namespace string, d *MetricDatum) error {
	if len(namespace) == 0 || len(namespace) > 255 || namespace[0] == ':' || !printableASCII(namespace) {
		return fmt.Errorf("namespace %q must be 1 to 255 printable ASCII characters not starting with ':'", namespace)
	}
	if n := len([]rune(d.MetricName)); n == 0 || n > 255 {
		return fmt.Errorf("metric name %q must have 1 to 255 characters", d.MetricName)
	}
	if len(d.Dimensions) > MaxDimensionsPerDatum {
		return fmt.Errorf("%d dimensions exceed the limit of %d", len(d.Dimensions), MaxDimensionsPerDatum)
	}
	for _, dim := range d.Dimensions {
		if !metric.ValidDimensionName(dim.Name) {
			return fmt.Errorf("dimension name %q must be 1 to 255 ASCII characters, not all whitespace, not starting with ':'", dim.Name)
		}
		if len(dim.Value) == 0 || len(dim.Value) > 1024 || !printableASCII(dim.Value) || strings.TrimSpace(dim.Value) == "" {
			return fmt.Errorf("dimension %q value %q must be 1 to 1024 printable ASCII characters, not all whitespace", dim.Name, dim.Value)
		}
	}
	if d.Unit != "" && !metric.ValidUnit(d.Unit) {
		return fmt.Errorf("unit %q is not a StandardUnit", d.Unit)
	}
	nums := []float64{}
	if d.Value != nil {
		nums = append(nums, *d.Value)
	}
	if s := d.StatisticValues; s != nil {
		nums = append(nums, s.SampleCount, s.Sum, s.Minimum, s.Maximum)
	}
	for _, x := range nums {
		if !finite(x) || math.Abs(x) > maxMetricMagnitude {
			return fmt.Errorf("value %v of %s is outside [-2^360, 2^360]", x, d.MetricName)
		}
	}
	return nil
}

func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] >= 0x7f {
			return false
		}
	}
	return true
}
