package alarm

import (
	"strconv"
	"time"

	"github.com/cwfilter/cwfilter/metric"
)

// State is an alarm state (§9.6 ST1).
type State string

// Alarm states.
const (
	OK               State = "OK"
	Alarming         State = "ALARM"
	InsufficientData State = "INSUFFICIENT_DATA"
)

// ComparisonOperator is a static-threshold comparison (§9.2), spelled as in
// PutMetricAlarm. Untyped string constants convert implicitly, so a Config still reads
// ComparisonOperator: "GreaterThanThreshold"; a value read at run time converts with
// ComparisonOperator(s) and can be checked with Valid. The other enum-like fields follow the
// same pattern (D-91).
type ComparisonOperator string

// Comparison operators (§9.2).
const (
	GreaterThanOrEqualToThreshold ComparisonOperator = "GreaterThanOrEqualToThreshold"
	GreaterThanThreshold          ComparisonOperator = "GreaterThanThreshold"
	LessThanThreshold             ComparisonOperator = "LessThanThreshold"
	LessThanOrEqualToThreshold    ComparisonOperator = "LessThanOrEqualToThreshold"
)

// Valid reports whether New accepts o: one of the four static-threshold operators.
func (o ComparisonOperator) Valid() bool {
	switch o {
	case GreaterThanOrEqualToThreshold, GreaterThanThreshold, LessThanThreshold, LessThanOrEqualToThreshold:
		return true
	}
	return false
}

// TreatMissingData says how missing periods count (§9.1, §9.4), spelled as in
// PutMetricAlarm; "" means Missing.
type TreatMissingData string

// TreatMissingData options (§9.1).
const (
	Missing      TreatMissingData = "missing"
	Ignore       TreatMissingData = "ignore"
	Breaching    TreatMissingData = "breaching"
	NotBreaching TreatMissingData = "notBreaching"
)

// Valid reports whether New accepts t: one of the four options, or "" (Missing).
func (t TreatMissingData) Valid() bool {
	switch t {
	case "", Missing, Ignore, Breaching, NotBreaching:
		return true
	}
	return false
}

// LowSampleCountPercentile is EvaluateLowSampleCountPercentile (§9.5); "" means
// LowSampleEvaluate.
type LowSampleCountPercentile string

// EvaluateLowSampleCountPercentile options (§9.5).
const (
	LowSampleEvaluate LowSampleCountPercentile = "evaluate"
	LowSampleIgnore   LowSampleCountPercentile = "ignore"
)

// Valid reports whether New accepts l (with a percentile): evaluate, ignore or "".
func (l LowSampleCountPercentile) Valid() bool {
	return l == "" || l == LowSampleEvaluate || l == LowSampleIgnore
}

// Statistic is a simple statistic (PutMetricAlarm's Statistic).
type Statistic string

// Simple statistics (AG3).
const (
	SampleCount Statistic = "SampleCount"
	Sum         Statistic = "Sum"
	Average     Statistic = "Average"
	Minimum     Statistic = "Minimum"
	Maximum     Statistic = "Maximum"
)

// Valid reports whether s is one of the five simple statistics.
func (s Statistic) Valid() bool {
	switch s {
	case SampleCount, Sum, Average, Minimum, Maximum:
		return true
	}
	return false
}

// ExtendedStatistic is a percentile "pNN" (PutMetricAlarm's ExtendedStatistic; only
// percentiles are supported, D-37). Percentile builds one from a number.
type ExtendedStatistic string

// Percentile returns the ExtendedStatistic "p<nn>", e.g. Percentile(99.9) = "p99.9". New
// rejects values outside 0–100 or with more than 10 decimals.
func Percentile(nn float64) ExtendedStatistic {
	return ExtendedStatistic("p" + strconv.FormatFloat(nn, 'f', -1, 64))
}

// Valid reports whether s is a percentile New accepts: p0 to p100, at most 10 decimals.
func (s ExtendedStatistic) Valid() bool {
	st, ok := metric.ParseStatistic(string(s))
	return ok && st.Kind == metric.Percentile
}

// Config is the definition of a metric alarm, shaped like PutMetricAlarm (§9.1).
type Config struct {
	Name        string
	Description string // AlarmDescription; only used in notifications

	Namespace, MetricName string // the series Evaluate reads from a Source
	Dimensions            map[string]string
	Unit                  string // "" pools every unit of the metric (D-38)

	Period            time.Duration
	EvaluationPeriods int // N
	DatapointsToAlarm int // M; 0 means N

	Threshold          float64
	ComparisonOperator ComparisonOperator // GreaterThanOrEqualToThreshold, ...
	Statistic          Statistic          // Sum, Average, SampleCount, Minimum, Maximum
	ExtendedStatistic  ExtendedStatistic  // "p99" etc. (Percentile); exclusive with Statistic

	// TreatMissingData is "missing" (default), "ignore", "breaching" or "notBreaching". Metrics
	// of the AWS/DynamoDB namespace always ignore missing data, whatever it says (§9.1).
	TreatMissingData                 TreatMissingData
	EvaluateLowSampleCountPercentile LowSampleCountPercentile // "evaluate" (default) or "ignore"; pNN only

	EvaluationRange  int              // periods fetched per evaluation; 0 means N+2 (D-39)
	EvaluationWindow EvaluationWindow // Sliding (zero value) or WallClock

	ActionsEnabled          *bool // nil means true
	AlarmActions            []string
	OKActions               []string
	InsufficientDataActions []string
	// Sink receives the actions of each transition (ST7). nil discards them.
	Sink ActionSink
}

// EvaluationWindow selects how evaluation periods are placed in time (§9.3).
type EvaluationWindow struct {
	// WallClock aligns periods to clock boundaries in Timezone instead of sliding with now.
	// It needs a Period of 60, 300, 3600, 86400 or 604800 seconds (§9.1).
	WallClock bool
	// Timezone is an IANA name ("America/New_York"), an offset ("+05:30") or an
	// offset-prefixed id ("UTC+05:30"), offsets on 5-minute steps; "" is UTC. WallClock only.
	// An IANA name needs a time zone database: on machines without one, the program (not
	// this library) imports time/tzdata to embed it.
	Timezone string
}

// Bool returns a pointer to v, for Config.ActionsEnabled.
func Bool(v bool) *bool { return &v }

// ActionEvent is one action invocation caused by a transition (ST7).
type ActionEvent struct {
	AlarmName string
	Action    string // the ARN or name from the new state's action list
	OldState  State
	NewState  State
	Reason    string
	Timestamp time.Time
	LookBack  int // the transition's Evaluation.LookBack: > 0 when its reason cites look-back datapoints
}

// ActionSink receives action invocations, in list order, once each.
type ActionSink interface {
	Deliver(ActionEvent)
}

// ActionFunc adapts a function to ActionSink.
type ActionFunc func(ActionEvent)

// Deliver calls f(ev).
func (f ActionFunc) Deliver(ev ActionEvent) { f(ev) }
