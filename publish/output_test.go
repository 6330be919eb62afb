package publish

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/cwfilter/cwfilter/aggregate"
	"github.com/cwfilter/cwfilter/metric"
	"github.com/cwfilter/cwfilter/metricfilter"
)

// validateEMF checks one EMF document against the specification's required structure
// (§11.1) and returns, per metric name, the values it publishes.
var t0 = time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)

func validateEMF(t *testing.T, line []byte) map[string][]float64 {
	t.Helper()
	var root map[string]any
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.UseNumber()
	if err := dec.Decode(&root); err != nil {
		t.Fatalf("not one JSON object: %v\n%s", err, line)
	}
	if dec.More() {
		t.Fatalf("trailing data after the document: %s", line)
	}
	aws, ok := root["_aws"].(map[string]any)
	if !ok {
		t.Fatalf("_aws missing: %s", line)
	}
	ts, ok := aws["Timestamp"].(json.Number)
	if _, err := ts.Int64(); !ok || err != nil {
		t.Fatalf("_aws.Timestamp is not an integer: %s", line)
	}
	directives, ok := aws["CloudWatchMetrics"].([]any)
	if !ok || len(directives) == 0 {
		t.Fatalf("_aws.CloudWatchMetrics missing: %s", line)
	}
	out := map[string][]float64{}
	for _, d := range directives {
		dir := d.(map[string]any)
		ns, _ := dir["Namespace"].(string)
		if n := len([]rune(ns)); n < 1 || n > 1024 {
			t.Fatalf("Namespace %q", ns)
		}
		sets, ok := dir["Dimensions"].([]any)
		if !ok || len(sets) < 1 {
			t.Fatalf("Dimensions must be a non-empty array: %s", line)
		}
		for _, s := range sets {
			keys := s.([]any)
			if len(keys) > 30 {
				t.Fatalf("dimension set over 30 keys")
			}
			for _, k := range keys {
				v, ok := root[k.(string)].(string) // a dimension target: a top-level string
				if !ok || len([]rune(v)) > 1024 {
					t.Fatalf("dimension target %q missing, not a string or too long: %s", k, line)
				}
			}
		}
		metrics, ok := dir["Metrics"].([]any)
		if !ok || len(metrics) > 100 {
			t.Fatalf("Metrics missing or over 100: %s", line)
		}
		for _, m := range metrics {
			def := m.(map[string]any)
			name, _ := def["Name"].(string)
			if n := len([]rune(name)); n < 1 || n > 1024 {
				t.Fatalf("metric Name %q", name)
			}
			if u, ok := def["Unit"]; ok && !metric.ValidUnit(u.(string)) {
				t.Fatalf("Unit %v", u)
			}
			switch v := root[name].(type) { // a metric target: a number or up to 100 numbers
			case json.Number:
				f, err := v.Float64()
				if err != nil {
					t.Fatal(err)
				}
				out[name] = append(out[name], f)
			case []any:
				if len(v) == 0 || len(v) > 100 {
					t.Fatalf("%d values for %s", len(v), name)
				}
				for _, x := range v {
					f, err := x.(json.Number).Float64()
					if err != nil {
						t.Fatalf("non-number in %s: %v", name, x)
					}
					out[name] = append(out[name], f)
				}
			default:
				t.Fatalf("metric target %q missing or not numeric: %s", name, line)
			}
		}
	}
	return out
}

func TestEMF(t *testing.T) {
	var data []metricfilter.Datum
	for i := range 250 { // 250 values of one series in one minute: 3 documents (100, 100, 50)
		data = append(data, metricfilter.Datum{Namespace: "App", MetricName: "Latency", Unit: "Milliseconds",
			Dimensions: map[string]string{"Op": "GET", "Svc": "api"}, Value: float64(i) + 0.25, Timestamp: t0})
	}
	data = append(data,
		metricfilter.Datum{Namespace: "App", MetricName: "Errors", Unit: "None", Value: 1, Timestamp: t0.Add(time.Minute)},
		metricfilter.Datum{Namespace: "App", MetricName: "Tiny", Unit: "Count", Value: 1e-9, Timestamp: t0},
		metricfilter.Datum{Namespace: "App", MetricName: "Huge", Value: -1e300, Timestamp: t0})
	out, err := AppendEMF(nil, data)
	if err != nil {
		t.Fatal(err)
	}
	lines := bytes.Split(bytes.TrimSuffix(out, []byte("\n")), []byte("\n"))
	if len(lines) != 6 {
		t.Fatalf("%d documents, want 6:\n%s", len(lines), out)
	}
	sum, n := 0.0, 0
	for _, l := range lines {
		for name, vs := range validateEMF(t, l) {
			if name == "Latency" {
				for _, v := range vs {
					sum += v
					n++
				}
			}
		}
	}
	if n != 250 || sum != 250*249/2+250*0.25 {
		t.Errorf("Latency: %d values summing to %v", n, sum)
	}
	const want = `{"_aws":{"Timestamp":1714564860000,"CloudWatchMetrics":[{"Namespace":"App","Dimensions":[[]],"Metrics":[{"Name":"Errors","Unit":"None"}]}]},"Errors":1}`
	if string(lines[3]) != want {
		t.Errorf("got  %s\nwant %s", lines[3], want)
	}
	if !bytes.Contains(lines[0], []byte(`"Dimensions":[["Op","Svc"]]`)) || !bytes.Contains(lines[0], []byte(`"Op":"GET","Svc":"api","Latency":[0.25,1.25,`)) {
		t.Errorf("dimensioned document: %s", lines[0])
	}
	if !bytes.Contains(lines[4], []byte(`"Tiny":1e-9}`)) || !bytes.Contains(lines[5], []byte(`"Huge":-1e+300}`)) {
		t.Errorf("number formatting: %s %s", lines[4], lines[5])
	}
	for _, bad := range []metricfilter.Datum{
		{Namespace: "A", MetricName: "M", Value: math.Inf(1), Timestamp: t0},
		{Namespace: "A", MetricName: "M", Dimensions: map[string]string{"M": "x"}, Value: 1, Timestamp: t0},
		{Namespace: "A", MetricName: "_aws", Value: 1, Timestamp: t0},
		{Namespace: "", MetricName: "M", Value: 1, Timestamp: t0},
		{Namespace: "A", MetricName: "M", Dimensions: map[string]string{"D": strings.Repeat("v", 1025)}, Value: 1, Timestamp: t0},
		{Namespace: "A", MetricName: "M", Unit: "Hours", Value: 1, Timestamp: t0},
	} {
		if _, err := AppendEMF(nil, []metricfilter.Datum{bad}); err == nil {
			t.Errorf("accepted %+v", bad)
		}
	}
}

