// Command cwfilter tests, applies and lints Amazon CloudWatch Logs filter patterns offline,
// with the cwfilter library.
//
// Install it from a clone of the repository (its go.work builds it against the checkout) with
//
//	go install ./examples/cwfilter
//
// or, once a release of this module is tagged, without a clone:
//
//	go install github.com/cwfilter/cwfilter/examples/cwfilter@latest
//
// # cwfilter test
//
//	cwfilter test --filter-pattern P --log-event-messages M [M ...]
//	cwfilter test --filter-pattern P --log-event-messages-file F   # one message per line; "-" is stdin
//	cwfilter test --filter-pattern P < messages.txt
//
// Does what `aws logs test-metric-filter` does and prints the same JSON, byte for byte:
//
//	$ cwfilter test --filter-pattern '[ip, user, status=4*]' --log-event-messages '10.0.0.1 bob 404' '10.0.0.1 bob 200'
//	{
//	    "matches": [
//	        {
//	            "eventNumber": 1,
//	            "eventMessage": "10.0.0.1 bob 404",
//	            "extractedValues": {
//	                "$ip": "10.0.0.1",
//	                "$user": "bob",
//	                "$status": "404"
//	            }
//	        }
//	    ]
//	}
//
// An error the service would return is printed as the AWS CLI prints it, with its exit
// status 254:
//
//	An error occurred (InvalidParameterException) when calling the TestMetricFilter operation: Invalid character(s) in term ':'
//
// A command line it cannot parse exits with 252, as the AWS CLI does.
//
// # cwfilter grep
//
//	cwfilter grep [--context metric|subscription|filterlogevents] [-c] [-v] [-j N] [--] P [file ...]
//
// Prints the lines of JSON Lines or text logs (files or stdin, gzip-compressed or not) that
// the pattern selects, each line being one log event message, as FilterLogEvents would. -c
// prints the number of selected lines instead, -v selects the lines that do not match, and
// with several files each output line starts with "file:". Lines are matched in batches on
// GOMAXPROCS goroutines (-j) and printed in input order; a progress bar is drawn when
// stderr is a terminal. --context only changes the text of the generic syntax error. Exit
// status, as for grep: 0 if a line was selected, 1 if none, 2 on error.
//
//	$ cwfilter grep -c '{ $.errorCode = "AccessDenied*" }' cloudtrail/corpus/console-cartographer.jsonl.gz
//	35
//
// # cwfilter lint
//
//	cwfilter lint [file|dir ...]
//
// Finds every filter pattern in CloudFormation templates (JSON or YAML;
// AWS::Logs::MetricFilter and AWS::Logs::SubscriptionFilter) and in `terraform show -json`
// output, plan or state (aws_cloudwatch_log_metric_filter and
// aws_cloudwatch_log_subscription_filter, in the root module and child modules), and checks
// it as PutMetricFilter or PutSubscriptionFilter would, the metric transformation included.
// Each error names the file, the line and column of the value, the resource (logical id or
// Terraform address), AWS's message, and for a pattern error the pattern with a caret:
//
//	template.yaml:21:22: error: ConsoleLoginFilter (AWS::Logs::MetricFilter): FilterPattern: InvalidParameterException: Invalid metric filter pattern (1:38)
//	 | { ($.eventName = "ConsoleLogin") && }
//	 | .....................................^
//	1 file, 2 filters: 1 error, 0 notes
//
// Values that are not literals (!Ref, Fn::Sub, values known only after apply) are noted and
// skipped. A pattern YAML has read as a mapping or a sequence because it was not quoted
// (FilterPattern: { $.x = 1 }) is an error that says to quote it. Directories are searched
// for *.json, *.yaml, *.yml and *.template files; with no argument a file is read from
// stdin. Exit status: 0 if there are no errors, 1 if there are, 2 for a bad command line.
package main
