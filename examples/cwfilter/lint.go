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

const lintUsage = `usage: cwfilter lint [--format text|json|sarif] [--allow-nothing] [file|dir ...]

Checks every metric and subscription filter of Terraform configurations (*.tf), CloudFormation
templates (JSON or YAML) and "terraform show -json" output (plan or state) as PutMetricFilter
and PutSubscriptionFilter would, metric transformations included. Directories are searched
for *.tf, *.json, *.yaml, *.yml and *.template files (directories whose name starts with "."
are skipped); with no argument a template or Terraform JSON is read from stdin. Values that
cannot be known before deployment (functions, resource attributes, variables without a
default, intrinsic functions) are reported as notes, "not checkable".

Exit status: 0 if something was checked and nothing is invalid (notes do not fail a run);
1 if there is an error; 2 for a bad command line, or when there was nothing to check (no
file, no filter, or no filter whose pattern could be known), unless --allow-nothing is given.

Flags:
  --format text|json|sarif  text (default), one JSON object, or SARIF 2.1.0 for code scanning
  --allow-nothing           exit 0 when there was nothing to check, as a pre-commit hook needs
`

// lintExtensions are the files a directory is searched for, besides *.tf.
var lintExtensions = map[string]bool{".json": true, ".yaml": true, ".yml": true, ".template": true}

func runLint(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("lint", flag.ContinueOnError)
	flags.SetOutput(stderr)
	flags.Usage = func() { fmt.Fprint(stderr, lintUsage) }
	format := flags.String("format", "text", "output format: text, json or sarif")
	allowNothing := flags.Bool("allow-nothing", false, "exit 0, not 2, when there was nothing to check (for hooks given every changed file)")
	if err := flags.Parse(permuteArgs(flags, args)); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if *format != "text" && *format != "json" && *format != "sarif" {
		fmt.Fprintf(stderr, "cwfilter lint: unknown --format %q (text, json or sarif)\n", *format)
		return exitUsage
	}
	l := newLinter()
	paths := flags.Args()
	if len(paths) == 0 {
		data, err := io.ReadAll(stdin)
		l.document("<stdin>", data, err, true)
	}
	for _, p := range paths {
		l.path(p)
	}
	l.terraform()
	res := l.result()
	var err error
	switch *format {
	case "json":
		err = writeLintJSON(stdout, res)
	case "sarif":
		err = writeSARIF(stdout, res)
	default:
		err = writeLintText(stdout, res)
	}
	if err != nil {
		fmt.Fprintf(stderr, "cwfilter lint: %v\n", err)
		return exitUsage
	}
	switch {
	case res.errors > 0:
		return exitFound
	case res.nothing != "" && !*allowNothing:
		fmt.Fprintf(stderr, "cwfilter lint: nothing checked: %s\n", res.nothing)
		return exitUsage
	}
	return exitOK
}

// linter reads files one by one and keeps what it found.
type linter struct {
	order    map[string]int // file name -> order of first appearance, for sorting findings
	files    int            // files read (not counting Terraform files read only for variables)
	filters  int
	checked  int
	findings []finding
	modules  []*tfModule // Terraform modules (directories) seen, in order
	byDir    map[string]*tfModule
	args     []string // the paths given
}

func newLinter() *linter {
	return &linter{order: map[string]int{}, byDir: map[string]*tfModule{}}
}

func (l *linter) seen(name string) {
	if _, ok := l.order[name]; !ok {
		l.order[name] = len(l.order)
	}
}

// path reads a file or searches a directory given on the command line.
func (l *linter) path(p string) {
	l.args = append(l.args, p)
	st, err := os.Stat(p)
	if err != nil || !st.IsDir() {
		if strings.HasSuffix(p, ".tf") {
			l.tfFile(p, true)
			return
		}
		data, err := os.ReadFile(p)
		l.document(p, data, err, true)
		return
	}
	err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir():
			if path != p && strings.HasPrefix(d.Name(), ".") { // .terraform, .git, ...
				return filepath.SkipDir
			}
		case strings.HasSuffix(path, ".tf"):
			l.tfFile(path, false)
		case lintExtensions[filepath.Ext(path)]:
			data, err := os.ReadFile(path)
			l.document(path, data, err, false)
		}
		return nil
	})
	if err != nil {
		l.seen(p)
		l.findings = append(l.findings, finding{at: place{file: p}, error: true, rule: ruleFile, text: err.Error()})
	}
}

// A yamlDoc is a parsed CloudFormation template or Terraform JSON document.
type yamlDoc struct {
	file   *srcFile
	isJSON bool
}

func (d *yamlDoc) place(n *yaml.Node) place {
	if n == nil || n.Line == 0 {
		return place{}
	}
	return place{d.file.name, n.Line, n.Column}
}

// source is where a string scalar is written, character by character.
func (d *yamlDoc) source(n *yaml.Node) strSource {
	s := strSource{start: d.place(n)}
	if d.isJSON {
		s.bytes = jsonStringMap(d.file, d.file.offset(n.Line, n.Column), n.Value)
	} else {
		s.bytes = yamlScalarMap(d.file, n)
	}
	return s
}

