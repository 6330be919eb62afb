package main

import (
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"time"

	"github.com/cwfilter/cwfilter/alarm"
	"github.com/cwfilter/cwfilter/cloudtrail"
	"github.com/cwfilter/cwfilter/filterpattern"
	"github.com/cwfilter/cwfilter/metricfilter"
)

// The monitor's constants (examples/cloudtrail-monitor/replay.go): the replay must be the same.
const (
	namespace = "CloudTrailMetrics"
	period    = 5 * time.Minute
	// watchedMetric is the filter that -ip and -ip-threshold set.
	watchedMetric = "CallsFromWatchedIP"
)

// settle is how long the alarms keep being evaluated after the newest data: the evaluation
// range (N+2 = 3 periods) plus a minute for sliding windows; a wall-clock range ends at the
// last period boundary, up to a period later, so four periods.
func settle(wallClock bool) time.Duration {
	if wallClock {
		return 4 * period
	}
	return 3*period + time.Minute
}

// filterOptions are the monitor's flags that shape the filters and alarms.
type filterOptions struct {
	path        string   // -filters: JSON Lines file; "" means the built-in set
	threshold   *float64 // -threshold, when given: every filter but the watched IP's
	ip          string   // -ip: the watched source IP instead of the file's
	ipThreshold *float64 // -ip-threshold, when given
	wallClock   bool     // -window wallclock
}

// loadFilters reads and checks the filters as the monitor does (cloudtrail.ReadFilters, or
// cloudtrail.SecurityFilters when no file is given), so that both accept the same files and
// replay them alike. Then -threshold, -ip and -ip-threshold apply, and every metric filter and
// alarm is built once, as PutMetricFilter and PutMetricAlarm would check them. Errors start
// with FILE:LINE.
func loadFilters(o filterOptions) ([]cloudtrail.Filter, error) {
	for _, t := range []*float64{o.threshold, o.ipThreshold} {
		if t != nil && (math.IsNaN(*t) || math.IsInf(*t, 0)) {
			return nil, fmt.Errorf("threshold %v: want a finite number", *t)
		}
	}
	filters := cloudtrail.SecurityFilters()
	if o.path != "" {
		data, err := os.ReadFile(o.path)
		if err != nil {
			return nil, err
		}
		if filters, err = cloudtrail.ReadFilters(o.path, data); err != nil {
			return nil, err
		}
	}
	var mfs []*metricfilter.Filter
	watched := false
	for i := range filters {
		m := &filters[i]
		if m.Metric == watchedMetric {
			watched = true
			if o.ip != "" {
				q, _ := json.Marshal(o.ip)
				m.Name, m.Pattern = "Calls from "+o.ip, "{ $.sourceIPAddress = "+string(q)+" }"
			}
			if o.ipThreshold != nil {
				m.Threshold = *o.ipThreshold
			}
		} else if o.threshold != nil {
			m.Threshold = *o.threshold
		}
		mf, err := newFilter(*m)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", m.Source, renderPatternError(err))
		}
		if _, err := newAlarm(*m, o.wallClock); err != nil {
			return nil, fmt.Errorf("%s: its alarm: %w", m.Source, err)
		}
		mfs = append(mfs, mf)
	}
	if !watched && (o.ip != "" || o.ipThreshold != nil) {
		return nil, fmt.Errorf("--ip and --ip-threshold set the %s filter, which the filters file does not define", watchedMetric)
	}
	if _, err := metricfilter.NewGroup(mfs...); err != nil {
		return nil, err
	}
	return filters, nil
}

// renderPatternError shows a pattern's syntax error with a caret under the fault.
func renderPatternError(err error) error {
	var se *filterpattern.SyntaxError
	if errors.As(err, &se) {
		return errors.New(se.Render())
	}
	return err
}

// newFilter is the monitor's metric filter: 1 to the filter's metric in the CloudTrailMetrics
// namespace for every matching event. It has no FilterName, as in the monitor, so a metric
// name error names metricName.
func newFilter(f cloudtrail.Filter) (*metricfilter.Filter, error) {
	return metricfilter.New(metricfilter.Config{
		FilterPattern: f.Pattern,
		MetricTransformations: []metricfilter.Transformation{
			{MetricName: f.Metric, MetricNamespace: namespace, MetricValue: "1"},
		},
	})
}

func newGroup(filters []cloudtrail.Filter) (*metricfilter.Group, error) {
	mfs := make([]*metricfilter.Filter, len(filters))
	for i, f := range filters {
		var err error
		if mfs[i], err = newFilter(f); err != nil {
			return nil, err
		}
	}
	return metricfilter.NewGroup(mfs...)
}

// newAlarm is the monitor's alarm for one filter: "<metric>-alarm", Sum over 5 minutes ≥
// threshold, one evaluation period, missing data not breaching, sliding or wall-clock window.
func newAlarm(f cloudtrail.Filter, wallClock bool) (*alarm.Alarm, error) {
	return alarm.New(alarm.Config{
		Name:               f.Metric + "-alarm",
		Namespace:          namespace,
		MetricName:         f.Metric,
		Period:             period,
		EvaluationPeriods:  1,
		Threshold:          f.Threshold,
		ComparisonOperator: alarm.GreaterThanOrEqualToThreshold,
		Statistic:          "Sum",
		TreatMissingData:   alarm.NotBreaching,
		EvaluationWindow:   alarm.EvaluationWindow{WallClock: wallClock},
	})
}
