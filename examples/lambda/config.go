package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/cwfilter/cwfilter/cloudtrail"
	"github.com/cwfilter/cwfilter/metricfilter"
)

// Environment variables read by main (see the package documentation).
const (
	EnvFilters     = "CWFILTER_METRIC_FILTERS"      // JSON, inline
	EnvFiltersFile = "CWFILTER_METRIC_FILTERS_FILE" // path of a file holding the same JSON
	EnvAccountID   = "CWFILTER_ACCOUNT_ID"          // value of the @aws.account system dimension
	EnvRegion      = "AWS_REGION"                   // value of @aws.region; set by Lambda
)

// FilterConfig is one metric filter in the shape `aws logs describe-metric-filters` prints
// (and PutMetricFilter takes), so that command's output can be pasted as configuration.
// Members it does not know (creationTime, …) are ignored.
type FilterConfig struct {
	FilterName                string                 `json:"filterName"`
	LogGroupName              string                 `json:"logGroupName,omitempty"`
	FilterPattern             string                 `json:"filterPattern"`
	MetricTransformations     []TransformationConfig `json:"metricTransformations"`
	EmitSystemFieldDimensions []string               `json:"emitSystemFieldDimensions,omitempty"`
	ApplyOnTransformedLogs    bool                   `json:"applyOnTransformedLogs,omitempty"` // unsupported: true is an error
	FieldSelectionCriteria    string                 `json:"fieldSelectionCriteria,omitempty"` // unsupported: set is an error
}

// TransformationConfig is a MetricTransformation.
type TransformationConfig struct {
	MetricName      string            `json:"metricName"`
	MetricNamespace string            `json:"metricNamespace"`
	MetricValue     string            `json:"metricValue"`
	DefaultValue    *float64          `json:"defaultValue,omitempty"`
	Dimensions      map[string]string `json:"dimensions,omitempty"`
	Unit            string            `json:"unit,omitempty"`
}

// SystemFields are the values of the @aws.account and @aws.region dimensions that filters
// with emitSystemFieldDimensions add.
type SystemFields struct{ AccountID, Region string }

// compile validates fc as PutMetricFilter does, plus the EMF rule that a dimension must not
// be named like the metric or "_aws" (both are top-level members of the EMF document).
func (fc FilterConfig) compile(sys SystemFields) (*metricfilter.Filter, error) {
	cfg := metricfilter.Config{
		FilterName:                fc.FilterName,
		LogGroupName:              fc.LogGroupName,
		FilterPattern:             fc.FilterPattern,
		EmitSystemFieldDimensions: fc.EmitSystemFieldDimensions,
		AccountID:                 sys.AccountID,
		Region:                    sys.Region,
		ApplyOnTransformedLogs:    fc.ApplyOnTransformedLogs,
		FieldSelectionCriteria:    fc.FieldSelectionCriteria,
	}
	for _, t := range fc.MetricTransformations {
		for k := range t.Dimensions {
			if k == t.MetricName || k == "_aws" {
				return nil, fmt.Errorf("dimension %q cannot be expressed in EMF: it collides with a top-level member", k)
			}
		}
		cfg.MetricTransformations = append(cfg.MetricTransformations, metricfilter.Transformation{
			MetricName: t.MetricName, MetricNamespace: t.MetricNamespace, MetricValue: t.MetricValue,
			DefaultValue: t.DefaultValue, Dimensions: t.Dimensions, Unit: t.Unit,
		})
	}
	return metricfilter.New(cfg)
}

// ParseFilters reads the configuration JSON: either an array of FilterConfig or the object
// `aws logs describe-metric-filters` prints, {"metricFilters": [...]}.
func ParseFilters(b []byte) ([]FilterConfig, error) {
	b = bytes.TrimSpace(b)
	var filters []FilterConfig
	var err error
	switch {
	case len(b) > 0 && b[0] == '{':
		var doc struct {
			MetricFilters *[]FilterConfig `json:"metricFilters"`
		}
		if err = json.Unmarshal(b, &doc); err == nil && doc.MetricFilters == nil {
			err = errors.New(`object without "metricFilters"`)
		}
		if doc.MetricFilters != nil {
			filters = *doc.MetricFilters
		}
	default:
		err = json.Unmarshal(b, &filters)
	}
	if err != nil {
		return nil, fmt.Errorf("metric filter configuration: %w", err)
	}
	if filters == nil {
		filters = []FilterConfig{}
	}
	return filters, nil
}

// LoadFilters returns the configured filters: EnvFilters, else the file named by
// EnvFiltersFile, else DefaultFilters. Setting both is an error.
func LoadFilters(getenv func(string) string, readFile func(string) ([]byte, error)) ([]FilterConfig, error) {
	inline, file := getenv(EnvFilters), getenv(EnvFiltersFile)
	switch {
	case strings.TrimSpace(inline) != "" && file != "":
		return nil, fmt.Errorf("set %s or %s, not both", EnvFilters, EnvFiltersFile)
	case strings.TrimSpace(inline) != "":
		fs, err := ParseFilters([]byte(inline))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", EnvFilters, err)
		}
		return fs, nil
	case file != "":
		b, err := readFile(file)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", EnvFiltersFile, err)
		}
		fs, err := ParseFilters(b)
		if err != nil {
			return nil, fmt.Errorf("%s (%s): %w", EnvFiltersFile, file, err)
		}
		return fs, nil
	}
	return DefaultFilters(), nil
}

// DefaultNamespace is the namespace of the built-in filters, the one AWS's CIS remediation
// examples use.
const DefaultNamespace = "CloudTrailMetrics"

// DefaultFilters are the built-in filters, for a log group receiving CloudTrail: Security Hub
// controls CloudWatch.1–4 (CIS AWS Foundations 4.3, 4.1, 4.2, 4.4), the first four of
// cloudtrail.SecurityFilters, each counting 1 per matching event, unit Count, no dimensions.
func DefaultFilters() []FilterConfig {
	var out []FilterConfig
	for _, f := range cloudtrail.SecurityFilters() {
		if name, ok := defaultFilterNames[f.Metric]; ok {
			out = append(out, FilterConfig{FilterName: name, FilterPattern: f.Pattern, MetricTransformations: []TransformationConfig{{
				MetricName: f.Metric, MetricNamespace: DefaultNamespace, MetricValue: "1", Unit: "Count"}}})
		}
	}
	return out
}

// defaultFilterNames are the filter names of DefaultFilters, by metric.
var defaultFilterNames = map[string]string{
	"RootAccountUsage":        "CloudWatch.1-root-usage",
	"UnauthorizedAPICalls":    "CloudWatch.2-unauthorized-api-calls",
	"ConsoleSignInWithoutMFA": "CloudWatch.3-console-signin-without-mfa",
	"IAMPolicyChanges":        "CloudWatch.4-iam-policy-changes",
}