// document checks a CloudFormation template or Terraform JSON output. A file that is neither
// is passed over: silently when it was found by searching a directory (explicit false), with
// a note when it was named. So is a file that cannot be parsed, unless it names a filter
// resource type: then it is a broken template or plan, an error (a pre-commit hook names
// every changed .yaml and .json file, Helm charts and JSON with comments among them).
func (l *linter) document(name string, data []byte, readErr error, explicit bool) {
	skip := func(why string) {
		if explicit {
			l.files++
			l.seen(name)
			l.findings = append(l.findings, finding{at: place{file: name}, rule: ruleSkippedFile, text: why + ": skipped"})
		}
	}
	fail := func(f finding) {
		l.files++
		l.seen(name)
		f.error, f.rule = true, ruleFile
		if f.at.file == "" {
			f.at.file = name
		}
		l.findings = append(l.findings, f)
	}
	if readErr != nil {
		fail(finding{text: readErr.Error()})
		return
	}
	src := newSrcFile(name, data)
	root, isJSON, err := parseDocument(src)
	d := &yamlDoc{file: src, isJSON: isJSON}
	var filters []*filter
	switch {
	case err != nil && !mentionsFilters(data):
		skip("not JSON or YAML (" + err.Error() + ") and names no metric or subscription filter resource type")
		return
	case err != nil:
		fail(parseError(src, err))
		return
	case get(root, "Resources") != nil:
		filters = cloudFormationFilters(d, root)
	case get(root, "format_version") != nil:
		filters, err = terraformFilters(d, root)
		if err != nil {
			fail(finding{text: err.Error()})
			return
		}
	default:
		skip("not a CloudFormation template, Terraform configuration or Terraform JSON output")
		return
	}
	l.files++
	l.seen(name)
	l.add(filters)
}

// add checks filters and keeps their findings.
func (l *linter) add(filters []*filter) {
	for _, f := range filters {
		l.filters++
		if f.checked() {
			l.checked++
		}
		f.check()
		for _, fd := range f.findings {
			l.seen(fd.at.file)
			l.findings = append(l.findings, fd)
		}
	}
}

// lintResult is what a run found, for the output formats.
type lintResult struct {
	files, filters, checked int
	errors, notes           int
	findings                []finding // sorted by file, line and column
	nothing                 string    // why nothing was checked; "" if something was
}

func (l *linter) result() lintResult {
	r := lintResult{files: l.files, filters: l.filters, checked: l.checked, findings: l.findings}
	sort.SliceStable(r.findings, func(i, j int) bool {
		a, b := r.findings[i].at, r.findings[j].at
		if a.file != b.file {
			return l.order[a.file] < l.order[b.file]
		}
		return a.line < b.line || a.line == b.line && a.col < b.col
	})
	for _, f := range r.findings {
		if f.error {
			r.errors++
		} else {
			r.notes++
		}
	}
	where := "in " + strings.Join(l.args, ", ")
	if len(l.args) == 0 {
		where = "on stdin"
	}
	switch {
	case r.files == 0:
		r.nothing = "no Terraform configuration, CloudFormation template or Terraform JSON found " + where
	case r.filters == 0:
		r.nothing = fmt.Sprintf("no metric or subscription filter found in %s", plural(r.files, "file"))
	case r.checked == 0:
		r.nothing = fmt.Sprintf("none of the %s found has a pattern known before deployment (see the notes)", plural(r.filters, "filter"))
	}
	return r
}

// writeLintText prints one line per finding (and the pattern with a caret under a pattern
// error), then the totals.
func writeLintText(w io.Writer, r lintResult) error {
	var b strings.Builder
	for _, f := range r.findings {
		label := ""
		if f.label != "" {
			label = f.label + ": "
		}
		fmt.Fprintf(&b, "%s: %s: %s%s\n", f.at, severity(f), label, f.text)
	}
	fmt.Fprintf(&b, "%s, %s (%d checked): %s, %s\n", plural(r.files, "file"), plural(r.filters, "filter"),
		r.checked, plural(r.errors, "error"), plural(r.notes, "note"))
	_, err := io.WriteString(w, b.String())
	return err
}

// parseDocument parses a JSON or YAML file. Files that start with '{' are read as JSON
// first, so that JSON positions and string escapes are exact.
func parseDocument(src *srcFile) (root *yaml.Node, isJSON bool, err error) {
	var jsonErr error
	if t := bytes.TrimLeft(src.data, " \t\r\n"); len(t) > 0 && t[0] == '{' {
		root, jsonErr = parseJSON(src)
		if jsonErr == nil {
			return root, true, nil
		}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(src.data, &doc); err != nil {
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
func parseError(src *srcFile, err error) finding {
	f := finding{at: place{file: src.name}, text: err.Error()}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		f.at = src.at(int(se.Offset))
		f.at.col = 0
		return f
	}
	m := yamlErrorLine.FindStringSubmatch(err.Error())
	if m == nil {
		return f
	}
	line, _ := strconv.Atoi(m[1])
	f.at.line = line
	if line >= 1 && line <= len(src.lines) && bytes.Contains(src.line(line), []byte("FilterPattern")) {
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
