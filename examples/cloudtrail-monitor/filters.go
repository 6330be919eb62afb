package main

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
)

// monitored is one metric filter with its alarm threshold.
type monitored struct {
	Name      string  `json:"name"`
	Metric    string  `json:"metric"`
	Pattern   string  `json:"pattern"`
	Threshold float64 `json:"threshold"`
}

// defaultFilters are the CIS / Security Hub CloudWatch.1–14 filters and the monitor's own:
// IAM Create* calls, and calls from one source IP (alarm at ≥ 30 per 5 minutes).
//
//go:embed filters.jsonl
var defaultFilters []byte

// loadFilters reads filters as JSON Lines ({"name","metric","pattern","threshold"}; only
// pattern is required) from path, or the defaults when path is "".
func loadFilters(path string) ([]monitored, error) {
	data := defaultFilters
	if path != "" {
		var err error
		if data, err = os.ReadFile(path); err != nil {
			return nil, err
		}
	}
	var out []monitored
	for i, line := range bytes.Split(data, []byte("\n")) {
		if line = bytes.TrimSpace(line); len(line) == 0 || line[0] == '#' {
			continue
		}
		m := monitored{Threshold: 1}
		if err := json.Unmarshal(line, &m); err != nil {
			return nil, fmt.Errorf("filters line %d: %w", i+1, err)
		}
		if m.Name == "" {
			m.Name = m.Pattern
		}
		if m.Metric == "" {
			m.Metric = fmt.Sprintf("Filter%d", len(out)+1)
		}
		out = append(out, m)
	}
	return out, nil
}
