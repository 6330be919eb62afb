package main

import (
	"errors"
	"strings"

	"github.com/cwfilter/cwfilter/filterpattern"
	"github.com/cwfilter/cwfilter/metricfilter"
)

// A filter is one metric or subscription filter found in a template, a Terraform
// configuration, a plan or a state.
type filter struct {
	label    string // the resource: "RootUsage (AWS::Logs::MetricFilter)", a Terraform address
	at       place  // the resource; findings without a better place point here
	metric   bool   // a metric filter, else a subscription filter
	pattern  *patternRef
	text     string // the pattern as sent to AWS
	config   *metricfilter.Config
	fields   map[string]fieldRef // AWS member name (ValidationError.Field) -> where it is written
	findings []finding           // what reading the resource found: values not checkable, bad shapes
}

// patternRef is where a filter's pattern is written; a filter without one has nothing to
// check (a note or an error says why).
type patternRef struct {
	name string    // the property: "FilterPattern", "pattern", "filter_pattern"
	src  strSource // the written value
	trim int       // bytes removed from the front of the value before it is sent
}

// fieldRef is where a member of the PutMetricFilter request is written.
type fieldRef struct {
	name string // "FilterName", "metric_transformation[0].value"
	at   place
}

// A finding is an error or a note about one place of a file.
type finding struct {
	at    place // line 0: the file as a whole
	error bool
	rule  string // a ruleID: the kind of finding
	label string // the resource; "" for the file
	text  string // the message as printed after the label
	// For errors AWS would return: the exception, AWS's message and the pattern.
	code    string
	message string
	syntax  *filterpattern.SyntaxError
}

// fail records an error at a place of the resource (the resource itself when at is zero).
func (f *filter) fail(at place, rule, text string) {
	if at.file == "" {
		at = f.at
	}
	f.findings = append(f.findings, finding{at: at, error: true, rule: rule, label: f.label, text: text})
}

// uncheckable records a note that a value is not known statically, so it is not checked.
func (f *filter) uncheckable(at place, text string) {
	if at.file == "" {
		at = f.at
	}
	f.findings = append(f.findings, finding{at: at, rule: ruleNotCheckable, label: f.label, text: text})
}

// setField records where an AWS request member is, so that a ValidationError can point there.
func (f *filter) setField(awsName, name string, at place) {
	if at.file == "" {
		return
	}
	if f.fields == nil {
		f.fields = map[string]fieldRef{}
	}
	f.fields[awsName] = fieldRef{name, at}
}

// checked reports whether the filter has a pattern to check.
func (f *filter) checked() bool { return f.pattern != nil }

// check validates the filter as PutMetricFilter or PutSubscriptionFilter would: the pattern
// and, for a metric filter whose transformation is known, the whole request.
func (f *filter) check() {
	if f.pattern == nil {
		return
	}
	var err error
	switch {
	case f.config != nil:
		_, err = metricfilter.New(*f.config)
	case f.metric:
		_, err = filterpattern.Compile(f.text, filterpattern.WithContext(filterpattern.ContextMetricFilter))
	default:
		_, err = filterpattern.Compile(f.text, filterpattern.WithContext(filterpattern.ContextSubscriptionFilter))
	}
	if err == nil {
		return
	}
	fd := finding{error: true, label: f.label, code: errorCode(err), message: err.Error()}
	name := f.pattern.name
	var se *filterpattern.SyntaxError
	var ve *metricfilter.ValidationError
	switch {
	case errors.As(err, &se):
		fd.at = f.pattern.src.placeOf(f.pattern.trim + se.Offset)
		fd.rule = patternRule(se)
		fd.syntax = se
	case errors.As(err, &ve):
		fd.rule = ruleMetricFilter
		fd.at = f.pattern.src.start
		if where, ok := f.fields[ve.Field]; ok {
			fd.at, name = where.at, where.name
		}
	default:
		fd.rule = ruleMetricFilter
		fd.at = f.pattern.src.start
	}
	fd.text = name + ": " + renderError(err)
	f.findings = append(f.findings, fd)
}

// The rule IDs: one per kind of request AWS rejects (the pattern error catalogue, and the
// metric filter's other members), one per kind of file or resource lint cannot read, and one
// per kind of note. They are stable: code-scanning tools key alerts on them.
const (
	ruleTerm         = "E_TERM"
	ruleGeneric      = "E_GENERIC"
	ruleBrace        = "E_BRACE"
	ruleBracket      = "E_BRACKET"
	rulePercent      = "E_PERCENT"
	ruleRegexCompile = "E_RXCOMPILE"
	ruleRegexCount   = "E_REGEX2"
	ruleWildcard     = "E_WILD1"
	ruleWildcards    = "E_WILD3"
	ruleMultiVar     = "E_MULTIVAR"
	ruleDuplicate    = "E_DUP"
	ruleLength       = "E_LEN"
	rulePattern      = "E_PATTERN" // a pattern error of a kind this version does not know
	ruleMetricFilter = "E_METRIC_FILTER"
	ruleResource     = "E_RESOURCE"
	ruleFile         = "E_FILE"
	ruleNotCheckable = "N_NOT_CHECKABLE"
	ruleSkippedFile  = "N_SKIPPED_FILE"
)

// patternRules tells a pattern error's kind by the start of AWS's message.
var patternRules = []struct{ prefix, rule string }{
	{"Invalid character(s) in term", ruleTerm},
	{"Invalid metric filter pattern", ruleGeneric},
	{"Invalid subscription filter pattern", ruleGeneric},
	{"Invalid filter pattern", ruleGeneric},
	{"If a filter pattern starts with '{'", ruleBrace},
	{"If a filter pattern starts with '['", ruleBracket},
	{"If a filter pattern starts with '%'", rulePercent},
	{"Failed to compile regular expression", ruleRegexCompile},
	{"Your input has exceeded the maximum of 2 regular expressions", ruleRegexCount},
	{"Your filter pattern has a JSON path selector that exceeds the maximum of 1 wildcard", ruleWildcard},
	{"Your filter pattern has exceeded the maximum of 3 JSON path selectors", ruleWildcards},
	{"Multiple variables used in a single filter", ruleMultiVar},
	{"Duplicate field", ruleDuplicate},
	{"1 validation error detected:", ruleLength},
}

func patternRule(se *filterpattern.SyntaxError) string {
	for _, r := range patternRules {
		if strings.HasPrefix(se.Msg, r.prefix) {
			return r.rule
		}
	}
	return rulePattern
}
