package metric_test

import (
	"fmt"

	"github.com/cwfilter/cwfilter/metric"
)

func ExampleParseStatistic() {
	for _, s := range []string{"Sum", "p99.9", "P99", "tm99"} {
		_, ok := metric.ParseStatistic(s)
		fmt.Println(s, ok)
	}
	// Output:
	// Sum true
	// p99.9 true
	// P99 false
	// tm99 false
}
