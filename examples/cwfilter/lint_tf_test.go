package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// Issue 15: lint on a folder of Terraform files found nothing and exited 0; on one .tf file
// it reported a YAML syntax error. It now reads the Terraform source: the broken patterns of
// the folder are reported where their faulty character is (in variables.tf and locals too),
// values not known before deployment are noted, and the run fails.
func TestLintTerraformFolder(t *testing.T) {
	code, stdout, stderr := runCmd([]string{"lint", "testdata/lint/terraform"}, "")
	if code != exitFound || stderr != "" {
		t.Errorf("exit %d, want 1; stderr %q", code, stderr)
	}
	checkGolden(t, "lint-terraform.golden", stdout)
}

// A single .tf file is read with the other files of its module (its directory) for the
// variables and locals it uses, but only its own filters are reported.
func TestLintTerraformSingleFile(t *testing.T) {
	code, stdout, _ := runCmd([]string{"lint", "testdata/lint/terraform/main.tf"}, "")
	if code != exitFound {
		t.Errorf("exit %d, want 1", code)
	}
	for _, want := range []string{
		`testdata/lint/terraform/variables.tf:18:61: error: aws_cloudwatch_log_metric_filter.cis["console_login"]: pattern:`,
		"testdata/lint/terraform/main.tf:20:24: error: aws_cloudwatch_log_metric_filter.heredoc: pattern:",
		"1 file, 11 filters (8 checked): 4 errors, 3 notes\n",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
	if strings.Contains(stdout, "yaml") {
		t.Errorf("a .tf file was read as YAML:\n%s", stdout)
	}
}

// Exit codes a CI job can trust: 0 only when something was checked and nothing is wrong; 2
// with the reason when nothing could be checked.
func TestLintExitCodes(t *testing.T) {
	const valid = `resource "aws_cloudwatch_log_subscription_filter" "s" {
  name            = "s"
  log_group_name  = "g"
  filter_pattern  = "?ERROR ?WARN"
  destination_arn = "arn"
}
`
	const unknown = `resource "aws_cloudwatch_log_subscription_filter" "s" {
  name            = "s"
  log_group_name  = "g"
  filter_pattern  = var.p
  destination_arn = "arn"
}
variable "p" {}
`
	tests := []struct {
		name   string
		files  map[string]string
		args   []string // relative to the directory; "." when nil
		code   int
		stderr string // a part of stderr
		stdout string // a part of stdout
	}{
		{name: "empty directory", files: map[string]string{"README.md": "x"}, code: exitUsage,
			stderr: "nothing checked: no Terraform configuration, CloudFormation template or Terraform JSON found in ."},
		{name: "Terraform without filters", files: map[string]string{"main.tf": `resource "aws_s3_bucket" "b" {}`}, code: exitUsage,
			stderr: "nothing checked: no metric or subscription filter found in 1 file"},
		{name: "only patterns not known before deployment", files: map[string]string{"main.tf": unknown}, code: exitUsage,
			stderr: "nothing checked: none of the 1 filter found has a pattern known before deployment", stdout: "var.p has no default"},
		{name: "nothing to check, allowed", files: map[string]string{"main.tf": `resource "aws_s3_bucket" "b" {}`}, args: []string{"--allow-nothing", "main.tf"},
			code: exitOK, stdout: "1 file, 0 filters (0 checked): 0 errors, 0 notes"},
		{name: "files named by a hook that are not JSON or YAML and name no filter, allowed", files: map[string]string{
			"chart/svc.yaml": "metadata:\n  name: {{ .Values.name }}\n  labels: {{- include \"x\" . | nindent 4 }}\n",
			"tsconfig.json":  "{\n  // comment\n  \"compilerOptions\": {}\n}\n"},
			args: []string{"--allow-nothing", "chart/svc.yaml", "tsconfig.json"}, code: exitOK,
			stdout: "tsconfig.json: note: not JSON or YAML (invalid character '/') and names no metric or subscription filter resource type: skipped\n2 files, 0 filters (0 checked): 0 errors, 2 notes"},
		{name: "valid", files: map[string]string{"main.tf": valid}, code: exitOK, stdout: "1 file, 1 filter (1 checked): 0 errors, 0 notes"},
		{name: "a note does not fail a run that checked something", files: map[string]string{"a.tf": valid, "b.tf": strings.ReplaceAll(unknown, `"s"`, `"t"`)},
			code: exitOK, stdout: "2 files, 2 filters (1 checked): 0 errors, 1 note"},
		{name: "an error", files: map[string]string{"main.tf": strings.Replace(valid, "?WARN", "WARN:", 1)}, code: exitFound,
			stdout: "main.tf:4:33: error: aws_cloudwatch_log_subscription_filter.s: filter_pattern: InvalidParameterException: Invalid character(s) in term ':'"},
		{name: "a Terraform syntax error", files: map[string]string{"main.tf": "resource \"x\" {\n  a = \n}\n"}, code: exitFound, stdout: "main.tf:2:"},
		{name: "missing file", files: map[string]string{}, args: []string{"nope.tf"}, code: exitFound, stdout: "nope.tf: error: open nope.tf: no such file or directory"},
		{name: "unknown format", files: map[string]string{"main.tf": valid}, args: []string{"--format", "xml", "."}, code: exitUsage, stderr: `unknown --format "xml"`},
		{name: "flags after the paths", files: map[string]string{"main.tf": valid}, args: []string{".", "--format", "json"}, code: exitOK, stdout: `"checked": 1`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeFiles(t, tt.files)
			args := tt.args
			if args == nil {
				args = []string{"."}
			}
			code, stdout, stderr := runIn(dir, append([]string{"lint"}, args...), "")
			if code != tt.code || !strings.Contains(stderr, tt.stderr) || !strings.Contains(stdout, tt.stdout) {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nwant a part: %q\nstderr:\n%s\nwant a part: %q", code, tt.code, stdout, tt.stdout, stderr, tt.stderr)
			}
		})
	}
}

