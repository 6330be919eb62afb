package main

import (
	"encoding/json"
	"io"
	"net/url"
	"path/filepath"
	"runtime/debug"
	"strings"
)

// lintRules describes every rule ID, for SARIF's tool.driver.rules and the README.
var lintRules = []struct {
	id, name, level, text string
}{
	{ruleTerm, "InvalidCharacterInTerm", "error", "A term or value holds a character AWS rejects: Invalid character(s) in term '<x>'."},
	{ruleGeneric, "InvalidFilterPattern", "error", "A syntax error: Invalid metric filter pattern / Invalid subscription filter pattern."},
	{ruleBrace, "UnclosedBrace", "error", "A pattern that starts with '{' must end with '}'."},
	{ruleBracket, "UnclosedBracket", "error", "A pattern that starts with '[' must end with ']'."},
	{rulePercent, "UnclosedPercent", "error", "A pattern that starts with '%' must end with '%'."},
	{ruleRegexCompile, "RegexDoesNotCompile", "error", "A %regular expression% AWS cannot compile: Failed to compile regular expression."},
	{ruleRegexCount, "TooManyRegexes", "error", "More than 2 regular expressions in one filter pattern."},
	{ruleWildcard, "TooManyWildcardsInSelector", "error", "A JSON selector with more than 1 wildcard."},
	{ruleWildcards, "TooManyWildcardSelectors", "error", "More than 3 JSON selectors with wildcards in one filter pattern."},
	{ruleMultiVar, "MultipleVariables", "error", "A space-delimited field compared with two variables."},
	{ruleDuplicate, "DuplicateField", "error", "A space-delimited pattern declares a field name twice."},
	{ruleLength, "PatternTooLong", "error", "A filter pattern longer than 1024 characters."},
	{rulePattern, "PatternRejected", "error", "Another pattern error AWS returns."},
	{ruleMetricFilter, "InvalidMetricFilter", "error", "PutMetricFilter rejects the request: filter or log group name, metric name or namespace, metric value, default value, dimensions or unit."},
	{ruleResource, "InvalidFilterResource", "error", "The resource lacks a required property, or a property has the wrong type (such as an unquoted YAML pattern read as a mapping)."},
	{ruleFile, "UnreadableFile", "error", "A file that cannot be read, or a template or plan that cannot be parsed (it names a filter resource type)."},
	{ruleNotCheckable, "NotCheckable", "note", "A value that is known only at deployment (a function, a resource attribute, a variable without a default, an intrinsic function): it is not checked."},
	{ruleSkippedFile, "SkippedFile", "note", "A file named on the command line that is not a template, a Terraform configuration or Terraform JSON output (or not JSON or YAML, and names no filter resource type)."},
}

func toolVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}

// headline is the first line of a finding's text (a pattern error's text goes on with the
// pattern and a caret).
func headline(f finding) string {
	s, _, _ := strings.Cut(f.text, "\n")
	if f.label != "" {
		s = f.label + ": " + s
	}
	return s
}

func severity(f finding) string {
	if f.error {
		return "error"
	}
	return "note"
}

