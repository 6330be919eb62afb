package alarm_test

import (
	"fmt"
	"time"

	"github.com/cwfilter/cwfilter/aggregate"
	"github.com/cwfilter/cwfilter/alarm"
	"github.com/cwfilter/cwfilter/metricfilter"
)

// A burst of 56 calls, then silence, through an Aggregator and a Driver evaluating every
// minute. With the default sliding window the alarm fires three times for the one burst:
// once the newest periods are empty, CloudWatch looks back to the most recent datapoints that
// exist, and as the window slides they change. Evaluation.LookBack (and ActionEvent.LookBack)
// says when a reason rests on such older datapoints. A wall-clock window fires once. (The
// [NonBreaching] sentence is a decided form, D-46, pinned exactly here.)
func Example_lookBack() {
	t0 := time.Date(2024, 8, 2, 9, 0, 0, 0, time.UTC)
	for _, window := range []alarm.EvaluationWindow{{}, {WallClock: true}} {
		agg, _ := aggregate.New(aggregate.Options{})
		for i, calls := range []float64{5, 5, 5, 38, 3} { // 09:05 … 09:09
			agg.Add(metricfilter.Datum{Namespace: "CloudTrailMetrics", MetricName: "CallsFromWatchedIP",
				Value: calls, Unit: "Count", Timestamp: t0.Add(time.Duration(5+i) * time.Minute)})
		}
		a, _ := alarm.New(alarm.Config{
			Name: "CallsFromWatchedIP-alarm", Namespace: "CloudTrailMetrics", MetricName: "CallsFromWatchedIP",
			Period: 5 * time.Minute, EvaluationPeriods: 1, Threshold: 30,
			ComparisonOperator: alarm.GreaterThanOrEqualToThreshold, Statistic: alarm.Sum,
			TreatMissingData: alarm.NotBreaching, EvaluationWindow: window,
		}, alarm.WithClock(func() time.Time { return t0 }))
		reg := alarm.NewRegistry()
		_ = reg.Add(a)
		d := alarm.Driver{Registry: reg, Source: agg}
		fmt.Println("wall clock:", window.WallClock)
		for _, tr := range d.Replay(t0.Add(time.Minute), t0.Add(40*time.Minute), time.Minute) {
			fmt.Printf("%s %s -> %s: %s\n", tr.Timestamp.Format("15:04"), tr.Previous, tr.State, tr.Reason)
			if tr.LookBack > 0 {
				fmt.Printf("  (look-back: the newest %d period(s) had no data)\n", tr.LookBack)
			}
		}
	}
	// Output:
	// wall clock: false
	// 09:01 INSUFFICIENT_DATA -> OK: Threshold Crossed: no datapoints were received for 1 period and 1 missing datapoint was treated as [NonBreaching].
	// 09:09 OK -> ALARM: Threshold Crossed: 1 datapoint [53.0 (02/08/24 09:04:00)] was greater than or equal to the threshold (30.0).
	// 09:14 ALARM -> OK: Threshold Crossed: 1 datapoint [3.0 (02/08/24 09:09:00)] was not greater than or equal to the threshold (30.0).
	// 09:15 OK -> ALARM: Threshold Crossed: 1 datapoint [56.0 (02/08/24 09:05:00)] was greater than or equal to the threshold (30.0).
	//   (look-back: the newest 1 period(s) had no data)
	// 09:19 ALARM -> OK: Threshold Crossed: 1 datapoint [3.0 (02/08/24 09:09:00)] was not greater than or equal to the threshold (30.0).
	//   (look-back: the newest 1 period(s) had no data)
	// 09:20 OK -> ALARM: Threshold Crossed: 1 datapoint [56.0 (02/08/24 09:05:00)] was greater than or equal to the threshold (30.0).
	//   (look-back: the newest 2 period(s) had no data)
	// 09:24 ALARM -> OK: Threshold Crossed: 1 datapoint [3.0 (02/08/24 09:09:00)] was not greater than or equal to the threshold (30.0).
	//   (look-back: the newest 2 period(s) had no data)
	// wall clock: true
	// 09:01 INSUFFICIENT_DATA -> OK: Threshold Crossed: no datapoints were received for 1 period and 1 missing datapoint was treated as [NonBreaching].
	// 09:10 OK -> ALARM: Threshold Crossed: 1 datapoint [56.0 (02/08/24 09:05:00)] was greater than or equal to the threshold (30.0).
	// 09:25 ALARM -> OK: Threshold Crossed: no datapoints were received for 1 period and 1 missing datapoint was treated as [NonBreaching].
}
