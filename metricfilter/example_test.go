package metricfilter_test

import (
	"fmt"
	"os"
	"time"

	"github.com/cwfilter/cwfilter/alarm"
	"github.com/cwfilter/cwfilter/metricfilter"
)

var noon = time.Date(2024, 5, 1, 12, 0, 42, 0, time.UTC)

func ExampleNew() {
	f, err := metricfilter.New(metricfilter.Config{
		FilterName:    "latency",
		FilterPattern: `{ $.kind = "request" }`,
		MetricTransformations: []metricfilter.Transformation{{
			MetricName: "Latency", MetricNamespace: "App", MetricValue: "$.ms", Unit: "Milliseconds",
			Dimensions: map[string]string{"Operation": "$.op"},
		}},
	})
	if err != nil {
		panic(err)
	}
	for _, msg := range []string{
		`{"kind":"request","op":"GET","ms":12.5}`,
		`{"kind":"request","ms":7}`,                 // no "op": published without dimensions
		`{"kind":"request","op":"PUT","ms":"slow"}`, // not a number: nothing
		`{"kind":"health"}`,                         // no match: nothing (no default value)
	} {
		for _, d := range f.Apply(metricfilter.LogEvent{Timestamp: noon, Message: msg}) {
			fmt.Println(d.MetricName, d.Value, d.Unit, d.Dimensions, d.Timestamp.Format(time.TimeOnly))
		}
	}
	_, err = metricfilter.New(metricfilter.Config{FilterPattern: "ERROR", MetricTransformations: []metricfilter.Transformation{
		{MetricName: "Errors", MetricNamespace: "App", MetricValue: "$.count"}}})
	fmt.Println(err)
	// Output:
	// Latency 12.5 Milliseconds map[Operation:GET] 12:00:00
	// Latency 7 Milliseconds map[] 12:00:00
	// Invalid metric transformation: metric value $.count must be a valid number
}

func ExampleTestMetricFilter() {
	matches, err := metricfilter.TestMetricFilter("[ip, user, ..., status = 4*, size]", []string{
		`10.0.0.1 alice "GET /" 200 512`,
		`10.0.0.2 bob "GET /x" 404 0`,
	})
	if err != nil {
		panic(err)
	}
	_ = metricfilter.WriteCLIJSON(os.Stdout, matches)
	// Output:
	// {
	//     "matches": [
	//         {
	//             "eventNumber": 2,
	//             "eventMessage": "10.0.0.2 bob \"GET /x\" 404 0",
	//             "extractedValues": {
	//                 "$ip": "10.0.0.2",
	//                 "$user": "bob",
	//                 "$3": "GET /x",
	//                 "$status": "404",
	//                 "$size": "0"
	//             }
	//         }
	//     ]
	// }
}

func ExampleAggregator() {
	agg, _ := metricfilter.NewAggregator(metricfilter.AggregatorOptions{})
	for i, v := range []float64{120, 80, 300, 95} {
		agg.Add(metricfilter.Datum{Namespace: "App", MetricName: "Latency", Unit: "Milliseconds",
			Value: v, Timestamp: noon.Add(time.Duration(i) * time.Minute).Truncate(time.Minute)})
	}
	// A sliding 3-minute window that is not aligned with anything.
	key := alarm.NewSeriesKey("App", "Latency", nil, "Milliseconds")
	for _, name := range []string{"SampleCount", "Average", "Maximum", "p50"} {
		st, _ := alarm.ParseStatistic(name)
		v, _, _ := agg.Statistic(alarm.Query{Series: key, Start: noon, End: noon.Add(3 * time.Minute), Statistic: st})
		fmt.Println(name, v)
	}
	// Output:
	// SampleCount 3
	// Average 158.33333333333334
	// Maximum 300
	// p50 95
}

func ExampleGroup() {
	var filters []*metricfilter.Filter
	for name, pattern := range map[string]string{
		"RootUsage":    `{ $.userIdentity.type = "Root" }`,
		"AccessDenied": `{ $.errorCode = "AccessDenied*" }`,
	} {
		f, err := metricfilter.New(metricfilter.Config{FilterName: name, FilterPattern: pattern,
			MetricTransformations: []metricfilter.Transformation{{MetricName: name, MetricNamespace: "CIS", MetricValue: "1", Unit: "Count"}}})
		if err != nil {
			panic(err)
		}
		filters = append(filters, f)
	}
	g, err := metricfilter.NewGroup(filters...)
	if err != nil {
		panic(err)
	}
	ev := metricfilter.LogEvent{Timestamp: noon, Message: `{"userIdentity":{"type":"Root"},"errorCode":"AccessDeniedException"}`}
	fmt.Println(len(g.Apply(ev)), "data points")
	// Output:
	// 2 data points
}

func ExampleAppendEMF() {
	data := []metricfilter.Datum{
		{Namespace: "CIS", MetricName: "RootUsage", Unit: "Count", Value: 1, Timestamp: noon.Truncate(time.Minute),
			Dimensions: map[string]string{"eventSource": "signin.amazonaws.com"}},
		{Namespace: "CIS", MetricName: "RootUsage", Unit: "Count", Value: 1, Timestamp: noon.Truncate(time.Minute),
			Dimensions: map[string]string{"eventSource": "signin.amazonaws.com"}},
	}
	out, err := metricfilter.AppendEMF(nil, data)
	if err != nil {
		panic(err)
	}
	fmt.Print(string(out))
	// Output:
	// {"_aws":{"Timestamp":1714564800000,"CloudWatchMetrics":[{"Namespace":"CIS","Dimensions":[["eventSource"]],"Metrics":[{"Name":"RootUsage","Unit":"Count"}]}]},"eventSource":"signin.amazonaws.com","RootUsage":[1,1]}
}
