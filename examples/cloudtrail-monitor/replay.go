package main

import (
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/cwfilter/cwfilter/aggregate"
	"github.com/cwfilter/cwfilter/alarm"
	"github.com/cwfilter/cwfilter/cloudtrail"
	"github.com/cwfilter/cwfilter/filterpattern"
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
	// settleWallClock is the same for wall-clock windows, whose range ends at the last period
	// boundary: up to a period later before the last data leaves it.
	settleWallClock = 4 * period
)

// notification is one alarm action and the SNS message CloudWatch would publish for it.
type notification struct {
	alarm.ActionEvent
	message []byte
}

// point is one evaluation of one alarm, for the charts.
type point struct {
	t     time.Time
	value float64 // the Sum of the newest period the alarm evaluated at t
	state alarm.State
}

// transitionDetail is what the monitor knows about a transition beyond the alarm's reason.
type transitionDetail struct {
	cited    []alarm.Datapoint // the real datapoints the reason cites, newest first
	newest   time.Time         // start of the newest period the alarm evaluated
	lookBack bool              // the newest period had no data: the reason cites older ones
	events   []int             // ALARM only: the events behind the cited datapoints, in time order
}

// monitor replays events through metric filters, a period aggregator and one alarm per
// metric, evaluating every simulated minute while data is recent.
type monitor struct {
	filters     []cloudtrail.Filter
	group       *metricfilter.Group
	agg         *aggregate.Aggregator
	registry    *alarm.Registry
	alarms      []*alarm.Alarm
	series      []metric.SeriesKey
	transitions []alarm.Transition
	details     []transitionDetail // one per transition
	events      []metricfilter.LogEvent
	matched     [][]int // per filter, the indexes of the events it matched, in time order
	wallClock   bool    // alarms use wall-clock windows, not the sliding default
	settle      time.Duration
	sent        []notification
	points      [][]point
	pending     []alarm.ActionEvent
	next        time.Time      // the next evaluation instant
	byMetric    map[string]int // filter index by metric name
	byAlarm     map[string]int // filter index by alarm name
	periods     *periodStats   // every period's statistics, for -datapoints
}

