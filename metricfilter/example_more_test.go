package metricfilter_test

import (
	"fmt"

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
