// Package cwfilter is the root of the cwfilter module, a Go re-implementation of Amazon
// CloudWatch Logs filter patterns, metric filters and CloudWatch metric alarms:
//
//   - filterpattern compiles and matches filter patterns exactly as CloudWatch Logs does;
//   - metricfilter turns matching log events into metric data points and aggregates them;
//   - alarm evaluates CloudWatch metric alarms and composite alarms over those data points.
//
// This package itself only carries the real CloudTrail corpus the examples replay and the
// benchmarks run over; library users never need to import it.
package cwfilter

import "embed"

// CloudTrail holds testdata/cloudtrail: gzip-compressed JSON Lines files of real CloudTrail
// records, one record per line, and NOTICE.md with their sources and licences.
//
//go:embed testdata/cloudtrail/*.jsonl.gz testdata/cloudtrail/NOTICE.md
var CloudTrail embed.FS
