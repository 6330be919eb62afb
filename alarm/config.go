package alarm

import "time"

// State is an alarm state (SPEC §9.6 ST1).
type State string

// Alarm states.
const (
	OK               State = "OK"
	Alarming         State = "ALARM"
	InsufficientData State = "INSUFFICIENT_DATA"
)

// Comparison operators (SPEC §9.2).
const (
	GreaterThanOrEqualToThreshold = "GreaterThanOrEqualToThreshold"
	GreaterThanThreshold          = "GreaterThanThreshold"
	LessThanThreshold             = "LessThanThreshold"
	LessThanOrEqualToThreshold    = "LessThanOrEqualToThreshold"
)

// TreatMissingData options (SPEC §9.1).
const (
	Missing      = "missing"
	Ignore       = "ignore"
	Breaching    = "breaching"
	NotBreaching = "notBreaching"
)

// EvaluateLowSampleCountPercentile options (SPEC §9.5).
const (
	LowSampleEvaluate = "evaluate"
	LowSampleIgnore   = "ignore"
)

// Config is the definition of a metric alarm, shaped like PutMetricAlarm (SPEC §9.1).
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

	// TreatMissingData is "missing" (default), "ignore", "breaching" or "notBreaching". Metrics
	// of the AWS/DynamoDB namespace always ignore missing data, whatever it says (§9.1).
	TreatMissingData                 string
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

// EvaluationWindow selects how evaluation periods are placed in time (SPEC §9.3).
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
}

// ActionSink receives action invocations, in list order, once each.
type ActionSink interface {
	Deliver(ActionEvent)
}

// ActionFunc adapts a function to ActionSink.
type ActionFunc func(ActionEvent)

// Deliver calls f(ev).
func (f ActionFunc) Deliver(ev ActionEvent) { f(ev) }