// Values that cannot be known before deployment are notes that say why and where, never
// silently skipped.
func TestLintTerraformNotCheckable(t *testing.T) {
	tests := []struct{ expr, where, note string }{
		{`join(" ", ["a", "b"])`, "4:21", "the function join() is not evaluated"},
		{`aws_ssm_parameter.p.value`, "4:21", "aws_ssm_parameter.p.value is an attribute of a resource"},
		{`data.aws_ssm_parameter.p.value`, "4:21", "data.aws_ssm_parameter.p is a data source"},
		{`module.m.pattern`, "4:21", "module.m.pattern is a module output"},
		{`var.nodefault`, "4:21", "var.nodefault has no default"},
		{`var.undeclared`, "4:21", "var.undeclared is not declared"},
		{`local.missing`, "4:21", "local.missing is not defined"},
		{`true ? "a" : "b"`, "4:21", "a conditional expression is not evaluated"},
		{`"${upper("x")} y"`, "4:24", "the function upper() is not evaluated"},
		{`[for s in ["a"] : s][0]`, "4:21", "a for expression is not evaluated"},
		{`each.value`, "4:21", "each.value is used outside a resource with a known for_each"},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			dir := writeFiles(t, map[string]string{"main.tf": `resource "aws_cloudwatch_log_subscription_filter" "s" {
  name            = "s"
  log_group_name  = "g"
  filter_pattern  = ` + tt.expr + `
  destination_arn = "arn"
}
variable "nodefault" {}
`})
			code, stdout, _ := runIn(dir, []string{"lint", "main.tf"}, "")
			want := "main.tf:" + tt.where + ": note: aws_cloudwatch_log_subscription_filter.s: filter_pattern is not checkable: " + tt.note
			if code != exitUsage || !strings.Contains(stdout, want) {
				t.Errorf("exit %d, want 2\ngot:\n%s\nwant a line starting:\n%s", code, stdout, want)
			}
		})
	}
}

