package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/cwfilter/cwfilter/metricfilter"
)

// The AWS CLI's exit codes: 252 for a command line it cannot parse, 254 for an error
// returned by the service.
const (
	exitCLIUsage     = 252
	exitServiceError = 254
)

const testUsage = `usage: cwfilter test --filter-pattern P --log-event-messages M [M ...]
       cwfilter test --filter-pattern P --log-event-messages-file F   (F = "-" for stdin)
       cwfilter test --filter-pattern P < messages.txt

Prints what "aws logs test-metric-filter" prints: the matching messages as JSON.
Messages from a file or stdin are one per line. Errors the service would return are
printed as the AWS CLI prints them, with exit code 254.
`

// testArgs is the parsed command line of "cwfilter test".
type testArgs struct {
	pattern     string
	havePattern bool
	messages    []string
	files       []string
}

// parseTestArgs follows the AWS CLI: --log-event-messages takes every following word up to
// the next option, and --opt=value is accepted too.
func parseTestArgs(args []string) (testArgs, error) {
	var t testArgs
	for i := 0; i < len(args); i++ {
		name, value, hasValue := strings.Cut(args[i], "=")
		// next returns the option's value: after '=' or the next word.
		next := func() (string, error) {
			if hasValue {
				return value, nil
			}
			if i+1 >= len(args) {
				return "", fmt.Errorf("argument %s: expected one argument", name)
			}
			i++
			return args[i], nil
		}
		var err error
		switch name {
		case "--filter-pattern":
			t.pattern, err = next()
			t.havePattern = true
		case "--log-event-messages":
			if hasValue {
				t.messages = append(t.messages, value)
			}
			for i+1 < len(args) && !strings.HasPrefix(args[i+1], "--") {
				i++
				t.messages = append(t.messages, args[i])
			}
		case "--log-event-messages-file":
			var f string
			f, err = next()
			t.files = append(t.files, f)
		default:
			err = fmt.Errorf("unknown option %s", args[i])
		}
		if err != nil {
			return t, err
		}
	}
	if !t.havePattern {
		return t, errors.New("the following arguments are required: --filter-pattern")
	}
	return t, nil
}

func runTest(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
		fmt.Fprint(stdout, testUsage)
		return exitOK
	}
	t, err := parseTestArgs(args)
	if err != nil {
		fmt.Fprintf(stderr, "%scwfilter test: error: %v\n", testUsage, err)
		return exitCLIUsage
	}
	messages := t.messages
	if len(t.messages) == 0 && len(t.files) == 0 {
		t.files = []string{"-"}
	}
	for _, name := range t.files {
		lines, err := readMessages(name, stdin)
		if err != nil {
			fmt.Fprintf(stderr, "cwfilter test: %v\n", err)
			return exitCLIUsage
		}
		messages = append(messages, lines...)
	}

	matches, err := metricfilter.TestMetricFilter(t.pattern, messages)
	if err != nil {
		fmt.Fprintf(stderr, "An error occurred (%s) when calling the TestMetricFilter operation: %s\n", errorCode(err), err)
		return exitServiceError
	}
	if err := metricfilter.WriteCLIJSON(stdout, matches); err != nil {
		fmt.Fprintf(stderr, "cwfilter test: %v\n", err)
		return exitServiceError
	}
	return exitOK
}

// readMessages returns the lines of a file ("-" is stdin) without their line terminators.
func readMessages(name string, stdin io.Reader) ([]string, error) {
	r := stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	var lines []string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	for sc.Scan() {
		lines = append(lines, strings.TrimSuffix(sc.Text(), "\r"))
	}
	return lines, sc.Err()
}
