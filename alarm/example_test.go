package alarm_test

import (
	"context"
	"fmt"
	"time"

	"github.com/cwfilter/cwfilter/alarm"
	"github.com/cwfilter/cwfilter/metric"
)

func ExampleNew() {
	_, err := alarm.New(alarm.Config{
		Name: "errors", Namespace: "App", MetricName: "Errors",
		Period: 45 * time.Second, EvaluationPeriods: 1, Threshold: 1,
		ComparisonOperator: alarm.GreaterThanOrEqualToThreshold, Statistic: "Sum",
	})
	fmt.Println(err)

	a, err := alarm.New(alarm.Config{
		Name: "errors", Namespace: "App", MetricName: "Errors",
		Period: 5 * time.Minute, EvaluationPeriods: 1, Threshold: 30,
		ComparisonOperator: alarm.GreaterThanOrEqualToThreshold, Statistic: "Sum",
	})
	fmt.Println(err, a.State(), a.Status().Reason)
	// Output:
	// Period must be 10, 20, 30 or a positive multiple of 60 seconds, got 45s
	// <nil> INSUFFICIENT_DATA Unchecked: Initial alarm creation
}

func ExampleAlarm_EvaluateWindow() {
	a, _ := alarm.New(alarm.Config{
		Name: "latency", Namespace: "App", MetricName: "Latency",
		Period: time.Minute, EvaluationPeriods: 3, DatapointsToAlarm: 2, Threshold: 500,
		ComparisonOperator: alarm.GreaterThanThreshold, Statistic: "Maximum",
	})
	t0 := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	at := func(k int, v float64) alarm.Datapoint {
		return alarm.Datapoint{Timestamp: t0.Add(time.Duration(k) * time.Minute), Value: v}
	}
	missing := alarm.Datapoint{Missing: true}
	ev := a.EvaluateWindow([]alarm.Datapoint{missing, at(1, 120), at(2, 900), missing, at(4, 750)})
	fmt.Println(ev.Previous, "->", ev.State, ev.Changed)
	fmt.Println(ev.Reason)
	// Output:
	// INSUFFICIENT_DATA -> ALARM true
	// Threshold Crossed: 2 out of the last 3 datapoints [750.0 (23/11/26 10:04:00), 900.0 (23/11/26 10:02:00), 120.0 (23/11/26 10:01:00)] were greater than the threshold (500.0) (minimum 2 datapoints for OK -> ALARM transition).
}

func ExampleAlarm_Evaluate() {
	cfg := alarm.Config{
		Name: "root-usage", Namespace: "CIS", MetricName: "RootUsage",
		Period: 5 * time.Minute, EvaluationPeriods: 1, Threshold: 30,
		ComparisonOperator: alarm.GreaterThanOrEqualToThreshold, Statistic: "Sum",
		AlarmActions: []string{"arn:aws:sns:us-east-1:123456789012:sec"},
		Sink: alarm.ActionFunc(func(ev alarm.ActionEvent) {
			fmt.Println("action:", ev.Action, ev.OldState, "->", ev.NewState)
		}),
	}
	a, _ := alarm.New(cfg)
	src := alarm.NewMemorySource()
	series := metric.NewSeriesKey(cfg.Namespace, cfg.MetricName, nil, "")
	src.Add(series, time.Date(2026, 11, 23, 10, 6, 0, 0, time.UTC), 20)
	src.Add(series, time.Date(2026, 11, 23, 10, 8, 0, 0, time.UTC), 13)

	// 10:10:42 is evaluated as 10:10; the newest period is [10:05, 10:10).
	ev := a.Evaluate(time.Date(2026, 11, 23, 10, 10, 42, 0, time.UTC), src)
	fmt.Println(ev.State, ev.Reason)
	// Output:
	// action: arn:aws:sns:us-east-1:123456789012:sec INSUFFICIENT_DATA -> ALARM
	// ALARM Threshold Crossed: 1 datapoint [33.0 (23/11/26 10:05:00)] was greater than or equal to the threshold (30.0).
}

func ExampleRegistry_PutComposite() {
	reg := alarm.NewRegistry()
	for _, name := range []string{"CPUUtilizationTooHigh", "DeploymentInProgress"} {
		a, _ := alarm.New(alarm.Config{
			Name: name, Namespace: "App", MetricName: name, Period: time.Minute,
			EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: alarm.GreaterThanOrEqualToThreshold, Statistic: "Maximum",
		})
		_ = reg.Add(a)
	}
	page, err := reg.PutComposite(alarm.CompositeConfig{
		Name:      "PageOnCall",
		AlarmRule: "ALARM(CPUUtilizationTooHigh) AND NOT ALARM(DeploymentInProgress)",
	})
	fmt.Println(err, page.State())

	src := alarm.NewMemorySource()
	src.Add(metric.NewSeriesKey("App", "CPUUtilizationTooHigh", nil, ""), time.Date(2026, 11, 23, 10, 0, 5, 0, time.UTC), 1)
	d := alarm.Driver{Registry: reg, Source: src}
	for _, t := range d.Replay(time.Date(2026, 11, 23, 10, 1, 0, 0, time.UTC), time.Date(2026, 11, 23, 10, 2, 0, 0, time.UTC), time.Minute) {
		fmt.Println(t.Name, t.Previous, "->", t.State)
	}
	reason, _ := page.Reason()
	fmt.Println(reason)
	_ = d.Run(context.Background(), closedTicks())
	// Output:
	// <nil> INSUFFICIENT_DATA
	// CPUUtilizationTooHigh INSUFFICIENT_DATA -> ALARM
	// PageOnCall INSUFFICIENT_DATA -> ALARM
	// Alarm rule evaluated to TRUE: 2 alarms triggered: CPUUtilizationTooHigh (ALARM), DeploymentInProgress (INSUFFICIENT_DATA).
}

func closedTicks() <-chan time.Time {
	ch := make(chan time.Time)
	close(ch)
	return ch
}
