package main

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// monitored is one metric filter with its alarm threshold, and where it was defined.
type monitored struct {
	Name      string
	Metric    string
	Pattern   string
	Threshold float64
	src       string // "FILE:LINE", for errors
}

// defaultFilters are the CIS / Security Hub CloudWatch.1–14 filters and the monitor's own:
// IAM Create* calls, and calls from one source IP (alarm at ≥ 30 per 5 minutes).
//
//go:embed filters.jsonl
var defaultFilters []byte

// loadFilters reads the filters of path, or the built-in ones when path is "". The file is
// checked the way CloudFormation checks a template, before anything runs: every line is one
// JSON object with only the keys name, metric, pattern and threshold (spelled exactly);
// metric and pattern are required; blank lines and lines starting with # are skipped, and a
// file with no filter is an error. Each error starts with "FILE:LINE:". The metric name and
// the pattern are validated by newMonitor, with the same prefix.
func loadFilters(path string) ([]monitored, error) {
	data, name := defaultFilters, "filters.jsonl (built in)"
	if path != "" {
		var err error
		if data, err = os.ReadFile(path); err != nil {
			return nil, err
		}
		name = path
	}
	var out []monitored
	seen := map[string]string{} // metric → where it was defined
	for i, line := range bytes.Split(data, []byte("\n")) {
		if line = bytes.TrimSpace(line); len(line) == 0 || line[0] == '#' {
			continue
		}
		src := fmt.Sprintf("%s:%d", name, i+1)
		m, err := parseFilter(line)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", src, err)
		}
		if prev, ok := seen[m.Metric]; ok {
			return nil, fmt.Errorf("%s: metric %q is already defined at %s (each metric has one filter and one alarm)", src, m.Metric, prev)
		}
		seen[m.Metric] = src
		m.src = src
		out = append(out, m)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no filters (only blank lines and comments); each line is {\"name\",\"metric\",\"pattern\",\"threshold\"}", name)
	}
	return out, nil
}

// filterKeys are the keys of a filter line; CloudFormation rejects unknown properties, and so
// does the monitor (case matters: "Metric" is not "metric").
var filterKeys = []string{"name", "metric", "pattern", "threshold"}

// parseFilter reads one line: a single JSON object whose keys are filterKeys, each at most
// once; name, metric and pattern strings, threshold a number (default 1). name defaults to
// the pattern.
func parseFilter(line []byte) (monitored, error) {
	fields := map[string]json.RawMessage{}
	dec := json.NewDecoder(bytes.NewReader(line))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return monitored{}, errors.New(`not a JSON object: each line is {"name","metric","pattern","threshold"}`)
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return monitored{}, jsonError(err)
		}
		key := tok.(string) // object keys are strings
		if !isFilterKey(key) {
			return monitored{}, fmt.Errorf("unknown key %q (the keys are %s)", key, strings.Join(filterKeys, ", "))
		}
		if _, dup := fields[key]; dup {
			return monitored{}, fmt.Errorf("key %q given twice", key)
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return monitored{}, jsonError(err)
		}
		fields[key] = v
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return monitored{}, jsonError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return monitored{}, errors.New("text after the JSON object (one filter per line)")
	}

	m := monitored{Threshold: 1}
	for _, f := range []struct {
		key      string
		dst      any
		required bool
		kind     string
	}{
		{"name", &m.Name, false, "a string"},
		{"metric", &m.Metric, true, "a string (the MetricName)"},
		{"pattern", &m.Pattern, true, `a string (the FilterPattern; "" matches every event)`},
		{"threshold", &m.Threshold, false, "a number"},
	} {
		v, ok := fields[f.key]
		if !ok || string(v) == "null" {
			if f.required {
				return monitored{}, fmt.Errorf("%q is required: %s", f.key, f.kind)
			}
			continue
		}
		if err := json.Unmarshal(v, f.dst); err != nil {
			return monitored{}, fmt.Errorf("%q must be %s, not %s", f.key, f.kind, v)
		}
	}
	if m.Name == "" {
		m.Name = m.Pattern
	}
	return m, nil
}

func isFilterKey(k string) bool {
	for _, f := range filterKeys {
		if k == f {
			return true
		}
	}
	return false
}

// jsonError words a decoding error of a filter line.
func jsonError(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return errors.New("invalid JSON: the object is not closed")
	}
	return fmt.Errorf("invalid JSON: %v", err)
}