// lintFindings runs lint --format json on one file and returns its findings.
func lintFindings(t *testing.T, name, content string) []map[string]any {
	t.Helper()
	dir := writeFiles(t, map[string]string{name: content})
	_, stdout, stderr := runIn(dir, []string{"lint", "--format", "json", name}, "")
	var out struct{ Findings []map[string]any }
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatalf("%v\nstdout:\n%s\nstderr:\n%s", err, stdout, stderr)
	}
	return out.Findings
}

// An error points at the file, line and column of the faulty character inside the value,
// through the string decoding of Terraform (escapes, $${ and %%{, heredocs and their
// indentation, interpolation of variables and locals), YAML (quoted, plain and block
// scalars) and JSON. Each row writes a file whose pattern has one fault, marked here by
// the line and column where it is written.
func TestLintFaultPositions(t *testing.T) {
	tf := func(pattern string) string {
		return "resource \"aws_cloudwatch_log_subscription_filter\" \"s\" {\n  filter_pattern = " + pattern + "\n}\n"
	}
	cfn := func(pattern string) string {
		return "Resources:\n  S:\n    Type: AWS::Logs::SubscriptionFilter\n    Properties:\n      FilterPattern: " + pattern + "\n"
	}
	cfnJSON := func(pattern string) string {
		return "{\"Resources\": {\"S\": {\"Type\": \"AWS::Logs::SubscriptionFilter\",\n  \"Properties\": {\"FilterPattern\": " + pattern + "}}}}\n"
	}
	tests := []struct {
		name, file, content string
		line, col           int
		rule                string
	}{
		{"tf plain", "main.tf", tf(`"ERROR: x"`), 2, 26, ruleTerm},
		{"tf escaped quotes", "main.tf", tf(`"{ $.a = \"b\" && $.c = d: }"`), 2, 45, ruleTerm},
		{"tf escaped backslash, premature end", "main.tf", tf(`"{ $.a = \"\\\\\" && }"`), 2, 42, ruleGeneric},
		{"tf unicode escape", "main.tf", tf(`"{ $.a = \"\u00e9\" && $.b = x: }"`), 2, 50, ruleTerm},
		{"tf escaped newline", "main.tf", tf(`"{ $.a = 1 &&\n $.b = x: }"`), 2, 43, ruleTerm},
		{"tf $${", "main.tf", tf(`"{ $.a = \"$${x}\" && $.b = y: }"`), 2, 49, ruleTerm},
		{"tf %%{", "main.tf", tf(`"%%{x}%% y:"`), 2, 30, rulePercent},
		{"tf heredoc", "main.tf", tf("<<EOT\n{\n  $.a = x: }\nEOT"), 4, 10, ruleTerm},
		{"tf flush heredoc", "main.tf", tf("<<-EOT\n    {\n      $.a = x: }\n    EOT"), 4, 14, ruleTerm},
		{"tf flush heredoc, a blank line", "main.tf", tf("<<-EOT\n    {\n\n      $.a = x: }\n    EOT"), 5, 14, ruleTerm},
		{"tf interpolated variable", "main.tf", tf(`"?${var.t} ?WARN"`) + "variable \"t\" {\n  default = \"ERR:\"\n}\n", 5, 17, ruleTerm},
		{"tf local in a template", "main.tf", tf(`"${local.p}"`) + "locals {\n  p = \"{ $.c = d: }\"\n}\n", 5, 17, ruleTerm},
		{"tf trimmed metric pattern", "main.tf", "resource \"aws_cloudwatch_log_metric_filter\" \"m\" {\n  pattern = \"  ERROR:\"\n  metric_transformation {\n    name = \"n\"\n    namespace = \"ns\"\n    value = \"1\"\n  }\n}\n", 2, 21, ruleTerm},
		{"yaml plain", "t.yaml", cfn("ERROR x:y"), 5, 29, ruleTerm},
		{"yaml plain over two lines", "t.yaml", cfn("ERROR\n        x:y"), 6, 10, ruleTerm},
		{"yaml single-quoted", "t.yaml", cfn(`'{ $.a = ''x'' }'`), 5, 31, ruleTerm},
		{"yaml double-quoted", "t.yaml", cfn(`"{ $.a = \"\u00e9\" && $.b = x: }"`), 5, 52, ruleTerm},
		{"yaml double-quoted folded", "t.yaml", cfn("\"{ $.a = 1 &&\n\n        $.b = x: }\""), 7, 16, ruleTerm},
		{"yaml literal block", "t.yaml", cfn("|\n        {\n          $.a = 1 &&\n          $.b = x: }"), 8, 18, ruleTerm},
		{"yaml literal block, strip, premature end", "t.yaml", cfn("|-\n        { $.a = 1 &&\n          $.b = }"), 7, 18, ruleGeneric},
		{"yaml folded block", "t.yaml", cfn(">\n        { $.a = 1 &&\n        $.b = x: }"), 7, 16, ruleTerm},
		{"yaml folded block, more indented line", "t.yaml", cfn(">-\n        { $.a = 1 &&\n          $.b = x: }"), 7, 18, ruleTerm},
		{"json", "t.json", cfnJSON(`"{ $.a = \"b\" && $.c = d: }"`), 2, 60, ruleTerm},
		{"json unicode escapes, premature end", "t.json", cfnJSON(`"{ $.a = \u0022\u00e9\u0022 && }"`), 2, 67, ruleGeneric},
		{"json surrogate pair", "t.json", cfnJSON(`"{ $.a = \"\ud83d\ude00\" && $.b = x: }"`), 2, 71, ruleTerm},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := lintFindings(t, tt.file, tt.content)
			if len(fs) == 0 {
				t.Fatalf("no finding for\n%s", tt.content)
			}
			f := fs[0]
			if f["line"] != float64(tt.line) || f["column"] != float64(tt.col) || f["rule"] != tt.rule {
				t.Errorf("at %v:%v %v, want %d:%d %s\n%s\nfinding: %v", f["line"], f["column"], f["rule"], tt.line, tt.col, tt.rule, tt.content, f)
			}
		})
	}
}

