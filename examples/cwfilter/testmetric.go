package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/cwfilter/cwfilter/metricfilter"
	"go.yaml.in/yaml/v3"
)

// The AWS CLI's exit codes: 252 for a command line it cannot parse or a request it refuses
// before sending it, 254 for an error returned by the service.
const (
	exitCLIUsage     = 252
	exitServiceError = 254
)

const testUsage = `usage: cwfilter test --filter-pattern P --log-event-messages M [M ...] [--output FORMAT]
       cwfilter test --cli-input-json JSON|file://F [--output FORMAT]
       cwfilter test --filter-pattern P --log-event-messages-file F   (F = "-" for stdin)
       cwfilter test --filter-pattern P < messages.txt

Does what "aws logs test-metric-filter" does, with the same arguments:
  --filter-pattern P            the pattern; file://F reads it from a file
  --log-event-messages M ...    the messages, as the AWS CLI reads them: several words are
                                several messages; one word that starts with '[' is a JSON
                                list; file://F reads the file and takes its content the same
                                way (a JSON list, else each character is one message)
  --cli-input-json J            the whole request, {"filterPattern": ..., "logEventMessages":
                                [...]}; file://F reads it from a file; --cli-input-yaml too
  --output json|text|yaml|table how the response is printed (default json)
  --log-event-messages-file F   (not in the AWS CLI) one message per line of F, "-" is stdin;
                                with no messages at all, they are read from stdin this way
--region, --profile, --endpoint-url, --color and --no-cli-pager are accepted and ignored.

Errors are printed as the AWS CLI prints them: 252 for a command line or request the CLI
refuses, 254 for an error the service returns.
`

// testArgs is the parsed command line of "cwfilter test".
type testArgs struct {
	pattern     *string
	messages    []string // the words given to --log-event-messages
	hasMessages bool
	files       []string
	input       string // --cli-input-json / --cli-input-yaml
	inputYAML   bool
	hasInput    bool
	output      string
	note        string // printed on stderr: how a file:// value was read
}

// ignoredOptions are AWS CLI global options that take a value and change nothing here.
var ignoredOptions = map[string]bool{"--region": true, "--profile": true, "--color": true, "--endpoint-url": true}

// isOption tells, as the AWS CLI's argparse does, whether a word is an option rather than a
// value: it starts with '-', is not "-" alone, holds no space and is not a negative number.
func isOption(s string) bool {
	if len(s) < 2 || s[0] != '-' || strings.Contains(s, " ") {
		return false
	}
	_, err := fmt.Sscanf(s, "%g", new(float64))
	return err != nil
}

// parseTestArgs follows the AWS CLI: --log-event-messages takes every following word up to
// the next option, and --opt=value is accepted too.
func parseTestArgs(args []string) (testArgs, error) {
	t := testArgs{output: "json"}
	for i := 0; i < len(args); i++ {
		name, value, hasValue := strings.Cut(args[i], "=")
		if !strings.HasPrefix(name, "--") {
			//lint:ignore ST1005 the AWS CLI's own message, word for word
			return t, fmt.Errorf("Unknown options: %s", args[i])
		}
		// next returns the option's value: after '=' or the next word.
		next := func() (string, error) {
			if hasValue {
				return value, nil
			}
			if i+1 >= len(args) || isOption(args[i+1]) {
				return "", fmt.Errorf("argument %s: expected one argument", name)
			}
			i++
			return args[i], nil
		}
		var err error
		switch {
		case name == "--filter-pattern":
			var p string
			p, err = next()
			t.pattern = &p
		case name == "--log-event-messages":
			t.hasMessages = true
			if hasValue {
				t.messages = append(t.messages, value)
			}
			for i+1 < len(args) && !isOption(args[i+1]) {
				i++
				t.messages = append(t.messages, args[i])
			}
			if len(t.messages) == 0 {
				err = errors.New("argument --log-event-messages: expected at least one argument")
			}
		case name == "--log-event-messages-file":
			var f string
			f, err = next()
			t.files = append(t.files, f)
		case name == "--cli-input-json" || name == "--cli-input-yaml":
			t.input, err = next()
			t.hasInput, t.inputYAML = true, name == "--cli-input-yaml"
		case name == "--output":
			t.output, err = next()
			if err == nil && t.output != "json" && t.output != "text" && t.output != "yaml" && t.output != "table" {
				err = fmt.Errorf("argument --output: Invalid choice, valid choices are:\n\njson                                     | text\ntable                                    | yaml\nyaml-stream")
			}
		case name == "--no-cli-pager":
		case ignoredOptions[name]:
			_, err = next()
		default:
			//lint:ignore ST1005 the AWS CLI's own message, word for word
			err = fmt.Errorf("Unknown options: %s", args[i])
		}
		if err != nil {
			return t, err
		}
	}
	if t.pattern == nil && !t.hasInput {
		return t, errors.New("the following arguments are required: --filter-pattern")
	}
	return t, nil
}

