package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

const lintUsage = `usage: cwfilter lint [file|dir ...]

Checks every filter pattern of CloudFormation templates (JSON or YAML) and of Terraform
"terraform show -json" output (plan or state), as PutMetricFilter and PutSubscriptionFilter
would, metric transformations included. Directories are searched for *.json, *.yaml, *.yml
and *.template files; with no argument the file is read from stdin. Values that are not
literals (intrinsic functions, values known only after apply) are noted and skipped.
Exit status: 0 if no errors, 1 if there are, 2 if the command line is wrong.
`

// lintExtensions are the files a directory is searched for.
var lintExtensions = map[string]bool{".json": true, ".yaml": true, ".yml": true, ".template": true}

func runLint(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("lint", flag.ContinueOnError)
	flags.SetOutput(stderr)
	flags.Usage = func() { fmt.Fprint(stderr, lintUsage) }
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	l := linter{out: stdout}
	paths := flags.Args()
	if len(paths) == 0 {
		data, err := io.ReadAll(stdin)
		l.file("<stdin>", data, err, true)
	}
	for _, p := range paths {
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			err := filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
				if err == nil && !d.IsDir() && lintExtensions[filepath.Ext(path)] {
					data, err := os.ReadFile(path)
					l.file(path, data, err, false)
				}
				return err
			})
			if err != nil {
				l.report(p, []finding{{error: true, text: err.Error()}})
			}
			continue
		}
		data, err := os.ReadFile(p)
		l.file(p, data, err, true)
	}
	fmt.Fprintf(stdout, "%s, %s: %s, %s\n", plural(l.files, "file"), plural(l.filters, "filter"),
		plural(l.errors, "error"), plural(l.notes, "note"))
	if l.errors > 0 {
		return exitFound
	}
	return exitOK
}

// linter checks files one by one and keeps the totals.
type linter struct {
	out                           io.Writer
	files, filters, errors, notes int
}

// file checks one file. Files found by searching a directory (explicit false) that are
// neither templates nor Terraform JSON are passed over silently, unless they cannot be
// parsed and mention a filter resource type.
func (l *linter) file(name string, data []byte, readErr error, explicit bool) {
	if readErr != nil {
		l.files++
		l.report(name, []finding{{error: true, text: readErr.Error()}})
		return
	}
	root, isJSON, err := parseDocument(data)
	var filters []*filter
	switch {
	case err != nil:
		if !explicit && !mentionsFilters(data) {
			return
		}
		l.files++
		l.report(name, []finding{parseError(err, data)})
		return
	case get(root, "Resources") != nil:
		filters = cloudFormationFilters(root, isJSON)
	case get(root, "format_version") != nil:
		filters, err = terraformFilters(root)
		if err != nil {
			l.files++
			l.report(name, []finding{{error: true, text: err.Error()}})
			return
		}
	default:
		if explicit {
			l.files++
			l.report(name, []finding{{text: "not a CloudFormation template or Terraform JSON output, skipped"}})
		}
		return
	}
	l.files++
	l.filters += len(filters)
	var findings []finding
	for _, f := range filters {
		f.check()
		findings = append(findings, f.findings...)
	}
	l.report(name, findings)
}

// report prints findings in file order and counts them.
func (l *linter) report(file string, findings []finding) {
	sort.SliceStable(findings, func(i, j int) bool {
		a, b := findings[i].at, findings[j].at
		if a == nil || b == nil {
			return a == nil && b != nil
		}
		return a.Line < b.Line || a.Line == b.Line && a.Column < b.Column
	})
	for _, f := range findings {
		loc := file
		if f.at != nil && f.at.Line > 0 {
			loc += ":" + strconv.Itoa(f.at.Line)
			if f.at.Column > 0 {
				loc += ":" + strconv.Itoa(f.at.Column)
			}
		}
		kind := "note"
		if f.error {
			kind = "error"
			l.errors++
		} else {
			l.notes++
		}
		label := ""
		if f.label != "" {
			label = f.label + ": "
		}
		fmt.Fprintf(l.out, "%s: %s: %s%s\n", loc, kind, label, f.text)
	}
}

// parseDocument parses a JSON or YAML file. Files that start with '{' are read as JSON
// first, so that JSON positions and string escapes are exact.
func parseDocument(data []byte) (root *yaml.Node, isJSON bool, err error) {
	var jsonErr error
	if t := bytes.TrimLeft(data, " \t\r\n"); len(t) > 0 && t[0] == '{' {
		root, jsonErr = parseJSON(data)
		if jsonErr == nil {
			return root, true, nil
		}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		if jsonErr != nil {
			return nil, true, jsonErr
		}
		return nil, false, err
	}
	return resolve(&doc), false, nil
}

var yamlErrorLine = regexp.MustCompile(`^yaml: line (\d+):`)

// parseError turns a JSON or YAML syntax error into a finding at its line, with a hint when
// the line holds an unquoted filter pattern YAML cannot read (such as %ERROR%).
func parseError(err error, data []byte) finding {
	f := finding{error: true, text: err.Error()}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		line := bytes.Count(data[:min(int(se.Offset), len(data))], []byte{'\n'}) + 1
		f.at = &yaml.Node{Line: line}
		return f
	}
	m := yamlErrorLine.FindStringSubmatch(err.Error())
	if m == nil {
		return f
	}
	line, _ := strconv.Atoi(m[1])
	f.at = &yaml.Node{Line: line}
	if lines := strings.Split(string(data), "\n"); line <= len(lines) && strings.Contains(lines[line-1], "FilterPattern") {
		f.text += " (quote the filter pattern: FilterPattern: '...')"
	}
	return f
}

// mentionsFilters reports whether a file names a filter resource type.
func mentionsFilters(data []byte) bool {
	for _, typ := range []string{cfnMetricFilter, cfnSubscriptionFilter, tfMetricFilter, tfSubscriptionFilter} {
		if bytes.Contains(data, []byte(typ)) {
			return true
		}
	}
	return false
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}
