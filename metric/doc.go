// Package metric holds what metric filters, aggregation and alarms say about CloudWatch
// metrics alike: the identity of a series, statistics (including nearest-rank percentiles)
// and units.
package metric
