package metricfilter

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/cwfilter/cwfilter/filterpattern"
	"github.com/cwfilter/cwfilter/metric"
)

// Transformation is a metric filter's MetricTransformation: what each event publishes.
type Transformation struct {
	MetricName, MetricNamespace string
	MetricValue                 string // "1", "2.5", "$.bytes", "$size", "$7"
	DefaultValue                *float64
	Dimensions                  map[string]string // dimension name -> "$.field" / "$name"
	Unit                        string            // "" means None
}

// Config is a PutMetricFilter request.
type Config struct {
	FilterName            string // optional in the library; validated when set
	LogGroupName          string // optional in the library; validated when set
	FilterPattern         string
	MetricTransformations []Transformation // exactly one, as in AWS

	// EmitSystemFieldDimensions adds "@aws.account" and/or "@aws.region" dimensions, whose
	// values are AccountID and Region (§7.1; they count towards the 3-dimension limit).
	EmitSystemFieldDimensions []string
	AccountID, Region         string

	// Not supported (D-27): setting them makes New fail.
	ApplyOnTransformedLogs bool
	FieldSelectionCriteria string
}

// System field dimension names (§7.1).
const (
	SystemFieldAccount = "@aws.account"
	SystemFieldRegion  = "@aws.region"
)

// Error codes, as AWS names its exceptions.
const (
	CodeInvalidParameter = "InvalidParameterException"
	CodeLimitExceeded    = "LimitExceededException"
)

// ValidationError is a configuration or request AWS would reject. Error returns AWS's text
// (or the text docs/ decided for it) unchanged; Field names the offending member in AWS's notation,
// e.g. "metricTransformations.1.member.metricValue".
type ValidationError struct {
	Code  string // CodeInvalidParameter or CodeLimitExceeded
	Field string
	Msg   string
}

func (e *ValidationError) Error() string { return e.Msg }

func invalid(field, msg string) *ValidationError {
	return &ValidationError{Code: CodeInvalidParameter, Field: field, Msg: msg}
}

// constraint builds AWS's request-validation text (D-26).
func constraint(field, value, rule string) *ValidationError {
	return invalid(field, "1 validation error detected: Value '"+value+"' at '"+field+"' failed to satisfy constraint: "+rule)
}

// checkLength applies AWS's length constraint, counting code points.
func checkLength(field, v string, lo, hi int) *ValidationError {
	n := utf8.RuneCountInString(v)
	if n < lo {
		return constraint(field, v, "Member must have length greater than or equal to "+strconv.Itoa(lo))
	}
	if n > hi {
		return constraint(field, v, "Member must have length less than or equal to "+strconv.Itoa(hi))
	}
	return nil
}

// checkRequest applies the request-shape constraints AWS checks before anything else.
func checkRequest(cfg *Config) *ValidationError {
	if cfg.FilterName != "" {
		if err := checkLength("filterName", cfg.FilterName, 1, 512); err != nil {
			return err
		}
		if strings.ContainsAny(cfg.FilterName, ":*") {
			return constraint("filterName", cfg.FilterName, "Member must satisfy regular expression pattern: [^:*]*")
		}
	}
	if cfg.LogGroupName != "" {
		if err := checkLength("logGroupName", cfg.LogGroupName, 1, 512); err != nil {
			return err
		}
		if !validLogGroupName(cfg.LogGroupName) {
			return constraint("logGroupName", cfg.LogGroupName, `Member must satisfy regular expression pattern: [\.\-_/#A-Za-z0-9]+`)
		}
	}
	if n := len(cfg.MetricTransformations); n != 1 {
		rule := "Member must have length less than or equal to 1"
		if n == 0 {
			rule = "Member must have length greater than or equal to 1"
		}
		return constraint("metricTransformations", transformationList(cfg.MetricTransformations), rule)
	}
	t := &cfg.MetricTransformations[0]
	const m = "metricTransformations.1.member."
	for _, f := range []struct{ field, v string }{{m + "metricName", t.MetricName}, {m + "metricNamespace", t.MetricNamespace}} {
		if err := checkLength(f.field, f.v, 1, 255); err != nil {
			return err
		}
		if strings.ContainsAny(f.v, ":*$") {
			return constraint(f.field, f.v, "Member must satisfy regular expression pattern: [^:*$]*")
		}
	}
	if err := checkLength(m+"metricValue", t.MetricValue, 1, 100); err != nil {
		return err
	}
	if t.Unit != "" && !metric.ValidUnit(t.Unit) {
		return constraint(m+"unit", t.Unit, "Member must satisfy enum value set: ["+strings.Join(metric.Units(), ", ")+"]")
	}
	for _, s := range cfg.EmitSystemFieldDimensions {
		if s != SystemFieldAccount && s != SystemFieldRegion {
			return constraint("emitSystemFieldDimensions", s, "Member must satisfy enum value set: [@aws.account, @aws.region]")
		}
	}
	if cfg.ApplyOnTransformedLogs {
		return invalid("applyOnTransformedLogs", "applyOnTransformedLogs is not supported by this library")
	}
	if cfg.FieldSelectionCriteria != "" {
		return invalid("fieldSelectionCriteria", "fieldSelectionCriteria is not supported by this library")
	}
	return nil
}

// transformationList renders the transformations the way a Java list prints (D-26).
func transformationList(ts []Transformation) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, t := range ts {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("{MetricName: " + t.MetricName + ", MetricNamespace: " + t.MetricNamespace + ", MetricValue: " + t.MetricValue + "}")
	}
	b.WriteByte(']')
	return b.String()
}

func validLogGroupName(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte(".-_/#", c) >= 0) {
			return false
		}
	}
	return true
}

func badMetricValue(v string) *ValidationError {
	return invalid("metricTransformations.1.member.metricValue",
		"Invalid metric transformation: metric value "+v+" must be a valid number")
}

func dimensionError(field, msg string) *ValidationError {
	return invalid(field, "Invalid metric transformation: "+msg)
}

// compileValue checks MetricValue against the pattern's kind (§7.2) and returns either
// the literal or a reference.
func compileValue(p *filterpattern.Pattern, v string) (lit float64, ref filterpattern.Ref, isRef bool, err *ValidationError) {
	if strings.HasPrefix(v, "$") {
		r, rerr := p.Ref(v)
		if rerr != nil {
			return 0, filterpattern.Ref{}, false, badMetricValue(v)
		}
		return 0, r, true, nil
	}
	x, ok := parseLiteral(v)
	if !ok {
		return 0, filterpattern.Ref{}, false, badMetricValue(v)
	}
	return x, filterpattern.Ref{}, false, nil
}

// parseLiteral accepts a MetricValue literal: [+-]?DIGIT+(.DIGIT+)?([eE][+-]?DIGIT+)?, finite.
func parseLiteral(v string) (float64, bool) {
	i := 0
	if i < len(v) && (v[i] == '+' || v[i] == '-') {
		i++
	}
	digits := func() bool {
		s := i
		for i < len(v) && v[i] >= '0' && v[i] <= '9' {
			i++
		}
		return i > s
	}
	if !digits() {
		return 0, false
	}
	if i < len(v) && v[i] == '.' {
		i++
		if !digits() {
			return 0, false
		}
	}
	if i < len(v) && (v[i] == 'e' || v[i] == 'E') {
		i++
		if i < len(v) && (v[i] == '+' || v[i] == '-') {
			i++
		}
		if !digits() {
			return 0, false
		}
	}
	if i != len(v) {
		return 0, false
	}
	x, err := strconv.ParseFloat(v, 64)
	return x, err == nil && !math.IsInf(x, 0)
}
