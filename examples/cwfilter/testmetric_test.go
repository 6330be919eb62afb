package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// documentedExample is the output of the documented `aws logs test-metric-filter` example
// (§11.6), which the library's own test checks too.
func documentedExample(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../../testdata/conformance/test-metric-filter-example.json")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The documented example of `aws logs test-metric-filter` (§11.6), byte for byte.
func TestTestDocumentedExample(t *testing.T) {
	want := documentedExample(t)
	code, stdout, stderr := runCmd([]string{"test", "--filter-pattern", "ERROR",
		"--log-event-messages", "[ERROR] 400 BAD REQUEST", "[ERROR] 400 BAD REQUEST", "[INFO] 200 OK"}, "")
	if code != 0 || stdout != want || stderr != "" {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s\nwant stdout:\n%s", code, stdout, stderr, want)
	}
}

func TestTest(t *testing.T) {
	dir := t.TempDir()
	msgFile := filepath.Join(dir, "messages.txt")
	if err := os.WriteFile(msgFile, []byte("127.0.0.1 frank 404 2326\r\n10.0.0.1 - 200 12\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tooMany := []string{"test", "--filter-pattern", "x", "--log-event-messages"}
	for range 51 {
		tooMany = append(tooMany, "m")
	}
	tests := []cliCase{
		{
			name:   "no match",
			args:   []string{"test", "--filter-pattern", "ERROR", "--log-event-messages", "INFO ok"},
			stdout: "{\n    \"matches\": []\n}\n",
		},
		{
			name: "space-delimited values in field order, file with CRLF",
			args: []string{"test", "--filter-pattern=[ip, user, status=4*, size]", "--log-event-messages-file", msgFile},
			stdout: `{
    "matches": [
        {
            "eventNumber": 1,
            "eventMessage": "127.0.0.1 frank 404 2326",
            "extractedValues": {
                "$ip": "127.0.0.1",
                "$user": "frank",
                "$status": "404",
                "$size": "2326"
            }
        }
    ]
}
`,
		},
		{
			name:  "messages from stdin, non-ASCII and HTML characters raw",
			args:  []string{"test", "--filter-pattern", `{ $.msg = "<é>" }`},
			stdin: "{\"msg\": \"<é>\"}\n{\"msg\": \"x\"}\n",
			stdout: `{
    "matches": [
        {
            "eventNumber": 1,
            "eventMessage": "{\"msg\": \"<é>\"}",
            "extractedValues": {}
        }
    ]
}
`,
		},
		{
			name:   "invalid pattern",
			args:   []string{"test", "--filter-pattern", "ERROR: disk", "--log-event-messages", "x"},
			code:   254,
			stderr: "\nAn error occurred (InvalidParameterException) when calling the TestMetricFilter operation: Invalid character(s) in term ':'\n",
		},
		{
			name:   "too many messages",
			args:   tooMany,
			code:   254,
			stderr: "\nAn error occurred (InvalidParameterException) when calling the TestMetricFilter operation: 1 validation error detected: Value '[… 51 messages]' at 'logEventMessages' failed to satisfy constraint: Member must have length less than or equal to 50\n",
		},
		{
			name:   "empty line from stdin",
			args:   []string{"test", "--filter-pattern", "x"},
			stdin:  "a\n\nb\n",
			code:   252,
			stderr: "\nParameter validation failed:\nInvalid length for parameter logEventMessages[1], value: 0, valid min length: 1\n",
		},
		{
			name:   "missing pattern",
			args:   []string{"test", "--log-event-messages", "x"},
			code:   252,
			stderr: testUsage + "cwfilter test: error: the following arguments are required: --filter-pattern\n",
		},
		{
			name:   "unknown option",
			args:   []string{"test", "--filter-pattern", "x", "--query", "matches"},
			code:   252,
			stderr: testUsage + "cwfilter test: error: Unknown options: --query\n",
		},
		{
			name:   "help",
			args:   []string{"test", "-h"},
			stdout: testUsage,
		},
	}
	runCases(t, nil, tests)
}

func TestHelpAndUnknownCommand(t *testing.T) {
	if code, stdout, _ := runCmd([]string{"help"}, ""); code != 0 || stdout != usage {
		t.Errorf("help: exit %d, stdout %q", code, stdout)
	}
	if code, _, stderr := runCmd([]string{"frobnicate"}, ""); code != exitUsage || !strings.HasPrefix(stderr, `cwfilter: unknown command "frobnicate"`) {
		t.Errorf("unknown command: exit %d, stderr %q", code, stderr)
	}
	if code, _, stderr := runCmd(nil, ""); code != exitUsage || stderr != usage {
		t.Errorf("no command: exit %d, stderr %q", code, stderr)
	}
}

// Issue 15: a JSON list and file:// were taken as one literal message each (wrong answers,
// exit 0), and more than 50 messages echoed the whole input into the error. Every AWS CLI
// form of the arguments now gives what the AWS CLI sends, and --output renders as it does.
func TestTestCLIForms(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"msgs.json":   `["ERROR a", "b", "ERROR c"]`,
		"msgs.txt":    "ERROR\n",
		"req.json":    `{"filterPattern": "ERROR", "logEventMessages": ["x", "ERROR y"]}`,
		"req.yaml":    "filterPattern: ERROR\nlogEventMessages:\n  - ERROR z\n",
		"pattern.txt": "[ip, user, status=4*]",
		"empty.txt":   "",
	})
	file := func(name string) string { return "file://" + filepath.Join(dir, name) }
	one := func(n int, msg string) string {
		return fmt.Sprintf("{\n    \"matches\": [\n        {\n            \"eventNumber\": %d,\n            \"eventMessage\": %q,\n            \"extractedValues\": {}\n        }\n    ]\n}\n", n, msg)
	}
	two := "{\n    \"matches\": [\n        {\n            \"eventNumber\": 1,\n            \"eventMessage\": \"ERROR a\",\n            \"extractedValues\": {}\n        },\n        {\n            \"eventNumber\": 3,\n            \"eventMessage\": \"ERROR c\",\n            \"extractedValues\": {}\n        }\n    ]\n}\n"
	many := make([]string, 100000)
	for i := range many {
		many[i] = fmt.Sprint(i)
	}
	tests := []cliCase{
		{name: "a JSON list", args: []string{"--filter-pattern", "ERROR", "--log-event-messages", `["ERROR a", "b", "ERROR c"]`}, stdout: two},
		{name: "a JSON list after white space", args: []string{"--filter-pattern", "ERROR", "--log-event-messages", ` ["ERROR a","b","ERROR c"]`}, stdout: two},
		{name: "file:// with a JSON list", args: []string{"--filter-pattern", "ERROR", "--log-event-messages", file("msgs.json")}, stdout: two},
		{name: "file:// with text: one message per character, as the AWS CLI sends it",
			args:   []string{"--filter-pattern", "R", "--log-event-messages", file("msgs.txt"), "--output", "text"},
			stdout: "MATCHES\tR\t2\nMATCHES\tR\t3\nMATCHES\tR\t5\n",
			stderr: "cwfilter test: note: " + file("msgs.txt") + " is not a JSON list: as the AWS CLI does, each of its 6 characters is one message (--log-event-messages-file reads one message per line)\n"},
		{name: "several words are several messages, even file:// ones", args: []string{"--filter-pattern", "file", "--log-event-messages", file("msgs.json"), "x"},
			stdout: one(1, file("msgs.json"))},
		{name: "one word starting with [ must be JSON, as in the AWS CLI", args: []string{"--filter-pattern", "ERROR", "--log-event-messages", "[ERROR] x"}, code: 252,
			stderr: "\nError parsing parameter '--log-event-messages': Invalid JSON: invalid character 'E' looking for beginning of value\nJSON received: [ERROR] x\n"},
		{name: "a word with a space that starts with - is a message", args: []string{"--filter-pattern", "ERROR", "--log-event-messages", "- ERROR x", "y"}, stdout: one(1, "- ERROR x")},
		{name: "file:// pattern", args: []string{"--filter-pattern", file("pattern.txt"), "--log-event-messages", "1.2.3.4 bob 404", "--output", "text"},
			stdout: "MATCHES\t1.2.3.4 bob 404\t1\nEXTRACTEDVALUES\t1.2.3.4\t404\tbob\n"},
		{name: "--cli-input-json", args: []string{"--cli-input-json", `{"filterPattern": "ERROR", "logEventMessages": ["x", "ERROR y"]}`}, stdout: one(2, "ERROR y")},
		{name: "--cli-input-json file://", args: []string{"--cli-input-json", file("req.json")}, stdout: one(2, "ERROR y")},
		{name: "--cli-input-yaml file://", args: []string{"--cli-input-yaml", file("req.yaml")}, stdout: one(1, "ERROR z")},
		{name: "the command line wins over --cli-input-json", args: []string{"--cli-input-json", file("req.json"), "--log-event-messages", "ERROR w"}, stdout: one(1, "ERROR w")},
		{name: "--cli-input-json: unknown member and wrong type", args: []string{"--cli-input-json", `{"filterPattern": "x", "logEventMessages": ["a", 3], "limit": 1}`}, code: 252,
			stderr: "\nParameter validation failed:\nUnknown parameter in input: \"limit\", must be one of: filterPattern, logEventMessages\nInvalid type for parameter logEventMessages[1], value: 3, type: <class 'int'>, valid types: <class 'str'>\n"},
		{name: "--cli-input-json without messages", args: []string{"--cli-input-json", `{"filterPattern": "x"}`}, code: 252,
			stderr: "\nParameter validation failed:\nMissing required parameter in input: \"logEventMessages\"\n"},
		{name: "an empty JSON list", args: []string{"--filter-pattern", "x", "--log-event-messages", "[]"}, code: 252,
			stderr: "\nParameter validation failed:\nInvalid length for parameter logEventMessages, value: 0, valid min length: 1\n"},
		{name: "a missing file", args: []string{"--filter-pattern", "x", "--log-event-messages", "file://nope.json"}, code: 252,
			stderr: "\nError parsing parameter '--log-event-messages': Unable to load paramfile file://nope.json: [Errno 2] No such file or directory: 'nope.json'\n"},
		{name: "an empty text file", args: []string{"--filter-pattern", "x", "--log-event-messages", file("empty.txt")}, code: 252,
			stderr: "\nError parsing parameter '--log-event-messages': string index out of range\n"},
		{name: "100,000 messages: the error counts them", args: []string{"--filter-pattern", "x", "--log-event-messages-file", "-"}, stdin: strings.Join(many, "\n"), code: 254,
			stderr: "\nAn error occurred (InvalidParameterException) when calling the TestMetricFilter operation: 1 validation error detected: Value '[… 100000 messages]' at 'logEventMessages' failed to satisfy constraint: Member must have length less than or equal to 50\n"},
		{name: "global options are accepted", args: []string{"--region", "eu-west-1", "--no-cli-pager", "--filter-pattern", "ERROR", "--log-event-messages", "ERROR a", "--profile", "p"}, stdout: one(1, "ERROR a")},
		{name: "bad --output", args: []string{"--filter-pattern", "x", "--log-event-messages", "x", "--output", "xml"}, code: 252,
			stderr: testUsage + "cwfilter test: error: argument --output: Invalid choice, valid choices are:\n\njson                                     | text\ntable                                    | yaml\nyaml-stream\n"},
	}
	runCases(t, []string{"test"}, tests)
}

// --output text, yaml and table print the response as the AWS CLI does: text and table
// with members in key order, YAML as its emitter writes it (quoting, folding at 80 columns).
func TestTestOutputFormats(t *testing.T) {
	args := []string{"test", "--filter-pattern", "[ip, user, status=4*]", "--log-event-messages",
		"10.0.0.1 bob 404", "10.0.0.1 bob 200", "10.0.0.2 alice 403"}
	long := "[ERROR] " + strings.Repeat("request failed ", 7) + "with: a reason"
	tests := []struct {
		name, output string
		args         []string
		want         string
	}{
		{"text", "text", args, "MATCHES\t10.0.0.1 bob 404\t1\nEXTRACTEDVALUES\t10.0.0.1\t404\tbob\nMATCHES\t10.0.0.2 alice 403\t3\nEXTRACTEDVALUES\t10.0.0.2\t403\talice\n"},
		{"text, no match", "text", []string{"test", "--filter-pattern", "x", "--log-event-messages", "y"}, ""},
		{"yaml", "yaml", args, `matches:
- eventMessage: 10.0.0.1 bob 404
  eventNumber: 1
  extractedValues:
    $ip: 10.0.0.1
    $status: '404'
    $user: bob
- eventMessage: 10.0.0.2 alice 403
  eventNumber: 3
  extractedValues:
    $ip: 10.0.0.2
    $status: '403'
    $user: alice
`},
		{"yaml, no match", "yaml", []string{"test", "--filter-pattern", "x", "--log-event-messages", "y"}, "matches: []\n"},
		{"yaml, quoting and folding", "yaml", []string{"test", "--filter-pattern", "ERROR", "--log-event-messages", long, "ERROR\ttab", "ERROR: é"}, `matches:
- eventMessage: '[ERROR] request failed request failed request failed request failed
    request failed request failed request failed with: a reason'
  eventNumber: 1
  extractedValues: {}
- eventMessage: "ERROR\ttab"
  eventNumber: 2
  extractedValues: {}
- eventMessage: 'ERROR: é'
  eventNumber: 3
  extractedValues: {}
`},
		{"table", "table", args, `-----------------------------------------
|           TestMetricFilter            |
+---------------------------------------+
||               matches               ||
|+--------------------+----------------+|
||    eventMessage    |  eventNumber   ||
|+--------------------+----------------+|
||  10.0.0.1 bob 404  |  1             ||
|+--------------------+----------------+|
|||          extractedValues          |||
||+------------+------------+---------+||
|||     $ip    |  $status   |  $user  |||
||+------------+------------+---------+||
|||  10.0.0.1  |  404       |  bob    |||
||+------------+------------+---------+||
||               matches               ||
|+---------------------+---------------+|
||    eventMessage     |  eventNumber  ||
|+---------------------+---------------+|
||  10.0.0.2 alice 403 |  3            ||
|+---------------------+---------------+|
|||          extractedValues          |||
||+------------+------------+---------+||
|||     $ip    |  $status   |  $user  |||
||+------------+------------+---------+||
|||  10.0.0.2  |  403       |  alice  |||
||+------------+------------+---------+||
`},
		{"table, no match", "table", []string{"test", "--filter-pattern", "x", "--log-event-messages", "y"}, "------------------\n|TestMetricFilter|\n+----------------+\n"},
		{"table wider than 80 columns turns vertical", "table", []string{"test", "--filter-pattern", "ERROR", "--log-event-messages", "ERROR " + strings.Repeat("request failed ", 7) + "with: a reason"}, `-----------------------------------------------------------------------------------------------------------------------------------------------------
|                                                                 TestMetricFilter                                                                  |
+---------------------------------------------------------------------------------------------------------------------------------------------------+
||                                                                     matches                                                                     ||
|+--------------+----------------------------------------------------------------------------------------------------------------------------------+|
||  eventMessage|  ERROR request failed request failed request failed request failed request failed request failed request failed with: a reason   ||
||  eventNumber |  1                                                                                                                               ||
|+--------------+----------------------------------------------------------------------------------------------------------------------------------+|
`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCmd(append(tt.args, "--output", tt.output), "")
			if code != 0 || stdout != tt.want {
				t.Errorf("exit %d, stderr %q\ngot:\n%s\nwant:\n%s", code, stderr, stdout, tt.want)
			}
		})
	}
}
