package alarm

import "time"

// State is an alarm state (§9.6 ST1).
type State string

// Alarm states.
const (
	OK               State = "OK"
	Alarming         State = "ALARM"
	InsufficientData State = "INSUFFICIENT_DATA"
)

// Comparison operators (§9.2).
const (
	GreaterThanOrEqualToThreshold = "GreaterThanOrEqualToThreshold"
	GreaterThanThreshold          = "GreaterThanThreshold"
	LessThanThreshold             = "LessThanThreshold"
	LessThanOrEqualToThreshold    = "LessThanOrEqualToThreshold"
)

// TreatMissingData options (§9.1).
const (
	Missing      = "missing"
	Ignore       = "ignore"
	Breaching    = "breaching"
	NotBreaching = "notBreaching"
)

// EvaluateLowSampleCountPercentile options (§9.5).
const (
	LowSampleEvaluate = "evaluate"
	LowSampleIgnore   = "ignore"
)

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
	ComparisonOperator string // "GreaterThanOrEqualToThreshold", ...
	Statistic          string // "Sum", "Average", "SampleCount", "Minimum", "Maximum"
	ExtendedStatistic  string // "p99" etc.; exclusive with Statistic

	TreatMissingData                 string // "missing" (default), "ignore", "breaching", "notBreaching"
	EvaluateLowSampleCountPercentile string // "evaluate" (default) or "ignore"; pNN only

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
	WallClock bool
	// Timezone is an IANA name ("Europe/Paris") or a "±hh:mm" offset; "" is UTC. WallClock only.
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
}

// ActionSink receives action invocations, in list order, once each.
type ActionSink interface {
	Deliver(ActionEvent)
}

// ActionFunc adapts a function to ActionSink.
type ActionFunc func(ActionEvent)

// Deliver calls f(ev).
func (f ActionFunc) Deliver(ev ActionEvent) { f(ev) }
