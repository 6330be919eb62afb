package main

import (
	"os"

	"github.com/cwfilter/cwfilter/cloudtrail"
)

// loadFilters reads the filters of path (cloudtrail.ReadFilters checks the file as
// CloudFormation checks a template, every error starting with "FILE:LINE:"), or the built-in
// ones when path is "". The metric names and the patterns are validated by newMonitor, with
// each filter's Source as the prefix.
func loadFilters(path string) ([]cloudtrail.Filter, error) {
	if path == "" {
		return cloudtrail.SecurityFilters(), nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return cloudtrail.ReadFilters(path, data)
}
