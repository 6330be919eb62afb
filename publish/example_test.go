package publish_test

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/cwfilter/cwfilter/aggregate"
	"github.com/cwfilter/cwfilter/metricfilter"
	"github.com/cwfilter/cwfilter/publish"
)

var noon = time.Date(2024, 5, 1, 12, 0, 42, 0, time.UTC)

func ExampleAppendEMF() {
	data := []metricfilter.Datum{
		{Namespace: "CIS", MetricName: "RootUsage", Unit: "Count", Value: 1, Timestamp: noon.Truncate(time.Minute),
			Dimensions: map[string]string{"eventSource": "signin.amazonaws.com"}},
		{Namespace: "CIS", MetricName: "RootUsage", Unit: "Count", Value: 1, Timestamp: noon.Truncate(time.Minute),
			Dimensions: map[string]string{"eventSource": "signin.amazonaws.com"}},
	}
	out, err := publish.AppendEMF(nil, data)
	if err != nil {
		panic(err)
	}
	fmt.Print(string(out))
	// Output:
	// {"_aws":{"Timestamp":1714564800000,"CloudWatchMetrics":[{"Namespace":"CIS","Dimensions":[["eventSource"]],"Metrics":[{"Name":"RootUsage","Unit":"Count"}]}]},"eventSource":"signin.amazonaws.com","RootUsage":[1,1]}
}

// Aggregated periods become PutMetricData requests carrying StatisticValues.
func ExamplePutMetricDataFromPeriods() {
	agg, _ := aggregate.New(aggregate.Options{})
	minute := noon.Truncate(time.Minute)
	for _, v := range []float64{1, 1, 1} {
		agg.Add(metricfilter.Datum{Namespace: "CIS", MetricName: "RootUsage", Unit: "Count", Value: v, Timestamp: minute})
	}
	periods, _ := agg.Periods(minute, minute.Add(5*time.Minute), 5*time.Minute)
	reqs, err := publish.PutMetricDataFromPeriods(periods)
	if err != nil {
		panic(err)
	}
	out, _ := json.Marshal(reqs[0])
	fmt.Println(string(out))
	// Output:
	// {"Namespace":"CIS","MetricData":[{"MetricName":"RootUsage","Timestamp":1714564800,"StatisticValues":{"SampleCount":3,"Sum":3,"Minimum":1,"Maximum":1},"Unit":"Count"}]}
}