// The SARIF log has what code-scanning tools need: version 2.1.0, the tool with its rules
// (stable IDs), results whose rule is listed, relative forward-slash URIs and 1-based
// regions.
func TestLintSARIF(t *testing.T) {
	code, stdout, _ := runCmd([]string{"lint", "--format", "sarif", "testdata/lint/terraform", "testdata/lint/cfn-tricky.yaml"}, "")
	if code != exitFound {
		t.Errorf("exit %d, want 1", code)
	}
	var log struct {
		Schema  string `json:"$schema"`
		Version string
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name, Version, InformationURI string
					Rules                         []struct {
						ID, Name             string
						ShortDescription     struct{ Text string }
						DefaultConfiguration struct{ Level string }
					}
				}
			}
			Invocations []struct{ ExecutionSuccessful bool }
			ColumnKind  string
			Results     []struct {
				RuleID    string
				RuleIndex int
				Level     string
				Message   struct{ Text string }
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI, URIBaseID string }
						Region           struct{ StartLine, StartColumn int }
					}
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(stdout), &log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || !strings.Contains(log.Schema, "sarif-schema-2.1.0.json") || len(log.Runs) != 1 {
		t.Fatalf("version %q schema %q runs %d", log.Version, log.Schema, len(log.Runs))
	}
	run := log.Runs[0]
	d := run.Tool.Driver
	if d.Name != "cwfilter" || d.Version == "" || d.InformationURI != "https://github.com/cwfilter/cwfilter" {
		t.Errorf("driver %+v", d)
	}
	ids := map[string]int{}
	for i, r := range d.Rules {
		if _, dup := ids[r.ID]; dup || r.ID == "" || r.Name == "" || r.ShortDescription.Text == "" ||
			(r.DefaultConfiguration.Level != "error" && r.DefaultConfiguration.Level != "note") {
			t.Errorf("rule %d: %+v", i, r)
		}
		ids[r.ID] = i
	}
	for _, id := range []string{"E_TERM", "E_GENERIC", "E_BRACE", "E_BRACKET", "E_PERCENT", "E_RXCOMPILE", "E_REGEX2",
		"E_WILD1", "E_WILD3", "E_MULTIVAR", "E_DUP", "E_LEN", "E_METRIC_FILTER", "N_NOT_CHECKABLE"} {
		if _, ok := ids[id]; !ok {
			t.Errorf("no rule %s", id)
		}
	}
	if run.ColumnKind != "unicodeCodePoints" || len(run.Invocations) != 1 || !run.Invocations[0].ExecutionSuccessful {
		t.Errorf("columnKind %q invocations %+v", run.ColumnKind, run.Invocations)
	}
	if len(run.Results) < 10 {
		t.Fatalf("%d results", len(run.Results))
	}
	seen := map[string]bool{}
	for _, r := range run.Results {
		seen[r.RuleID] = true
		i, ok := ids[r.RuleID]
		if !ok || i != r.RuleIndex || (r.Level != "error" && r.Level != "note") || r.Message.Text == "" || len(r.Locations) != 1 {
			t.Errorf("result %+v", r)
			continue
		}
		loc := r.Locations[0].PhysicalLocation
		if u := loc.ArtifactLocation.URI; !strings.HasPrefix(u, "testdata/lint/") || strings.Contains(u, `\`) ||
			loc.ArtifactLocation.URIBaseID != "%SRCROOT%" || loc.Region.StartLine < 1 || loc.Region.StartColumn < 1 {
			t.Errorf("location %+v", loc)
		}
	}
	for _, id := range []string{"E_TERM", "E_GENERIC", "E_METRIC_FILTER", "E_RESOURCE", "N_NOT_CHECKABLE"} {
		if !seen[id] {
			t.Errorf("no result of rule %s", id)
		}
	}

	// Nothing checked: the run says so.
	dir := writeFiles(t, map[string]string{"main.tf": `resource "aws_s3_bucket" "b" {}`})
	code, stdout, _ = runIn(dir, []string{"lint", "--format", "sarif", "."}, "")
	if code != exitUsage || !strings.Contains(stdout, `"executionSuccessful": false`) || !strings.Contains(stdout, "nothing checked: no metric or subscription filter") {
		t.Errorf("nothing checked: exit %d\n%s", code, stdout)
	}
}

func TestLintJSONFormat(t *testing.T) {
	code, stdout, _ := runCmd([]string{"lint", "--format", "json", filepath.Join("testdata", "lint", "cfn-template.yaml")}, "")
	want := `{
  "files": 1,
  "filters": 2,
  "checked": 2,
  "errors": 1,
  "notes": 0,
  "findings": [
    {
      "file": "testdata/lint/cfn-template.yaml",
      "line": 21,
      "column": 60,
      "severity": "error",
      "rule": "E_GENERIC",
      "resource": "ConsoleLoginFilter (AWS::Logs::MetricFilter)",
      "message": "ConsoleLoginFilter (AWS::Logs::MetricFilter): FilterPattern: InvalidParameterException: Invalid metric filter pattern (1:38)",
      "code": "InvalidParameterException",
      "awsMessage": "Invalid metric filter pattern",
      "pattern": "{ ($.eventName = \"ConsoleLogin\") && }",
      "patternLine": 1,
      "patternColumn": 38
    }
  ]
}
`
	if code != exitFound || stdout != want {
		t.Errorf("exit %d\ngot:\n%s\nwant:\n%s", code, stdout, want)
	}
}

// The Lambda example's SAM template is linted as the CI lints it.
func TestLintLambdaTemplate(t *testing.T) {
	code, stdout, stderr := runCmd([]string{"lint", "../lambda/template.yaml"}, "")
	if code != exitOK || strings.Contains(stdout, ": error:") || !strings.Contains(stdout, "1 file, ") || strings.Contains(stdout, "(0 checked)") {
		t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
}
