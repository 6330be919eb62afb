package metricfilter_test

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/cwfilter/cwfilter/alarm"
	"github.com/cwfilter/cwfilter/metricfilter"
)

// AppendApply reuses one buffer across events: no allocation per event without dimensions.
func ExampleFilter_AppendApply() {
	f, err := metricfilter.New(metricfilter.Config{FilterPattern: "[ip, user, ..., status = 5*, bytes]",
		MetricTransformations: []metricfilter.Transformation{{MetricName: "ServerErrorBytes", MetricNamespace: "Web",
			MetricValue: "$bytes", Unit: "Bytes"}}})
	if err != nil {
		panic(err)
	}
	var buf []metricfilter.Datum
	for _, msg := range []string{`10.0.0.1 - "GET /" 503 1200`, `10.0.0.2 - "GET /" 200 80`, `10.0.0.3 - "GET /" 500 -`} {
		buf = f.AppendApply(buf[:0], metricfilter.LogEvent{Timestamp: noon, Message: msg})
		fmt.Println(len(buf), buf)
	}
	// Output:
	// 1 [{Web ServerErrorBytes map[] 1200 Bytes 2024-05-01 12:00:00 +0000 UTC}]
	// 0 []
	// 0 []
}

// Shards (goroutines, Lambda invocations) aggregate separately and merge exactly.
func ExampleAggregator_Merge() {
	a, _ := metricfilter.NewAggregator(metricfilter.AggregatorOptions{})
	b, _ := metricfilter.NewAggregator(metricfilter.AggregatorOptions{})
	minute := noon.Truncate(time.Minute)
	for i, v := range []float64{3, 9, 4, 7} {
		shard := a
		if i%2 == 1 {
			shard = b
		}
		shard.Add(metricfilter.Datum{Namespace: "App", MetricName: "Jobs", Unit: "Count", Value: v, Timestamp: minute})
	}
	if err := a.Merge(b); err != nil {
		panic(err)
	}
	key := alarm.NewSeriesKey("App", "Jobs", nil, "")
	for _, name := range []string{"Sum", "Maximum", "p50"} {
		st, _ := alarm.ParseStatistic(name)
		v, n, _ := a.Statistic(alarm.Query{Series: key, Start: minute, End: minute.Add(time.Minute), Statistic: st})
		fmt.Println(name, v, n)
	}
	// Output:
	// Sum 23 4
	// Maximum 9 4
	// p50 4 4
}

// Aggregated periods become PutMetricData requests carrying StatisticValues.
func ExamplePutMetricDataFromPeriods() {
	agg, _ := metricfilter.NewAggregator(metricfilter.AggregatorOptions{})
	minute := noon.Truncate(time.Minute)
	for _, v := range []float64{1, 1, 1} {
		agg.Add(metricfilter.Datum{Namespace: "CIS", MetricName: "RootUsage", Unit: "Count", Value: v, Timestamp: minute})
	}
	periods, _ := agg.Periods(minute, minute.Add(5*time.Minute), 5*time.Minute)
	reqs, err := metricfilter.PutMetricDataFromPeriods(periods)
	if err != nil {
		panic(err)
	}
	out, _ := json.Marshal(reqs[0])
	fmt.Println(string(out))
	// Output:
	// {"Namespace":"CIS","MetricData":[{"MetricName":"RootUsage","Timestamp":1714564800,"StatisticValues":{"SampleCount":3,"Sum":3,"Minimum":1,"Maximum":1},"Unit":"Count"}]}
}