// cliError is an error the AWS CLI reports before sending a request; 252.
type cliError struct{ msg string }

func (e *cliError) Error() string { return e.msg }

// paramFile returns the content of a file:// argument, as the AWS CLI loads it; ok is false
// for any other value.
func paramFile(option, value string) (content string, ok bool, err error) {
	path, ok := strings.CutPrefix(value, "file://")
	if !ok {
		return value, false, nil
	}
	data, rerr := os.ReadFile(path)
	if rerr != nil {
		reason := rerr.Error()
		var pe *fs.PathError
		if errors.As(rerr, &pe) && errors.Is(pe.Err, fs.ErrNotExist) {
			reason = fmt.Sprintf("[Errno 2] No such file or directory: '%s'", path)
		}
		return "", true, &cliError{fmt.Sprintf("Error parsing parameter '%s': Unable to load paramfile %s: %s", option, value, reason)}
	}
	return string(data), true, nil
}

// request is the TestMetricFilter request the AWS CLI would send.
type request struct {
	pattern     *string
	messages    []string
	hasMessages bool
}

// messagesFromWords turns the words of --log-event-messages into the list the AWS CLI sends:
// one word that starts with '[' (after white space) is a JSON list; a file:// word is
// replaced by the file's content, which is then a JSON list or, as the AWS CLI does with a
// string for a list parameter, a list of its characters; note then says so.
func messagesFromWords(words []string) (msgs []string, note string, err error) {
	const option = "--log-event-messages"
	if len(words) != 1 {
		return words, "", nil
	}
	value, fromFile, err := paramFile(option, words[0])
	if err != nil {
		return nil, "", err
	}
	if t := strings.TrimLeft(value, " \t\n\r\v\f"); t != "" && t[0] == '[' {
		var list []any
		if err := decodeJSON(value, &list); err != nil {
			return nil, "", &cliError{fmt.Sprintf("Error parsing parameter '%s': Invalid JSON: %v\nJSON received: %s", option, err, value)}
		}
		msgs, errs := stringList(list)
		if errs != nil {
			return nil, "", paramValidation(errs)
		}
		return msgs, "", nil
	}
	if !fromFile {
		return words, "", nil
	}
	if strings.TrimSpace(value) == "" {
		return nil, "", &cliError{fmt.Sprintf("Error parsing parameter '%s': string index out of range", option)}
	}
	for _, r := range value {
		msgs = append(msgs, string(r))
	}
	return msgs, fmt.Sprintf("%s is not a JSON list: as the AWS CLI does, each of its %d characters is one message (--log-event-messages-file reads one message per line)", words[0], len(msgs)), nil
}

// stringList checks that every element of a JSON list is a string, as botocore does.
func stringList(list []any) ([]string, []string) {
	out := make([]string, len(list))
	var errs []string
	for i, v := range list {
		s, ok := v.(string)
		if !ok {
			errs = append(errs, fmt.Sprintf("Invalid type for parameter logEventMessages[%d], value: %s, type: %s, valid types: <class 'str'>", i, pythonRepr(v), pythonType(v)))
		}
		out[i] = s
	}
	return out, errs
}

func pythonType(v any) string {
	switch v := v.(type) {
	case nil:
		return "<class 'NoneType'>"
	case bool:
		return "<class 'bool'>"
	case float64:
		return "<class 'float'>"
	case json.Number:
		if strings.ContainsAny(string(v), ".eE") {
			return "<class 'float'>"
		}
		return "<class 'int'>"
	case []any:
		return "<class 'list'>"
	case map[string]any:
		return "<class 'collections.OrderedDict'>"
	}
	return "<class 'str'>"
}

