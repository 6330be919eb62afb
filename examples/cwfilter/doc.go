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
//	cwfilter test --filter-pattern P --log-event-messages M [M ...] [--output json|text|yaml|table]
//	cwfilter test --cli-input-json '{"filterPattern": P, "logEventMessages": [M, ...]}'
//	cwfilter test --filter-pattern P --log-event-messages-file F   # one message per line; "-" is stdin
//	cwfilter test --filter-pattern P < messages.txt
//
// Does what `aws logs test-metric-filter` does, takes its arguments as the AWS CLI reads
// them and prints what it prints, byte for byte:
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
// --log-event-messages takes the words up to the next option, each one message. One word
// that starts with '[' is a JSON list of messages (and must be one, as for the AWS CLI). A
// file://PATH word is replaced by the file's content, which is then a JSON list or, as the
// AWS CLI does with text for a list parameter, one message per character (a note on stderr
// says so; --log-event-messages-file reads one message per line). --filter-pattern,
// --cli-input-json and --cli-input-yaml accept file://PATH too; arguments on the command
// line win over those of --cli-input-json. --output text, yaml and table render the response
// as the AWS CLI (version 2) does; the table fits 80 columns, or $COLUMNS when stdout is a
// terminal, and has no colours. --region, --profile, --endpoint-url, --color and
// --no-cli-pager are accepted and ignored.
//
// Errors are printed as the AWS CLI prints them, after an empty line. A command line it
// cannot parse, and a request its client-side validation refuses (an empty list, an empty
// message, a member of the wrong type), exit with 252. An error the service would return
// exits with 254:
//
//	An error occurred (InvalidParameterException) when calling the TestMetricFilter operation: Invalid character(s) in term ':'
//
// For more than 50 messages AWS's error repeats the whole list; cwfilter keeps AWS's message
// and puts the number of messages in place of the list: Value '[… 100000 messages]'.
//
// # cwfilter grep
//
//	cwfilter grep [--context metric|subscription|filterlogevents] [-c] [-v] [-j N]
//	              [--max-event-size BYTES] [--] P [file ...]
//
// Prints the lines of JSON Lines or text logs (files or stdin, gzip-compressed or not) that
// the pattern selects, each line being one log event message, as FilterLogEvents would. -c
// prints the number of selected lines instead, -v selects the lines that do not match, and
// with several files each output line starts with "file:". Flags may come anywhere, before
// or after P and the files; -- ends them. Lines are matched in batches on GOMAXPROCS
// goroutines (-j) and printed in input order; a progress bar is drawn when stderr is a
// terminal. --context only changes the text of the generic syntax error.
//
// --max-event-size (default filterpattern.DefaultMaxEventSize, CloudWatch Logs' limit on one
// event; 0 for none) is the longest line, in bytes, that can match: CloudWatch never
// delivers a larger event to a filter. For a JSON pattern, a line that starts with '{' but is
// not valid UTF-8 never matches either (AWS treats it as invalid JSON); other patterns match
// bytes, whatever their encoding. When lines were passed over for these reasons, stderr says
// how many, once at the end:
//
//	$ cwfilter grep -c --max-event-size 1000 '{ $.level = "ERROR" }' app.log
//	41
//	cwfilter grep: 3 events skipped: 2 larger than the event-size limit (1000 bytes), 1 not valid UTF-8
//
// A file that cannot be opened or read (missing, a directory, a truncated gzip file) is
// reported as "cwfilter grep: FILE: reason" and the other files are still searched; with -c
// the count of a broken file is that of the lines read before the failure. Exit status, as
// for grep: 0 if a line was selected, 1 if none, 2 if a file could not be read or P is
// invalid, even if lines were selected.
//
//	$ cwfilter grep -c '{ $.errorCode = "AccessDenied*" }' cloudtrail/corpus/console-cartographer.jsonl.gz
//	35
//
// # cwfilter lint
//
//	cwfilter lint [--format text|json|sarif] [--allow-nothing] [file|dir ...]
//
// Finds every metric and subscription filter of
//
//   - Terraform configurations (*.tf): aws_cloudwatch_log_metric_filter (pattern and
//     metric_transformation) and aws_cloudwatch_log_subscription_filter (filter_pattern);
//   - CloudFormation and SAM templates, JSON or YAML: AWS::Logs::MetricFilter and
//     AWS::Logs::SubscriptionFilter;
//   - `terraform show -json` output, plan or state, root and child modules;
//
// and checks it as PutMetricFilter or PutSubscriptionFilter would, the metric transformation
// included. Each error names the file, line and column of the faulty character itself,
// through the string's escapes, YAML block scalars and folding, and Terraform heredocs; the
// resource (logical id or Terraform address); AWS's message; and for a pattern error the
// pattern with a caret:
//
//	template.yaml:21:60: error: ConsoleLoginFilter (AWS::Logs::MetricFilter): FilterPattern: InvalidParameterException: Invalid metric filter pattern (1:38)
//	 | { ($.eventName = "ConsoleLogin") && }
//	 | .....................................^
//	1 file, 2 filters (2 checked): 1 error, 0 notes
//
// Columns count Unicode code points. Terraform values are evaluated as far as they are known
// before plan: literals, quoted and heredoc strings with their escapes and interpolation,
// var.x from the variable's default (a value given by -var, a .tfvars file, TF_VAR_x or a
// module call is not seen), local.x, tuples and objects and indexing into them, and
// toset/tolist/tomap; a resource with count or for_each whose pattern uses count.index or
// each is checked once per instance when count or for_each is known, once otherwise. The
// variables and locals of a module are those of all the .tf files of its directory, also
// when a single file is named. Anything else (other functions, file(), resource and data
// source attributes, module outputs, conditionals, variables without a default,
// CloudFormation intrinsic functions, values known only after apply in a plan) makes the
// value not checkable: a note says which and where, and it counts as a note, never as
// checked. A pattern YAML has read as a mapping or a sequence because it was not quoted
// (FilterPattern: { $.x = 1 }) is an error that says to quote it.
//
// Directories are searched for *.tf, *.json, *.yaml, *.yml and *.template files, skipping
// directories whose name starts with "." (.terraform, .git); files found there that are not
// templates or Terraform are passed over silently. A file named on the command line that is
// not one is passed over with a note (N_SKIPPED_FILE), also when it is not JSON or YAML at
// all (a Helm template, JSON with comments); a file that cannot be parsed but names a filter
// resource type is an error. With no argument, a template or Terraform JSON document is read
// from stdin.
//
// --format json prints one object with the totals and the findings; --format sarif prints
// a SARIF 2.1.0 log for code-scanning tools, with one rule per kind of finding (E_TERM,
// E_GENERIC, E_BRACE, E_BRACKET, E_PERCENT, E_RXCOMPILE, E_REGEX2, E_WILD1, E_WILD3,
// E_MULTIVAR, E_DUP, E_LEN and E_PATTERN for the pattern errors AWS returns,
// E_METRIC_FILTER for the rest of a PutMetricFilter request, E_RESOURCE for a missing or
// wrongly typed property, E_FILE for a file that cannot be read or a template or plan that
// cannot be parsed, and the notes
// N_NOT_CHECKABLE and N_SKIPPED_FILE) and URIs relative to the current directory.
//
// Exit status: 0 when at least one filter was checked and there is no error (notes do not
// fail a run); 1 when there is an error; 2 for a bad command line, or when there was nothing
// to check (no file, no filter, or no filter whose pattern is known before deployment),
// with the reason on stderr. --allow-nothing turns the last case into 0, for a hook that is
// given every changed file.
package main
