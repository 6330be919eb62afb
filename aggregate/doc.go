// Package aggregate collects metric data points into per-period statistic sets, as
// CloudWatch does for a metric (§8), and answers the period queries alarms make: an
// Aggregator implements alarm.Source. Aggregators merge exactly (shards, workers) and
// snapshot their state for restarts.
//
//	agg, _ := aggregate.New(aggregate.Options{})
//	agg.AddAll(data)                          // per-minute buckets
//	ev := a.Evaluate(now, agg)                // an alarm reads any [Start, End) period
//
// # Decisions
//
//   - The dimension-set guard (DM9) counts distinct dimension sets per metric (namespace and
//     name) per clock hour of the data's timestamps; dimensionless points are never refused.
//   - Percentiles are nearest rank over the exact samples by default (AG5, D-35); with
//     Options.RelativeError they come from a log-bucketed histogram within that error.
package aggregate
