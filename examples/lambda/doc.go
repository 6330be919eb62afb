// Command lambda is an AWS Lambda function that computes CloudWatch Logs metric filters
// itself: subscribe it to a log group (typically the one CloudTrail delivers to) and it
// applies a set of metric filters to every delivered event and prints the resulting data
// points as CloudWatch Embedded Metric Format (EMF) lines, which CloudWatch turns into
// metrics. Use it to run filters AWS would reject or to count over several log groups with
// one definition, or as a worked example of the metricfilter package.
//
// # Input
//
// The event is a CloudWatch Logs subscription delivery, {"awslogs":{"data":"…"}}: base64 of
// gzip of a JSON object. A CONTROL_MESSAGE (CloudWatch checking that the destination is
// reachable) is acknowledged and produces nothing. For a DATA_MESSAGE each log event
// (timestamp in ms, message) goes through every configured filter. A payload that is not
// valid base64, gzip or JSON, or has another messageType, makes the invocation fail, so
// Lambda retries it; the handler never panics.
//
// # Output
//
// One EMF document per line on standard output, written once per invocation after all
// events are processed. The grouping is publish.AppendEMF's: one document per
// (namespace, metric name, unit, dimension names and values, minute), whose metric member is
// the single value or an array of the values (at most 100 per document; more continue in
// further documents). _aws.Timestamp is the minute of the events (metric filters truncate
// event times to the UTC minute). Values are the individual data points, not pre-summed, so
// SampleCount, Sum, Minimum, Maximum and percentiles come out as if CloudWatch ran the filter.
// Keeping one metric per document also means a dimension of one filter can never collide
// with the metric name of another, and documents never need shared dimension values.
//
// On standard error, one line per invocation that had any: how many events were skipped
// because they are larger than the event size limit (CloudWatch Logs never hands such an
// event to a filter, so it publishes nothing, not even a default value), and any data point
// EMF cannot carry, dropped with the reason.
//
// CloudWatch extracts EMF only from events at most 14 days old and 2 hours in the future, so
// replaying older batches yields no metrics. Do not subscribe the function to its own log
// group.
//
// # Configuration
//
// CWFILTER_METRIC_FILTERS holds JSON: an array of metric filters in the shape
// `aws logs describe-metric-filters` prints, or that command's whole output
// ({"metricFilters": [...]}). Members: filterName, filterPattern, optional logGroupName,
// metricTransformations (exactly one: metricName, metricNamespace, metricValue, optional
// defaultValue, dimensions, unit) and optional emitSystemFieldDimensions. Unknown members
// are ignored. For example:
//
//	[{"filterName": "unauthorized", "filterPattern": "{ $.errorCode = \"AccessDenied*\" }",
//	  "metricTransformations": [{"metricName": "UnauthorizedAPICalls", "metricNamespace": "Security",
//	    "metricValue": "1", "unit": "Count", "dimensions": {"EventSource": "$.eventSource"}}]}]
//
// Every filter is validated as PutMetricFilter would; an invalid one fails the function's
// initialisation with the AWS error text. A filter with a logGroupName applies only to
// deliveries from that log group; the others apply to every delivery.
//
// Lambda limits all environment variables together to 4 KB, so larger sets go in a file
// shipped in the deployment package, named by CWFILTER_METRIC_FILTERS_FILE (same JSON;
// setting both variables is an error). System-field dimensions take @aws.region from
// AWS_REGION (set by Lambda) and @aws.account from CWFILTER_ACCOUNT_ID.
//
// Without configuration the function uses DefaultFilters: Security Hub CloudWatch.1 (root
// user), .2 (unauthorized API calls), .3 (console sign-in without MFA) and .4 (IAM policy
// changes), each counting 1 per match, unit Count, namespace CloudTrailMetrics, metrics
// RootAccountUsage, UnauthorizedAPICalls, ConsoleSignInWithoutMFA and IAMPolicyChanges.
//
// # Deployment
//
// Build for the provided.al2023 runtime (arm64 shown; use amd64 for x86_64 functions):
//
//	GOOS=linux GOARCH=arm64 CGO_ENABLED=0 go build -tags lambda.norpc -o bootstrap .
//	zip function.zip bootstrap            # add the filters file here if you use one
//	aws lambda create-function --function-name cwfilter-metrics --runtime provided.al2023 \
//	    --architectures arm64 --handler bootstrap --zip-file fileb://function.zip --role <role-arn>
//	aws lambda add-permission --function-name cwfilter-metrics --statement-id logs \
//	    --principal logs.amazonaws.com --action lambda:InvokeFunction \
//	    --source-arn 'arn:aws:logs:<region>:<account>:log-group:<log-group>:*'
//	aws logs put-subscription-filter --log-group-name <log-group> --filter-name cwfilter \
//	    --filter-pattern '' --destination-arn <function-arn>
//
// The function needs no permissions beyond writing its own logs (AWSLambdaBasicExecutionRole):
// metrics are extracted from those logs. The subscription's filter pattern may narrow what
// is delivered, but a filter with a defaultValue then only sees the delivered events.
package main