func TestPutMetricDataShape(t *testing.T) {
	data := []metricfilter.Datum{{Namespace: "App", MetricName: "Latency", Unit: "Milliseconds",
		Dimensions: map[string]string{"Svc": "api", "Op": "GET"}, Value: 12.5, Timestamp: t0.Add(1500 * time.Millisecond)}}
	reqs, err := PutMetricDataFromData(data)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := json.Marshal(reqs)
	const want = `[{"Namespace":"App","MetricData":[{"MetricName":"Latency","Dimensions":[{"Name":"Op","Value":"GET"},{"Name":"Svc","Value":"api"}],"Timestamp":1714564801.5,"Value":12.5,"Unit":"Milliseconds"}]}]`
	if string(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	var back []PutMetricDataInput
	if err := json.Unmarshal(got, &back); err != nil || !time.Time(back[0].MetricData[0].Timestamp).Equal(data[0].Timestamp) {
		t.Errorf("round trip: %v %+v", err, back)
	}

	a := mustAgg(t)
	for i := range 2500 {
		a.Add(metricfilter.Datum{Namespace: []string{"A", "B"}[i%2], MetricName: fmt.Sprint("m", i%1250), Unit: "Count", Value: float64(i), Timestamp: t0})
	}
	periods, err := a.Periods(t0, t0.Add(time.Minute), time.Minute)
	if err != nil || len(periods) != 1250 {
		t.Fatalf("%d periods, %v", len(periods), err)
	}
	reqs, err = PutMetricDataFromPeriods(periods)
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, r := range reqs {
		body, _ := json.Marshal(r)
		if len(r.MetricData) > MaxMetricDataPerRequest || len(body) > MaxRequestBytes {
			t.Errorf("request of %d data, %d bytes", len(r.MetricData), len(body))
		}
		for _, d := range r.MetricData {
			if d.Value != nil || d.StatisticValues == nil || d.StatisticValues.SampleCount != 2 {
				t.Fatalf("datum %+v", d)
			}
		}
		total += len(r.MetricData)
	}
	// Namespace A has metrics m0, m2, ... and B m1, m3, ...: 625 each, one request each.
	if total != 1250 || len(reqs) != 2 {
		t.Errorf("%d requests with %d data", len(reqs), total)
	}
	// Splitting at 1,000 data per request.
	many := make([]metricfilter.Datum, 2500)
	for i := range many {
		many[i] = metricfilter.Datum{Namespace: "A", MetricName: "m", Value: 1, Timestamp: t0}
	}
	if reqs, err := PutMetricDataFromData(many); err != nil || len(reqs) != 3 || len(reqs[2].MetricData) != 500 {
		t.Errorf("split: %d requests, %v", len(reqs), err)
	}
	for _, bad := range []metricfilter.Datum{
		{Namespace: ":x", MetricName: "m", Timestamp: t0},
		{Namespace: "A", MetricName: "m", Value: math.Ldexp(1, 361), Timestamp: t0},
		{Namespace: "A", MetricName: "m", Dimensions: map[string]string{"D": "é"}, Timestamp: t0},
		{Namespace: "A", MetricName: "m", Dimensions: map[string]string{"D": " "}, Timestamp: t0},
	} {
		if _, err := PutMetricDataFromData([]metricfilter.Datum{bad}); err == nil {
			t.Errorf("accepted %+v", bad)
		}
	}
}

func mustAgg(t testing.TB) *aggregate.Aggregator {
	t.Helper()
	a, err := aggregate.New(aggregate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return a
}
