package alarm_test

import (
	"fmt"
	"time"

	"github.com/cwfilter/cwfilter/alarm"
	"github.com/cwfilter/cwfilter/metric"
)

func newExampleAlarm() *alarm.Alarm {
	a, err := alarm.New(alarm.Config{
		Name: "errors", Namespace: "App", MetricName: "Errors",
		Period: 5 * time.Minute, EvaluationPeriods: 1, Threshold: 10,
		ComparisonOperator: alarm.GreaterThanOrEqualToThreshold, Statistic: "Sum",
	})
	if err != nil {
		panic(err)
	}
	return a
}

// A restarted process resumes from a snapshot without a spurious transition.
func ExampleAlarm_Snapshot() {
	a := newExampleAlarm()
	t0 := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	a.EvaluateWindow([]alarm.Datapoint{{Missing: true}, {Missing: true}, {Timestamp: t0, Value: 12}})
	saved, _ := a.Snapshot()

	b := newExampleAlarm() // after a restart
	if err := b.Restore(saved); err != nil {
		panic(err)
	}
	ev := b.EvaluateWindow([]alarm.Datapoint{{Missing: true}, {Missing: true}, {Timestamp: t0.Add(5 * time.Minute), Value: 15}})
	fmt.Println(b.State(), ev.Changed)
	// Output:
	// ALARM false
}

func ExampleAlarm_SetAlarmState() {
	a := newExampleAlarm()
	ev, err := a.SetAlarmState(alarm.Alarming, "testing the pager", time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC))
	fmt.Println(err, ev.Previous, "->", ev.State, ev.Changed, ev.Reason)
	// Output:
	// <nil> INSUFFICIENT_DATA -> ALARM true testing the pager
}

func ExampleParseRule() {
	rule, err := alarm.ParseRule(`ALARM(CPUUtilizationTooHigh) AND NOT ALARM("DeploymentInProgress")`)
	if err != nil {
		panic(err)
	}
	fmt.Println(rule.Children())
	_, err = alarm.ParseRule(`ALARM(a) AND`)
	fmt.Println(err != nil)
	// Output:
	// [CPUUtilizationTooHigh DeploymentInProgress]
	// true
}

func ExampleDriver_Replay() {
	reg := alarm.NewRegistry()
	a := newExampleAlarm()
	_ = reg.Add(a)
	src := alarm.NewMemorySource()
	series := metric.NewSeriesKey("App", "Errors", nil, "")
	t0 := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	for i := 0; i < 12; i++ {
		src.Add(series, t0.Add(7*time.Minute), 1)
	}
	d := alarm.Driver{Registry: reg, Source: src}
	// The 12 errors at 10:07 stay in the evaluation range (N+2 = 3 periods) until 10:23.
	for _, tr := range d.Replay(t0.Add(5*time.Minute), t0.Add(25*time.Minute), time.Minute) {
		fmt.Println(tr.Timestamp.Format("15:04"), tr.Name, tr.Previous, "->", tr.State)
	}
	// Output:
	// 10:08 errors INSUFFICIENT_DATA -> ALARM
	// 10:23 errors ALARM -> INSUFFICIENT_DATA
}
