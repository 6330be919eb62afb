package aggregate_test

import (
	"fmt"
	"time"

	"github.com/cwfilter/cwfilter/aggregate"
	"github.com/cwfilter/cwfilter/metric"
	"github.com/cwfilter/cwfilter/metricfilter"
)

var noon = time.Date(2024, 5, 1, 12, 0, 42, 0, time.UTC)

func ExampleAggregator() {
	agg, _ := aggregate.New(aggregate.Options{})
	for i, v := range []float64{120, 80, 300, 95} {
		agg.Add(metricfilter.Datum{Namespace: "App", MetricName: "Latency", Unit: "Milliseconds",
			Value: v, Timestamp: noon.Add(time.Duration(i) * time.Minute).Truncate(time.Minute)})
	}
	// A sliding 3-minute window that is not aligned with anything.
	key := metric.NewSeriesKey("App", "Latency", nil, "Milliseconds")
	for _, name := range []string{"SampleCount", "Average", "Maximum", "p50"} {
		st, _ := metric.ParseStatistic(name)
		v, _, _ := agg.Statistic(metric.Query{Series: key, Start: noon, End: noon.Add(3 * time.Minute), Statistic: st})
		fmt.Println(name, v)
	}
	// Output:
	// SampleCount 3
	// Average 158.33333333333334
	// Maximum 300
	// p50 95
}

// Shards (goroutines, Lambda invocations) aggregate separately and merge exactly.
func ExampleAggregator_Merge() {
	a, _ := aggregate.New(aggregate.Options{})
	b, _ := aggregate.New(aggregate.Options{})
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
	key := metric.NewSeriesKey("App", "Jobs", nil, "")
	for _, name := range []string{"Sum", "Maximum", "p50"} {
		st, _ := metric.ParseStatistic(name)
		v, n, _ := a.Statistic(metric.Query{Series: key, Start: minute, End: minute.Add(time.Minute), Statistic: st})
		fmt.Println(name, v, n)
	}
	// Output:
	// Sum 23 4
	// Maximum 9 4
	// p50 4 4
}
