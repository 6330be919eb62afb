package cloudtrail

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Filter is a metric filter on CloudTrail records and the threshold of the alarm on the metric
// it counts: one line of a filters file, {"name","metric","pattern","threshold"}.
type Filter struct {
	Name      string  // what it watches, for people; the pattern when the line gives none
	Metric    string  // the metric it counts (MetricName)
	Pattern   string  // the filter pattern
	Threshold float64 // the alarm's threshold; 1 when the line gives none
	Source    string  // where it was read, "FILE:LINE", for errors about it
}

// securityFilters are the CIS AWS Foundations / Security Hub CloudWatch.1–14 metric filters,
// IAM Create* calls, and the calls from one watched source IP (CallsFromWatchedIP, alarm at
// 30 per period).
//
//go:embed filters.jsonl
var securityFilters []byte

// SecurityFilters returns the filters of filters.jsonl (embedded): the CIS / Security Hub
// CloudWatch.1–14 metric filters, IAM Create* calls, and calls from one watched source IP.
func SecurityFilters() []Filter {
	fs, err := ReadFilters("filters.jsonl (built in)", securityFilters)
	if err != nil {
		panic(err) // the embedded file is checked by the tests
	}
	return fs
}

// filterKeys are the keys of a filter line, spelled exactly.
var filterKeys = []string{"name", "metric", "pattern", "threshold"}

// ReadFilters reads a filters file, checked the way CloudFormation checks a template before
// anything runs: every line is one JSON object with only the keys name, metric, pattern and
// threshold (case matters), none twice; metric and pattern are required; one filter per
// metric; blank lines and lines starting with # are skipped, and a file with no filter is an
// error. name is the file's name for errors, which start with "name:LINE:". The metric name
// and the pattern themselves are for metricfilter.New to check, with f.Source as the prefix.
func ReadFilters(name string, data []byte) ([]Filter, error) {
	var out []Filter
	defined := map[string]string{} // metric → where it was defined
	for i, line := range bytes.Split(data, []byte("\n")) {
		if line = bytes.TrimSpace(line); len(line) == 0 || line[0] == '#' {
			continue
		}
		at := fmt.Sprintf("%s:%d", name, i+1)
		f, err := parseFilter(line)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", at, err)
		}
		if prev, ok := defined[f.Metric]; ok {
			return nil, fmt.Errorf("%s: metric %q is already defined at %s (each metric has one filter and one alarm)", at, f.Metric, prev)
		}
		defined[f.Metric] = at
		f.Source = at
		out = append(out, f)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf(`%s: no filters (only blank lines and comments); each line is {"name","metric","pattern","threshold"}`, name)
	}
	return out, nil
}

// parseFilter reads one line: a single JSON object whose keys are filterKeys, each at most
// once; name, metric and pattern strings, threshold a number.
func parseFilter(line []byte) (Filter, error) {
	fields := map[string]json.RawMessage{}
	dec := json.NewDecoder(bytes.NewReader(line))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return Filter{}, errors.New(`not a JSON object: each line is {"name","metric","pattern","threshold"}`)
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return Filter{}, jsonError(err)
		}
		key := tok.(string) // object keys are strings
		if !slices.Contains(filterKeys, key) {
			return Filter{}, fmt.Errorf("unknown key %q (the keys are %s)", key, strings.Join(filterKeys, ", "))
		}
		if _, dup := fields[key]; dup {
			return Filter{}, fmt.Errorf("key %q given twice", key)
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return Filter{}, jsonError(err)
		}
		fields[key] = v
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return Filter{}, jsonError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return Filter{}, errors.New("text after the JSON object (one filter per line)")
	}

	f := Filter{Threshold: 1}
	for _, m := range []struct {
		key      string
		dst      any
		required bool
		kind     string
	}{
		{"name", &f.Name, false, "a string"},
		{"metric", &f.Metric, true, "a string (the MetricName)"},
		{"pattern", &f.Pattern, true, `a string (the FilterPattern; "" matches every event)`},
		{"threshold", &f.Threshold, false, "a number"},
	} {
		v, ok := fields[m.key]
		if !ok || string(v) == "null" {
			if m.required {
				return Filter{}, fmt.Errorf("%q is required: %s", m.key, m.kind)
			}
			continue
		}
		if err := json.Unmarshal(v, m.dst); err != nil {
			return Filter{}, fmt.Errorf("%q must be %s, not %s", m.key, m.kind, v)
		}
	}
	if f.Name == "" {
		f.Name = f.Pattern
	}
	return f, nil
}

// jsonError words a decoding error of a filter line.
func jsonError(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return errors.New("invalid JSON: the object is not closed")
	}
	return fmt.Errorf("invalid JSON: %v", err)
}
