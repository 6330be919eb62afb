// Package alarm evaluates CloudWatch metric alarms and composite alarms as CloudWatch does
// (§9): their states, transitions, reasons and actions.
//
// An Alarm is created from a Config validated like PutMetricAlarm (New) and starts in
// INSUFFICIENT_DATA. EvaluateWindow decides from an explicit evaluation range; Evaluate builds
// that range from a Source at an instant (sliding or wall-clock periods) and is idempotent per
// grid instant. Transitions invoke the new state's actions through Config.Sink. Snapshot and
// Restore carry state across restarts. A Registry holds alarms and composite alarms (their
// AlarmRule) and a Driver evaluates it on a caller-supplied clock. The period statistics an
// alarm reads come from a Source (the aggregate package's Aggregator is one); the notify
// package renders the SNS messages of its transitions.
//
// Evaluation allocates nothing unless the state changes; a transition allocates its reason.
//
// Decisions (besides the D-… entries of docs/decisions.md):
//   - The reason is refreshed only by transitions (D-44 allows either); Evaluation.Reason of a
//     steady state is the reason of the last transition.
//   - An INSUFFICIENT_DATA result of the premature-alarm rule (missing data, only breaching
//     points, too recent) reads "Insufficient Data: <f> datapoints were unknown." with f the
//     number of periods filled.
//   - Datapoint.SampleCount 0 means unknown and never counts as a low sample (§9.5).
//   - EvaluateWindow takes the range as given (its length is R) and stamps the evaluation at
//     the end of its newest period.
//   - Evaluate at an instant earlier than the last evaluated one evaluates nothing.
//   - Threshold must be finite; ActionsEnabled is a *bool (nil = true).
//   - WallClock periods shorter than a day align from local midnight.
//   - Composite alarms are evaluated at the first Registry evaluation after their definition
//     and then whenever a child changes state; AT_LEAST(k) needs 1 ≤ k ≤ list length and
//     AT_LEAST(p%) needs 0 < p ≤ 100. The composite reason lists the children whose state
//     satisfies an atom of the rule (D-53).
package alarm