// writeLintJSON writes the totals and the findings as one JSON object.
func writeLintJSON(w io.Writer, r lintResult) error {
	type jsonFinding struct {
		File          string `json:"file"`
		Line          int    `json:"line,omitempty"`
		Column        int    `json:"column,omitempty"`
		Severity      string `json:"severity"`
		Rule          string `json:"rule"`
		Resource      string `json:"resource,omitempty"`
		Message       string `json:"message"`
		Code          string `json:"code,omitempty"`
		AWSMessage    string `json:"awsMessage,omitempty"`
		Pattern       string `json:"pattern,omitempty"`
		PatternLine   int    `json:"patternLine,omitempty"`
		PatternColumn int    `json:"patternColumn,omitempty"`
	}
	out := struct {
		Files          int           `json:"files"`
		Filters        int           `json:"filters"`
		Checked        int           `json:"checked"`
		Errors         int           `json:"errors"`
		Notes          int           `json:"notes"`
		NothingChecked string        `json:"nothingChecked,omitempty"`
		Findings       []jsonFinding `json:"findings"`
	}{r.files, r.filters, r.checked, r.errors, r.notes, r.nothing, []jsonFinding{}}
	for _, f := range r.findings {
		jf := jsonFinding{File: f.at.file, Line: f.at.line, Column: f.at.col, Severity: severity(f), Rule: f.rule,
			Resource: f.label, Message: headline(f), Code: f.code, AWSMessage: f.message}
		if se := f.syntax; se != nil {
			jf.Pattern, jf.PatternLine, jf.PatternColumn = se.Pattern, se.Line, se.Column
		}
		out.Findings = append(out.Findings, jf)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// sarifURI turns a file name into a SARIF artifact URI: relative with forward slashes when
// the file is under the current directory, an absolute file URI otherwise.
func sarifURI(name string) (uri string, relative bool) {
	p := filepath.ToSlash(filepath.Clean(name))
	if filepath.IsAbs(name) || p == ".." || strings.HasPrefix(p, "../") {
		abs, err := filepath.Abs(name)
		if err == nil {
			p = filepath.ToSlash(abs)
		}
		if !strings.HasPrefix(p, "/") { // a Windows drive
			p = "/" + p
		}
		return (&url.URL{Scheme: "file", Path: p}).String(), false
	}
	return (&url.URL{Path: p}).String(), true
}

// writeSARIF writes a SARIF 2.1.0 log, for code-scanning tools: one run, the rules above,
// one result per finding, columns in Unicode code points.
func writeSARIF(w io.Writer, r lintResult) error {
	type obj = map[string]any
	var rules []obj
	index := map[string]int{}
	for i, rule := range lintRules {
		index[rule.id] = i
		rules = append(rules, obj{
			"id":                   rule.id,
			"name":                 rule.name,
			"shortDescription":     obj{"text": rule.text},
			"helpUri":              "https://github.com/cwfilter/cwfilter/blob/main/examples/cwfilter/README.md#rules",
			"defaultConfiguration": obj{"level": rule.level},
		})
	}
	results := []obj{}
	for _, f := range r.findings {
		res := obj{
			"ruleId":    f.rule,
			"ruleIndex": index[f.rule],
			"level":     severity(f),
			"message":   obj{"text": headline(f)},
		}
		if f.syntax != nil {
			res["message"] = obj{"text": headline(f) + "\n" + strings.SplitN(f.text, "\n", 2)[1]}
		}
		if f.at.file != "" && f.at.file != "<stdin>" {
			uri, rel := sarifURI(f.at.file)
			loc := obj{"uri": uri}
			if rel {
				loc["uriBaseId"] = "%SRCROOT%"
			}
			phys := obj{"artifactLocation": loc}
			if f.at.line > 0 {
				region := obj{"startLine": f.at.line}
				if f.at.col > 0 {
					region["startColumn"] = f.at.col
				}
				phys["region"] = region
			}
			res["locations"] = []obj{{"physicalLocation": phys}}
		}
		results = append(results, res)
	}
	invocation := obj{"executionSuccessful": r.nothing == ""}
	if r.nothing != "" {
		invocation["toolExecutionNotifications"] = []obj{{"level": "error", "message": obj{"text": "nothing checked: " + r.nothing}}}
	}
	log := obj{
		"$schema": "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
		"version": "2.1.0",
		"runs": []obj{{
			"tool": obj{"driver": obj{
				"name":           "cwfilter",
				"version":        toolVersion(),
				"informationUri": "https://github.com/cwfilter/cwfilter",
				"rules":          rules,
			}},
			"invocations": []obj{invocation},
			"columnKind":  "unicodeCodePoints",
			"results":     results,
		}},
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(log)
}
