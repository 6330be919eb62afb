package metricfilter_test

import (
	"fmt"
	"os"
	"time"

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
