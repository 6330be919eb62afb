package main

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"time"

	"github.com/cwfilter/cwfilter/alarm"
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

// Monitored is one metric filter with its alarm threshold, as in the monitor's filters file.
// Its fields are exported because the DoFns that carry it are serialised by Beam.
type Monitored struct {
	Name      string  `json:"name"`
	Metric    string  `json:"metric"`
	Pattern   string  `json:"pattern"`
	Threshold float64 `json:"threshold"`
}

// defaultFilters is a byte-for-byte copy of the monitor's filters.jsonl (a test keeps them
// equal): the CIS / Security Hub CloudWatch.1–14 filters, IAM Create* calls and the watched IP.
//
//go:embed filters.jsonl
var defaultFilters []byte

// filterOptions are the monitor's flags that shape the filters and alarms.
type filterOptions struct {
	path        string   // -filters: JSON Lines file; "" means the built-in set
	threshold   *float64 // -threshold, when given: every filter but the watched IP's
	ip          string   // -ip: the watched source IP instead of the file's
	ipThreshold *float64 // -ip-threshold, when given
	wallClock   bool     // -window wallclock
}

// loadFilters reads and checks the filters as the monitor does, so that both accept the same
// files and replay them alike: one JSON object per line (blank lines and # comments aside)
// with only the keys name, metric, pattern and threshold, each once; metric and pattern
// required, threshold 1 and name the pattern by default; one filter per metric; at least one
// filter. Then -threshold, -ip and -ip-threshold apply, and every metric filter and alarm is
// built once, as PutMetricFilter and PutMetricAlarm would check them. Errors start with
// FILE:LINE.
func loadFilters(o filterOptions) ([]Monitored, error) {
	for _, t := range []*float64{o.threshold, o.ipThreshold} {
		if t != nil && (math.IsNaN(*t) || math.IsInf(*t, 0)) {
			return nil, fmt.Errorf("threshold %v: want a finite number", *t)
		}
	}
	data, file := defaultFilters, "filters.jsonl (built in)"
	if o.path != "" {
		var err error
		if data, err = os.ReadFile(o.path); err != nil {
			return nil, err
		}
		file = o.path
	}
	var out []Monitored
	defined := map[string]string{} // metric → FILE:LINE
	watched := false
	for i, line := range bytes.Split(data, []byte("\n")) {
		if line = bytes.TrimSpace(line); len(line) == 0 || line[0] == '#' {
			continue
		}
		at := fmt.Sprintf("%s:%d", file, i+1)
		m, err := parseFilterLine(line)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", at, err)
		}
		if prev, dup := defined[m.Metric]; dup {
			return nil, fmt.Errorf("%s: metric %q is already defined at %s (each metric has one filter and one alarm)", at, m.Metric, prev)
		}
		defined[m.Metric] = at
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
		if _, err := newFilter(m); err != nil {
			return nil, fmt.Errorf("%s: %w", at, renderPatternError(err))
		}
		if _, err := newAlarm(m, o.wallClock); err != nil {
			return nil, fmt.Errorf("%s: its alarm: %w", at, err)
		}
		out = append(out, m)
	}
	switch {
	case len(out) == 0:
		return nil, fmt.Errorf(`%s: no filters (only blank lines and comments); each line is {"name","metric","pattern","threshold"}`, file)
	case !watched && (o.ip != "" || o.ipThreshold != nil):
		return nil, fmt.Errorf("--ip and --ip-threshold set the %s filter, which the filters file does not define", watchedMetric)
	}
	if _, err := newGroup(out); err != nil {
		return nil, err
	}
	return out, nil
}

// parseFilterLine reads one filter: a JSON object and nothing after it, whose keys are
// name, metric, pattern and threshold (case matters), none twice.
func parseFilterLine(line []byte) (Monitored, error) {
	dec := json.NewDecoder(bytes.NewReader(line))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return Monitored{}, errors.New(`not a JSON object: each line is {"name","metric","pattern","threshold"}`)
	}
	values := map[string]json.RawMessage{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return Monitored{}, invalidJSON(err)
		}
		key := tok.(string)
		if !slices.Contains([]string{"name", "metric", "pattern", "threshold"}, key) {
			return Monitored{}, fmt.Errorf("unknown key %q (the keys are name, metric, pattern, threshold)", key)
		}
		if _, twice := values[key]; twice {
			return Monitored{}, fmt.Errorf("key %q given twice", key)
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return Monitored{}, invalidJSON(err)
		}
		values[key] = v
	}
	if _, err := dec.Token(); err != nil {
		return Monitored{}, invalidJSON(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return Monitored{}, errors.New("text after the JSON object (one filter per line)")
	}
	m := Monitored{Threshold: 1}
	for _, f := range []struct {
		key, kind string
		dst       any
	}{{"name", "a string", &m.Name}, {"metric", "a string", &m.Metric}, {"pattern", "a string", &m.Pattern}, {"threshold", "a number", &m.Threshold}} {
		v, ok := values[f.key]
		if !ok || string(v) == "null" {
			if f.key == "metric" || f.key == "pattern" {
				return Monitored{}, fmt.Errorf("%q is required", f.key)
			}
			continue
		}
		if err := json.Unmarshal(v, f.dst); err != nil {
			return Monitored{}, fmt.Errorf("%q must be %s, not %s", f.key, f.kind, v)
		}
	}
	if m.Name == "" {
		m.Name = m.Pattern
	}
	return m, nil
}

func invalidJSON(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return errors.New("invalid JSON: the object is not closed")
	}
	return fmt.Errorf("invalid JSON: %w", err)
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
func newFilter(f Monitored) (*metricfilter.Filter, error) {
	return metricfilter.New(metricfilter.Config{
		FilterPattern: f.Pattern,
		MetricTransformations: []metricfilter.Transformation{
			{MetricName: f.Metric, MetricNamespace: namespace, MetricValue: "1"},
		},
	})
}

func newGroup(filters []Monitored) (*metricfilter.Group, error) {
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
func newAlarm(f Monitored, wallClock bool) (*alarm.Alarm, error) {
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
