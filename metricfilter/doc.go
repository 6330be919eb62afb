// Package metricfilter turns log events into metric data points as CloudWatch Logs metric
// filters do (§7): a filter pattern plus one metric transformation, validated like
// PutMetricFilter, applied one event at a time or as a log group's Group of filters.
//
//	f, _ := metricfilter.New(cfg)            // validates like PutMetricFilter
//	data := f.AppendApply(data[:0], event)   // §7.3: zero or one Datum per event
//
// The data points go on to the aggregate package (periods and statistics, which alarms
// read) or the publish package (EMF lines, PutMetricData requests).
//
// TestMetricFilter is the AWS API of that name; WriteCLIJSON prints its result exactly as
// `aws logs test-metric-filter` does.
//
// # Decisions where AWS leaves room (§10.2)
//
//   - New checks, in order: request constraints (filter and log-group names, one
//     transformation, metric name and namespace, metric value length, unit, system fields),
//     the pattern, the metric value form (§7.2), then dimensions: DM1, DM4, DM3, DM2, DM5.
//     The first failure is returned.
//   - The list in the "exactly one transformation" message is printed as
//     [{MetricName: m, MetricNamespace: n, MetricValue: v}, …]; AWS's rendering is unknown.
//   - Numeric MetricValue literals follow §3.3's grammar [+-]?DIGIT+(.DIGIT+)?([eE][+-]?DIGIT+)?
//     (upper-case E accepted) and must be finite.
//   - A non-finite DefaultValue, a system field without a configured value (AccountID,
//     Region), a dimension key breaking DM3 and duplicate filter names in a Group are errors
//     with our own texts; so are ApplyOnTransformedLogs and FieldSelectionCriteria (D-27).
//   - Data points carry Unit "None" when the transformation sets no unit.
//   - Group: more than 100 filters fails with LimitExceededException "Resource limit exceeded.
//     Maximum of 100 metric filters per log group." (our text). A pattern "contains a regular
//     expression" when it is %…% or a JSON / space-delimited pattern with a %…% value.
//   - TestMetricFilter's empty-message error names the 1-based member:
//     'logEventMessages.2.member'.
package metricfilter
