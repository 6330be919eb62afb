// Command beam replays CloudTrail through the cloudtrail-monitor's metric filters and alarms
// as an Apache Beam pipeline, so that months of an organisation trail in S3 or Cloud Storage
// can be replayed on as many machines as a Beam runner gives it (Dataflow, Flink, Spark), or
// in-process on Beam's local runner, prism. Its transitions.jsonl and datapoints.jsonl hold
// the same lines as the monitor's -transitions and -datapoints files for the same input,
// filters and flags.
//
// Usage (from this directory):
//
//	go run . --input '../../cloudtrail/corpus/*.jsonl.gz' --output DIR [flags]
//
//	--input GLOB       CloudTrail files: JSON Lines or log files {"Records":[…]}, gzip or not
//	                   (detected from the content); a local path or glob, gs://bucket/… or
//	                   s3://bucket/…; repeatable. A glob that matches nothing is an error.
//	--output DIR       where to write transitions.jsonl and datapoints.jsonl (local, gs://, s3://)
//	--filters F        metric filters as JSON Lines {"name","metric","pattern","threshold"}
//	                   (default: the monitor's built-in CIS set); checked as the monitor checks it
//	--threshold N      alarm threshold for every filter but CallsFromWatchedIP
//	--ip A             the CallsFromWatchedIP filter's pattern becomes { $.sourceIPAddress = "A" }
//	--ip-threshold N   alarm threshold for CallsFromWatchedIP
//	--window W         alarm evaluation window: sliding (default) or wallclock
//	--runner R         prism (default, in-process), dataflow, flink, spark, universal
//
// The semantics are the monitor's: a record is replayed when it is at most CloudWatch Logs'
// event size, valid UTF-8 and has an eventTime package cloudtrail reads (the others are counted
// by reason); each filter publishes 1 per matching event to its metric in the
// CloudTrailMetrics namespace; each metric has an alarm "<metric>-alarm" (Sum over 5 minutes ≥
// threshold, one evaluation period, missing data not breaching) evaluated every minute from
// the first event's minute while data is recent, idle stretches skipped. The output files are
// sorted; the counters (files, records, record bytes, events replayed, left out by reason,
// data points, file aggregates, accumulators merged) go to stderr when the runner reports
// metrics. No replayed event is an error, as in the monitor, once the outputs (empty) are
// written.
//
// # The pipeline
//
//  1. Match the globs (fileio) and reshuffle the file names, so that the files spread over the
//     workers; read each file whole. Every record is checked as the monitor checks it, its
//     minute noted, and matched against all filters at once by a filterpattern.Set compiled
//     once per DoFn instance (Setup); only a matching record becomes a log event for the
//     metric filter group. The file's data points go into one aggregate.Aggregator per key
//     (namespace, metric, dimensions, 5-minute period), emitted when the file is done: a few
//     elements per file, none per event.
//  2. The Aggregator as a CombineFn per key: AddInput merges the files' aggregates, the runner
//     does that per bundle before the shuffle (combiner lifting) and merges the accumulators
//     of a key from every worker after it (MergeAccumulators). What crosses the network is
//     Aggregator snapshots (the accumulator coder), never events. Merging is exact.
//  3. The distinct event minutes (per file, then a global combine) become a side input: the
//     alarm schedule depends on every replayed event, matched or not.
//  4. Each key's statistics become a datapoints.jsonl line. The periods of each alarm's series
//     are grouped by metric with that alarm's configuration (CoGroupByKey, so an alarm without
//     data is evaluated too), sorted by time and merged one period at a time, just before the
//     first instant that reads them, into an Aggregator with the monitor's retention while the
//     alarm is evaluated at every instant of the schedule: one alarm's series on one worker, in
//     event-time order.
//  5. Each output is written sorted, as one file, by a single writer.
//
// # Runners
//
// Dataflow (the Go SDK cross-compiles this program from its source for the linux/amd64 workers
// and stages it, so run it from this directory, or give a binary with --worker_binary):
//
//	go run . --runner=dataflow --project=PROJECT --region=REGION \
//	  --temp_location=gs://BUCKET/tmp --staging_location=gs://BUCKET/staging \
//	  --input='gs://BUCKET/AWSLogs/o-XXXX/*/CloudTrail/*/2024/*/*/*.json.gz' --output=gs://BUCKET/replay \
//	  [--num_workers=N --max_num_workers=N --worker_machine_type=n2-standard-4]
//
// Flink (a Flink cluster and Beam's Flink job server; the Go workers run in the SDK's Docker
// container next to each task manager, or, for a test on one machine, in this process with
// --environment_type=LOOPBACK):
//
//	go run . --runner=flink --endpoint=localhost:8099 --environment_type=DOCKER \
//	  --input='s3://BUCKET/AWSLogs/…/*.json.gz' --output=s3://BUCKET/replay
//
// Spark's portable runner takes the same --endpoint and --environment_type flags. S3 paths use
// the AWS SDK's default credential chain (environment, shared config, instance role); gs://
// paths use Application Default Credentials.
package main