func pythonRepr(v any) string {
	switch v := v.(type) {
	case nil:
		return "None"
	case bool:
		if v {
			return "True"
		}
		return "False"
	case json.Number:
		return string(v)
	case string:
		return "'" + v + "'"
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// decodeJSON decodes one JSON value, numbers kept as written.
func decodeJSON(s string, v any) error {
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("extra data after the JSON value")
	}
	return nil
}

// paramValidation is botocore's client-side validation error.
func paramValidation(errs []string) error {
	return &cliError{"Parameter validation failed:\n" + strings.Join(errs, "\n")}
}

// readInput reads --cli-input-json / --cli-input-yaml into req; command-line arguments win.
func (t *testArgs) readInput(req *request) error {
	option, format := "--cli-input-json", "JSON"
	if t.inputYAML {
		option, format = "--cli-input-yaml", "YAML"
	}
	value, _, err := paramFile(option, t.input)
	if err != nil {
		return err
	}
	var in map[string]any
	if t.inputYAML {
		err = yaml.Unmarshal([]byte(value), &in)
	} else {
		err = decodeJSON(value, &in)
	}
	if err != nil || in == nil {
		if err == nil {
			err = errors.New("not an object")
		}
		return &cliError{fmt.Sprintf("Error parsing parameter '%s': Invalid %s: %v\n%s received: %s", option, format, err, format, value)}
	}
	var errs []string
	keys := make([]string, 0, len(in))
	for k := range in {
		keys = append(keys, k)
	}
	for _, k := range sortedStrings(keys) {
		v := in[k]
		switch k {
		case "filterPattern":
			s, ok := v.(string)
			if !ok {
				errs = append(errs, fmt.Sprintf("Invalid type for parameter filterPattern, value: %s, type: %s, valid types: <class 'str'>", pythonRepr(v), pythonType(v)))
			} else if req.pattern == nil {
				req.pattern = &s
			}
		case "logEventMessages":
			list, ok := v.([]any)
			if !ok {
				errs = append(errs, fmt.Sprintf("Invalid type for parameter logEventMessages, value: %s, type: %s, valid types: <class 'list'>, <class 'tuple'>", pythonRepr(v), pythonType(v)))
				continue
			}
			msgs, lerrs := stringList(list)
			errs = append(errs, lerrs...)
			if !req.hasMessages {
				req.messages, req.hasMessages = msgs, true
			}
		default:
			errs = append(errs, fmt.Sprintf("Unknown parameter in input: %q, must be one of: filterPattern, logEventMessages", k))
		}
	}
	if errs != nil {
		return paramValidation(errs)
	}
	return nil
}

// validate is botocore's client-side check: required members and minimum lengths (the
// maximum of 50 messages is the service's to check).
func (r *request) validate() error {
	var errs []string
	if r.pattern == nil {
		errs = append(errs, `Missing required parameter in input: "filterPattern"`)
	}
	switch {
	case !r.hasMessages:
		errs = append(errs, `Missing required parameter in input: "logEventMessages"`)
	case len(r.messages) < metricfilter.MinTestMessages:
		errs = append(errs, "Invalid length for parameter logEventMessages, value: 0, valid min length: 1")
	}
	for i, m := range r.messages {
		if m == "" {
			errs = append(errs, fmt.Sprintf("Invalid length for parameter logEventMessages[%d], value: 0, valid min length: 1", i))
		}
	}
	if errs != nil {
		return paramValidation(errs)
	}
	return nil
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
	req, err := t.request(stdin)
	if t.note != "" {
		fmt.Fprintf(stderr, "cwfilter test: note: %s\n", t.note)
	}
	if err == nil {
		err = req.validate()
	}
	if err != nil {
		var ce *cliError
		if errors.As(err, &ce) { // as the AWS CLI writes exceptions: after an empty line
			fmt.Fprintf(stderr, "\n%s\n", ce.msg)
		} else {
			fmt.Fprintf(stderr, "cwfilter test: %v\n", err)
		}
		return exitCLIUsage
	}

	matches, err := metricfilter.TestMetricFilter(*req.pattern, req.messages)
	if err != nil {
		fmt.Fprintf(stderr, "\nAn error occurred (%s) when calling the TestMetricFilter operation: %s\n", errorCode(err), abbreviateList(err.Error(), req.messages))
		return exitServiceError
	}
	if err := writeTestOutput(stdout, t.output, matches, stdoutWidth(stdout)); err != nil {
		fmt.Fprintf(stderr, "cwfilter test: %v\n", err)
		return exitServiceError
	}
	return exitOK
}

// request gathers the request from the command line, --cli-input-json and the message
// files (or stdin).
func (t *testArgs) request(stdin io.Reader) (*request, error) {
	req := &request{}
	if t.pattern != nil {
		p, _, err := paramFile("--filter-pattern", *t.pattern)
		if err != nil {
			return nil, err
		}
		req.pattern = &p
	}
	if t.hasMessages {
		msgs, note, err := messagesFromWords(t.messages)
		t.note = note
		if err != nil {
			return nil, err
		}
		req.messages, req.hasMessages = msgs, true
	}
	if t.hasInput {
		if err := t.readInput(req); err != nil {
			return nil, err
		}
	}
	files := t.files
	if !req.hasMessages && len(files) == 0 && !t.hasInput {
		files = []string{"-"}
	}
	for _, name := range files {
		lines, err := readMessages(name, stdin)
		if err != nil {
			return nil, err
		}
		req.messages = append(req.messages, lines...)
		req.hasMessages = true
	}
	return req, nil
}

// abbreviateList replaces the list of messages AWS echoes in a "more than 50 messages"
// error by their number: the prefix of AWS's message stays, but a 100,000-line input does
// not come back as a megabyte of error text.
func abbreviateList(msg string, messages []string) string {
	if len(messages) <= metricfilter.MaxTestMessages {
		return msg
	}
	echo := "Value '[" + strings.Join(messages, ", ") + "]'"
	return strings.Replace(msg, echo, fmt.Sprintf("Value '[… %d messages]'", len(messages)), 1)
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
