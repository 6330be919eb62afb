package metricfilter

import (
	"math"
	"strconv"
	"unicode/utf8"
	"unsafe"

	"github.com/cwfilter/cwfilter/filterpattern"
	"github.com/cwfilter/cwfilter/filterpattern/ast"
	"github.com/cwfilter/cwfilter/internal/decimal"
)

// resolution is what a metric-value reference gives for one event (§7.4).
type resolution uint8

const (
	numeric resolution = iota // publish the number
	absent                    // missing or null: publish the default value, if any
	other                     // anything else: publish nothing
)

// metricNumber resolves a metric value read from an event (§7.4).
func metricNumber(v *filterpattern.RefValue) (float64, resolution) {
	switch v.Kind {
	case filterpattern.ValueMissing, filterpattern.ValueNull:
		return 0, absent
	case filterpattern.ValueNumber:
		// Text is T(v): a canonical integer or Java Double.toString form, both ParseFloat-able.
		return parseFinite(v.Text)
	case filterpattern.ValueString:
		if _, ok := decimal.Parse(v.Text, decimal.Loose); !ok {
			return 0, other
		}
		return parseFinite(v.Text)
	}
	return 0, other // INF, booleans, objects, arrays
}

// ParseMetricNumber is §7.4's parseMetricNumber: s is numeric when it matches
// [+-]?(DIGIT+(.DIGIT*)?|.DIGIT+)([eE][+-]?DIGIT+)? and is finite as a float64 (D-29).
func ParseMetricNumber(s string) (float64, bool) {
	if _, ok := decimal.Parse(s, decimal.Loose); !ok {
		return 0, false
	}
	x, r := parseFinite(unsafe.Slice(unsafe.StringData(s), len(s)))
	return x, r == numeric
}

func parseFinite(b []byte) (float64, resolution) {
	if len(b) == 0 {
		return 0, other
	}
	// ParseFloat does not retain its argument (its errors copy it), so viewing b as a string
	// is safe and avoids an allocation.
	x, err := strconv.ParseFloat(unsafe.String(&b[0], len(b)), 64)
	if err != nil || !finite(x) {
		return 0, other
	}
	return x, numeric
}

func finite(x float64) bool { return !math.IsInf(x, 0) && !math.IsNaN(x) }

// maxDimensionValue is the longest dimension value CloudWatch accepts, in characters (DM6).
const maxDimensionValue = 1024

// dimensionResolved applies DM6: strings, numbers and booleans resolve; missing, null,
// objects, arrays, empty and over-long values do not.
func dimensionResolved(v *filterpattern.RefValue) bool {
	switch v.Kind {
	case filterpattern.ValueTrue, filterpattern.ValueFalse:
		return true
	case filterpattern.ValueString, filterpattern.ValueNumber, filterpattern.ValueInf:
		return len(v.Text) > 0 && (len(v.Text) <= maxDimensionValue || utf8.RuneCount(v.Text) <= maxDimensionValue)
	}
	return false
}

// dimensionText is a resolved dimension's value: the string, T(v) of a number, true/false.
func dimensionText(v *filterpattern.RefValue) string {
	switch v.Kind {
	case filterpattern.ValueTrue:
		return "true"
	case filterpattern.ValueFalse:
		return "false"
	}
	return string(v.Text)
}

// containsRegex reports whether a pattern uses a regular expression, standalone or as a
// %…% value inside a JSON or space-delimited pattern (§7.7 quota).
func containsRegex(p *filterpattern.Pattern) bool {
	switch t := p.AST().(type) {
	case *ast.Regex:
		return true
	case *ast.JSON:
		return exprHasRegex(t.Expr)
	case *ast.Delimited:
		for _, f := range t.Fields {
			if f.Expr != nil && exprHasRegex(f.Expr) {
				return true
			}
		}
	}
	return false
}

func exprHasRegex(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.And:
		for _, o := range e.Operands {
			if exprHasRegex(o) {
				return true
			}
		}
	case *ast.Or:
		for _, o := range e.Operands {
			if exprHasRegex(o) {
				return true
			}
		}
	case *ast.Paren:
		return exprHasRegex(e.X)
	case *ast.Condition:
		return e.Value != nil && e.Value.Kind == ast.RegexValue
	case *ast.FieldCondition:
		return e.Value != nil && e.Value.Kind == ast.RegexValue
	}
	return false
}
