package main

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/golden")

// checkGolden compares got with testdata/golden/name, or rewrites it with -update.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (go test -update rewrites it)\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}

func TestLintGolden(t *testing.T) {
	tests := []struct {
		args   []string
		golden string
		code   int
	}{
		{[]string{"testdata/lint/cfn-template.yaml"}, "lint-cfn-template-yaml.golden", 1},
		{[]string{"testdata/lint/cfn-tricky.yaml"}, "lint-cfn-tricky-yaml.golden", 1},
		{[]string{"testdata/lint/cfn-unquoted-percent.yaml"}, "lint-cfn-unquoted-percent-yaml.golden", 1},
		{[]string{"testdata/lint/cfn-template.json"}, "lint-cfn-template-json.golden", 1},
		{[]string{"testdata/lint/tf-plan.json"}, "lint-tf-plan-json.golden", 1},
		{[]string{"testdata/lint/tf-state.json"}, "lint-tf-state-json.golden", 0},
		{[]string{"testdata/lint"}, "lint-dir.golden", 1},
		{[]string{"testdata/grep/app.log", "testdata/lint/nope.yaml"}, "lint-not-templates.golden", 1},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			code, stdout, stderr := runCmd(append([]string{"lint"}, tt.args...), "")
			if code != tt.code || stderr != "" {
				t.Errorf("exit %d, want %d; stderr %q", code, tt.code, stderr)
			}
			checkGolden(t, tt.golden, stdout)
		})
	}
}

// The YAML template has one broken and one valid pattern: exactly the broken one is
// reported, at the line and column of the fault inside the value (here the premature end:
// the closing quote), with AWS's message and a caret.
func TestLintReportsOnlyTheBrokenPattern(t *testing.T) {
	code, stdout, _ := runCmd([]string{"lint", "testdata/lint/cfn-template.yaml"}, "")
	want := `testdata/lint/cfn-template.yaml:21:60: error: ConsoleLoginFilter (AWS::Logs::MetricFilter): FilterPattern: InvalidParameterException: Invalid metric filter pattern (1:38)
 | { ($.eventName = "ConsoleLogin") && }
 | .....................................^
1 file, 2 filters (2 checked): 1 error, 0 notes
`
	if code != 1 || stdout != want {
		t.Errorf("exit %d, want 1\ngot:\n%s\nwant:\n%s", code, stdout, want)
	}
	if strings.Contains(stdout, "RootUsageFilter") {
		t.Error("the valid pattern was reported")
	}
}

func TestLintStdin(t *testing.T) {
	const template = `{"Resources": {"F": {"Type": "AWS::Logs::SubscriptionFilter",
  "Properties": {"FilterPattern": "%ERR%", "LogGroupName": "g", "DestinationArn": "arn"}}}}`
	code, stdout, _ := runCmd([]string{"lint"}, template)
	if code != 0 || stdout != "1 file, 1 filter (1 checked): 0 errors, 0 notes\n" {
		t.Errorf("valid template: exit %d, stdout %q", code, stdout)
	}
	code, stdout, _ = runCmd([]string{"lint"}, strings.Replace(template, "%ERR%", "%ERR", 1))
	want := `<stdin>:2:39: error: F (AWS::Logs::SubscriptionFilter): FilterPattern: InvalidParameterException: If a filter pattern starts with '%' it must end with '%' (1:4)
 | %ERR
 | ...^
1 file, 1 filter (1 checked): 1 error, 0 notes
`
	if code != 1 || stdout != want {
		t.Errorf("broken template: exit %d\ngot:\n%s\nwant:\n%s", code, stdout, want)
	}
}
