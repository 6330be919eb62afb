package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runCmd runs the program in-process.
func runCmd(args []string, stdin string) (code int, stdout, stderr string) {
	var out, errOut strings.Builder
	code = run(args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

// The documented example of `aws logs test-metric-filter` (§11.6), byte for byte.
func TestTestDocumentedExample(t *testing.T) {
	const want = `{
    "matches": [
        {
            "eventNumber": 1,
            "eventMessage": "[ERROR] 400 BAD REQUEST",
            "extractedValues": {}
        },
        {
            "eventNumber": 2,
            "eventMessage": "[ERROR] 400 BAD REQUEST",
            "extractedValues": {}
        }
    ]
}
`
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
	tests := []struct {
		name           string
		args           []string
		stdin          string
		code           int
		stdout, stderr string
	}{
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
			stderr: "An error occurred (InvalidParameterException) when calling the TestMetricFilter operation: Invalid character(s) in term ':'\n",
		},
		{
			name:   "too many messages",
			args:   tooMany,
			code:   254,
			stderr: "An error occurred (InvalidParameterException) when calling the TestMetricFilter operation: 1 validation error detected: Value '[" + strings.Repeat("m, ", 50) + "m]' at 'logEventMessages' failed to satisfy constraint: Member must have length less than or equal to 50\n",
		},
		{
			name:   "empty line from stdin",
			args:   []string{"test", "--filter-pattern", "x"},
			stdin:  "a\n\nb\n",
			code:   254,
			stderr: "An error occurred (InvalidParameterException) when calling the TestMetricFilter operation: 1 validation error detected: Value '' at 'logEventMessages.2.member' failed to satisfy constraint: Member must have length greater than or equal to 1\n",
		},
		{
			name:   "missing pattern",
			args:   []string{"test", "--log-event-messages", "x"},
			code:   252,
			stderr: testUsage + "cwfilter test: error: the following arguments are required: --filter-pattern\n",
		},
		{
			name:   "unknown option",
			args:   []string{"test", "--filter-pattern", "x", "--output", "text"},
			code:   252,
			stderr: testUsage + "cwfilter test: error: unknown option --output\n",
		},
		{
			name:   "help",
			args:   []string{"test", "-h"},
			stdout: testUsage,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCmd(tt.args, tt.stdin)
			if code != tt.code || stdout != tt.stdout || stderr != tt.stderr {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nwant:\n%s\nstderr:\n%s\nwant:\n%s", code, tt.code, stdout, tt.stdout, stderr, tt.stderr)
			}
		})
	}
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