func newMonitor(filters []cloudtrail.Filter, wallClock bool) (*monitor, error) {
	m := &monitor{filters: filters, registry: alarm.NewRegistry(), points: make([][]point, len(filters)),
		byMetric: map[string]int{}, byAlarm: map[string]int{}, periods: newPeriodStats(period),
		matched: make([][]int, len(filters)), wallClock: wallClock, settle: settle}
	if wallClock {
		m.settle = settleWallClock
	}
	var mfs []*metricfilter.Filter
	for _, f := range filters {
		// No FilterName: the metric name is the user's, so its errors name metricName.
		mf, err := metricfilter.New(metricfilter.Config{
			FilterPattern: f.Pattern,
			MetricTransformations: []metricfilter.Transformation{
				{MetricName: f.Metric, MetricNamespace: namespace, MetricValue: "1"},
			},
		})
		if err != nil {
			return nil, filterError(f, err)
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
			EvaluationWindow:   alarm.EvaluationWindow{WallClock: wallClock},
			AlarmActions:       []string{topicARN},
			OKActions:          []string{topicARN},
			Sink:               alarm.ActionFunc(func(ev alarm.ActionEvent) { m.pending = append(m.pending, ev) }),
		})
		if err != nil {
			return nil, filterError(f, fmt.Errorf("its alarm: %w", err))
		}
		if err := m.registry.Add(a); err != nil {
			return nil, filterError(f, err)
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
	m.agg, err = aggregate.New(aggregate.Options{Retention: 2 * m.settle})
	return m, err
}

// run replays events (in time order). Applying the filters, the costly part, runs on every
// CPU; the aggregator and the alarms still see each event's data points in event order, so
// the replay is the same as one event after the other.
func (m *monitor) run(events []metricfilter.LogEvent) error {
	if len(events) == 0 {
		return errNoEvents
	}
	m.events = events
	m.next = events[0].Timestamp.Truncate(time.Minute)
	lastData := m.next
	err := m.group.ApplyAll(events, 0,
		func(i int, data []metricfilter.Datum) error {
			minute := events[i].Timestamp.Truncate(time.Minute)
			m.evaluateUntil(minute, lastData) // data of this minute counts from the next instant on
			for _, d := range data {
				k := m.byMetric[d.MetricName]
				m.matched[k] = append(m.matched[k], i)
				m.periods.add(d)
			}
			m.agg.AddAll(data)
			lastData = minute
			return nil
		})
	if err != nil {
		return err
	}
	m.evaluateUntil(lastData.Add(m.settle), lastData)
	return nil
}

// evaluateUntil evaluates every minute up to and including until while data is recent, then
// jumps: with no new data, no alarm can change after settle.
func (m *monitor) evaluateUntil(until, lastData time.Time) {
	for ; !m.next.After(until); m.next = m.next.Add(time.Minute) {
		if m.next.After(lastData.Add(m.settle)) {
			m.next = until
		}
		m.step(m.next)
	}
}

func (m *monitor) step(t time.Time) {
	m.pending = m.pending[:0]
	for _, tr := range m.registry.Evaluate(t, m.agg) {
		m.transitions = append(m.transitions, tr)
		m.details = append(m.details, m.explain(tr))
	}
	for _, ev := range m.pending {
		a := m.alarms[m.byAlarm[ev.AlarmName]]
		msg, err := notify.SNSMessage(a, ev, notify.Environment{AccountID: "123456789012", Region: "us-east-1"})
		if err != nil {
			msg = []byte(err.Error())
		}
		m.sent = append(m.sent, notification{ev, msg})
	}
	end := m.newestEnd(t)
	for i, a := range m.alarms {
		v, _, ok := m.agg.Statistic(metric.Query{Series: m.series[i], Start: end.Add(-period), End: end, Statistic: sum})
		if !ok {
			v = 0
		}
		m.points[i] = append(m.points[i], point{t: t, value: v, state: a.State()})
	}
}

var sum, _ = metric.ParseStatistic("Sum")

// filterError places err at the filter's line; a pattern error shows the pattern with a caret
// under the fault.
func filterError(f cloudtrail.Filter, err error) error {
	var se *filterpattern.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("%s: %s", f.Source, se.Render())
	}
	return fmt.Errorf("%s: %w", f.Source, err)
}

// newestEnd is the end of the newest period an alarm evaluates at t: t itself for the sliding
// window, the last 5-minute boundary (aligned from midnight UTC) for the wall-clock one.
func (m *monitor) newestEnd(t time.Time) time.Time {
	if m.wallClock {
		return time.Unix(alignedStart(t, period), 0).UTC()
	}
	return t
}

// explain finds the datapoints a transition's reason cites (from the alarm's StateReasonData),
// whether they come from the look-back, and for an ALARM transition the events behind them.
func (m *monitor) explain(tr alarm.Transition) transitionDetail {
	k := m.byAlarm[tr.Name]
	d := transitionDetail{newest: m.newestEnd(tr.Timestamp).Add(-period)}
	for _, p := range m.alarms[k].Status().ReasonData.EvaluatedDatapoints {
		// Periods without data carry no samples (the aggregator's real ones always have some).
		if p.SampleCount > 0 {
			d.cited = append(d.cited, p)
		}
	}
	// AWS looks back to the most recent datapoints when the newest periods have none; after a
	// burst, the sliding window's look-back can then change the state again.
	d.lookBack = tr.LookBack > 0
	if tr.State == alarm.Alarming {
		for _, p := range d.cited {
			d.events = append(d.events, m.eventsIn(k, p.Timestamp, p.Timestamp.Add(period))...)
		}
		sort.Ints(d.events)
	}
	return d
}

// eventsIn returns the indexes of the events filter k matched in [start, end).
func (m *monitor) eventsIn(k int, start, end time.Time) []int {
	idx := m.matched[k]
	i := sort.Search(len(idx), func(i int) bool { return !m.events[idx[i]].Timestamp.Before(start) })
	j := i
	for j < len(idx) && m.events[idx[j]].Timestamp.Before(end) {
		j++
	}
	return idx[i:j:j]
}
