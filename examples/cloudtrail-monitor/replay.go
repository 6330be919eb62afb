package main

import (
	"fmt"
	"time"

	"github.com/cwfilter/cwfilter/aggregate"
	"github.com/cwfilter/cwfilter/alarm"
	"github.com/cwfilter/cwfilter/metric"
	"github.com/cwfilter/cwfilter/metricfilter"
	"github.com/cwfilter/cwfilter/notify"
)

const (
	namespace = "CloudTrailMetrics"
	period    = 5 * time.Minute
	topicARN  = "arn:aws:sns:us-east-1:123456789012:cwfilter-monitor"
	// settle is how long alarms keep being evaluated after the last event: the evaluation
	// range (N+2 = 3 periods) plus a minute, after which nothing can change until new data.
	settle = 3*period + time.Minute
)

// notification is one alarm action and the SNS message CloudWatch would publish for it.
type notification struct {
	alarm.ActionEvent
	message []byte
}

// point is one evaluation of one alarm, for the charts.
type point struct {
	t     time.Time
	value float64 // the 5-minute Sum ending at t
	state alarm.State
}

// monitor replays events through metric filters, a period aggregator and one alarm per
// metric, evaluating every simulated minute while data is recent.
type monitor struct {
	filters     []monitored
	group       *metricfilter.Group
	agg         *aggregate.Aggregator
	registry    *alarm.Registry
	alarms      []*alarm.Alarm
	series      []metric.SeriesKey
	counts      []int
	transitions []alarm.Transition
	sent        []notification
	points      [][]point
	pending     []alarm.ActionEvent
	next        time.Time      // the next evaluation instant
	byMetric    map[string]int // filter index by metric name
	byAlarm     map[string]int // filter index by alarm name
	dayCounts   []map[time.Time]float64
}

func newMonitor(filters []monitored) (*monitor, error) {
	m := &monitor{filters: filters, registry: alarm.NewRegistry(), counts: make([]int, len(filters)), points: make([][]point, len(filters)),
		byMetric: map[string]int{}, byAlarm: map[string]int{}, dayCounts: make([]map[time.Time]float64, len(filters))}
	for i := range m.dayCounts {
		m.dayCounts[i] = map[time.Time]float64{}
	}
	var mfs []*metricfilter.Filter
	for _, f := range filters {
		mf, err := metricfilter.New(metricfilter.Config{
			FilterName:    f.Metric,
			FilterPattern: f.Pattern,
			MetricTransformations: []metricfilter.Transformation{
				{MetricName: f.Metric, MetricNamespace: namespace, MetricValue: "1"},
			},
		})
		if err != nil {
			return nil, fmt.Errorf("filter %q: %w", f.Name, err)
		}
		mfs = append(mfs, mf)
		a, err := alarm.New(alarm.Config{
			Name:               f.Metric + "-alarm",
			Namespace:          namespace,
			MetricName:         f.Metric,
			Period:             period,
			EvaluationPeriods:  1,
			Threshold:          f.Threshold,
			ComparisonOperator: "GreaterThanOrEqualToThreshold",
			Statistic:          "Sum",
			TreatMissingData:   "notBreaching",
			AlarmActions:       []string{topicARN},
			OKActions:          []string{topicARN},
			Sink:               alarm.ActionFunc(func(ev alarm.ActionEvent) { m.pending = append(m.pending, ev) }),
		})
		if err != nil {
			return nil, fmt.Errorf("alarm for %q: %w", f.Name, err)
		}
		if err := m.registry.Add(a); err != nil {
			return nil, err
		}
		m.byMetric[f.Metric], m.byAlarm[a.Name()] = len(m.alarms), len(m.alarms)
		m.alarms = append(m.alarms, a)
		m.series = append(m.series, metric.NewSeriesKey(namespace, f.Metric, nil, ""))
	}
	var err error
	if m.group, err = metricfilter.NewGroup(mfs...); err != nil {
		return nil, err
	}
	// Events arrive in time order, so a retention of a few periods bounds memory.
	m.agg, err = aggregate.New(aggregate.Options{Retention: 2 * settle})
	return m, err
}

// run replays events (in time order). Applying the filters, the costly part, runs on every
// CPU; the aggregator and the alarms still see each event's data points in event order, so
// the replay is the same as one event after the other.
func (m *monitor) run(events []metricfilter.LogEvent) error {
	if len(events) == 0 {
		return errNoEvents
	}
	m.next = events[0].Timestamp.Truncate(time.Minute)
	lastData := m.next
	err := m.group.ApplyAll(events, 0,
		func(i int, data []metricfilter.Datum) error {
			minute := events[i].Timestamp.Truncate(time.Minute)
			m.evaluateUntil(minute, lastData) // data of this minute counts from the next instant on
			for _, d := range data {
				k := m.byMetric[d.MetricName]
				m.counts[k]++
				m.dayCounts[k][minute.Truncate(24*time.Hour)]++
			}
			m.agg.AddAll(data)
			lastData = minute
			return nil
		})
	if err != nil {
		return err
	}
	m.evaluateUntil(lastData.Add(settle), lastData)
	return nil
}

// evaluateUntil evaluates every minute up to and including until while data is recent, then
// jumps: with no new data, no alarm can change after settle.
func (m *monitor) evaluateUntil(until, lastData time.Time) {
	for ; !m.next.After(until); m.next = m.next.Add(time.Minute) {
		if m.next.After(lastData.Add(settle)) {
			m.next = until
		}
		m.step(m.next)
	}
}

func (m *monitor) step(t time.Time) {
	m.pending = m.pending[:0]
	m.transitions = append(m.transitions, m.registry.Evaluate(t, m.agg)...)
	for _, ev := range m.pending {
		a := m.alarms[m.byAlarm[ev.AlarmName]]
		msg, err := notify.SNSMessage(a, ev, notify.Environment{AccountID: "123456789012", Region: "us-east-1"})
		if err != nil {
			msg = []byte(err.Error())
		}
		m.sent = append(m.sent, notification{ev, msg})
	}
	for i, a := range m.alarms {
		v, _, ok := m.agg.Statistic(metric.Query{Series: m.series[i], Start: t.Add(-period), End: t, Statistic: sum})
		if !ok {
			v = 0
		}
		m.points[i] = append(m.points[i], point{t: t, value: v, state: a.State()})
	}
}

var sum, _ = metric.ParseStatistic("Sum")
