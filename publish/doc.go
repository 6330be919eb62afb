// Package publish renders metric data points the way they leave a program for CloudWatch:
// Embedded Metric Format lines (AppendEMF) and PutMetricData requests (from data points or
// from aggregated periods).
//
// # Decisions
//
//   - EMF output carries data points, not statistic sets (EMF has none): one document per
//     namespace, metric, unit, dimensions and timestamp, values as a number or an array of
//     at most 100. PutMetricData output carries either values or StatisticValues.
package publish
