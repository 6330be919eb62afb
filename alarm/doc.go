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
// Nothing here reads the wall clock: WithClock supplies the creation and update times, or the
// instants the caller gives date the alarm (D-89). Evaluation allocates nothing unless the
// state changes; a transition allocates its reason. Alarm, Composite, Registry and
// MemorySource are safe for concurrent use.
//
// Decisions (the D-… entries of docs/decisions.md; the alarm ones are D-76 to D-83 and D-88
// to D-92):
//   - The reason is refreshed only by transitions (D-76); Evaluation.Reason of a steady state
//     is the reason of the last transition.
//   - An INSUFFICIENT_DATA result of the premature-alarm rule reads "Insufficient Data: <f>
//     datapoints were unknown." with f the number of periods filled (D-77).
//   - Datapoint.SampleCount 0 means unknown and never counts as a low sample (D-78).
//   - EvaluateWindow takes the range as given (its length is R) and stamps the evaluation at
//     the end of its newest period (D-79); Evaluate at an instant earlier than the last
//     evaluated one evaluates nothing (D-48).
//   - Threshold must be finite; ActionsEnabled is a *bool, nil meaning true (D-80).
//   - WallClock periods shorter than a day align from local midnight (D-81); Timezone offsets
//     are at most 14:00 and an IANA name without a zone database fails with an error naming
//     time/tzdata, which programs, not this library, import (D-92).
//   - Composite alarms are evaluated at the first Registry evaluation after their definition
//     and then whenever a child changes state; AT_LEAST(k) needs 1 ≤ k ≤ list length and
//     AT_LEAST(p%) needs 0 < p ≤ 100; the composite reason lists the children whose state
//     satisfies an atom of the rule (D-82, D-53).
//   - StateReasonData lists the evaluated periods from the oldest real datapoint used to the
//     newest, missing ones as timestamps; startDate is the oldest cited datapoint (D-88).
//   - Creation and Update are dated by WithClock, else by the first / latest instant given;
//     AlarmConfigurationUpdatedTimestamp is never zero in a notification (D-89).
//   - Evaluation.LookBack counts the periods past the newest N that a decision reached to
//     find the most recent datapoints (D-90): a reason citing older datapoints, and a state
//     that may change again after a metric stops, are AWS's behaviour, and LookBack shows them.
//   - ComparisonOperator, Statistic, ExtendedStatistic, TreatMissingData and
//     LowSampleCountPercentile are string types with AWS's spellings and Valid methods (D-91).
//   - Metrics of the AWS/DynamoDB namespace always ignore missing data (§9.1).
package alarm
