package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/cwfilter/cwfilter/metricfilter"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// A tfModule is a directory of Terraform files: one module, whose variables and locals all
// its files share.
type tfModule struct {
	dir      string
	context  bool // a file of it was named on the command line: read its other files for variables
	report   map[string]bool
	files    []*tfFile
	byName   map[string]*srcFile
	vars     map[string]*hclsyntax.Block
	locals   map[string]*hclsyntax.Attribute
	localVal map[string]*tfVal
	localErr map[string]error
	busy     map[string]bool // locals being evaluated, to catch cycles
}

type tfFile struct {
	src    *srcFile
	body   *hclsyntax.Body
	report bool // its filters are checked and it counts as a file read
}

// tfFile records a .tf file to read; explicit means it was named on the command line.
func (l *linter) tfFile(path string, explicit bool) {
	dir := filepath.Dir(path)
	m := l.byDir[dir]
	if m == nil {
		m = &tfModule{dir: dir, report: map[string]bool{}}
		l.byDir[dir] = m
		l.modules = append(l.modules, m)
	}
	m.report[path] = true
	m.context = m.context || explicit
	l.seen(path)
}

// terraform reads the Terraform modules seen and checks their filters.
func (l *linter) terraform() {
	for _, m := range l.modules {
		names := make([]string, 0, len(m.report))
		for name := range m.report {
			names = append(names, name)
		}
		if m.context {
			all, _ := filepath.Glob(filepath.Join(m.dir, "*.tf"))
			for _, name := range all {
				if !m.report[name] && !m.report["./"+name] {
					names = append(names, name)
				}
			}
		}
		sort.Strings(names)
		m.read(l, names)
		for _, f := range m.files {
			if f.report {
				l.files++
				l.add(m.filters(f))
			}
		}
	}
}

// read parses the files of the module and indexes its variables and locals.
func (m *tfModule) read(l *linter, names []string) {
	m.byName = map[string]*srcFile{}
	m.vars = map[string]*hclsyntax.Block{}
	m.locals = map[string]*hclsyntax.Attribute{}
	m.localVal, m.localErr, m.busy = map[string]*tfVal{}, map[string]error{}, map[string]bool{}
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			if m.report[name] {
				l.files++
				l.findings = append(l.findings, finding{at: place{file: name}, error: true, rule: ruleFile, text: err.Error()})
			}
			continue
		}
		src := newSrcFile(name, data)
		m.byName[name] = src
		f, diags := hclsyntax.ParseConfig(data, name, hcl.InitialPos)
		for _, d := range diags {
			if d.Severity != hcl.DiagError {
				continue
			}
			at := place{file: name}
			if d.Subject != nil {
				at = src.at(d.Subject.Start.Byte)
			}
			text := d.Summary
			if d.Detail != "" {
				text += ": " + d.Detail
			}
			l.seen(name)
			l.findings = append(l.findings, finding{at: at, error: true, rule: ruleFile, text: text})
		}
		body, ok := f.Body.(*hclsyntax.Body) // ParseConfig always returns a file
		if !ok {
			continue
		}
		m.files = append(m.files, &tfFile{src: src, body: body, report: m.report[name]})
		for _, b := range body.Blocks {
			switch {
			case b.Type == "variable" && len(b.Labels) == 1:
				m.vars[b.Labels[0]] = b
			case b.Type == "locals":
				for name, a := range b.Body.Attributes {
					m.locals[name] = a
				}
			}
		}
	}
}

// place returns where a range of one of the module's files starts.
func (m *tfModule) place(r hcl.Range) place {
	if f := m.byName[r.Filename]; f != nil {
		return f.at(r.Start.Byte)
	}
	return place{file: r.Filename, line: r.Start.Line, col: r.Start.Column}
}

// notStaticAt says where and why a value is not known before deployment: at the part of it
// that err, a *notStaticError, names; otherwise at rng, for the reason why.
func (m *tfModule) notStaticAt(rng hcl.Range, err error, why string) (place, string) {
	if ns, ok := err.(*notStaticError); ok {
		return m.place(ns.rng), ns.why
	}
	return m.place(rng), why
}

// filters returns the metric and subscription filters of a file, one per instance when a
// resource with count or for_each uses count.index or each in the values checked.
func (m *tfModule) filters(file *tfFile) []*filter {
	var out []*filter
	for _, b := range file.body.Blocks {
		if b.Type != "resource" || len(b.Labels) != 2 || b.Labels[0] != tfMetricFilter && b.Labels[0] != tfSubscriptionFilter {
			continue
		}
		r := tfBlock{mod: m, block: b, address: b.Labels[0] + "." + b.Labels[1], metric: b.Labels[0] == tfMetricFilter}
		out = append(out, r.instances()...)
	}
	return out
}

// tfBlock is a filter resource block.
type tfBlock struct {
	mod     *tfModule
	block   *hclsyntax.Block
	address string
	metric  bool
}

func (r *tfBlock) patternKey() string {
	if r.metric {
		return "pattern"
	}
	return "filter_pattern"
}

// checkedExprs are the expressions lint evaluates for the resource.
func (r *tfBlock) checkedExprs() []hclsyntax.Expression {
	var out []hclsyntax.Expression
	for _, name := range []string{r.patternKey(), "name", "log_group_name"} {
		if a := r.block.Body.Attributes[name]; a != nil {
			out = append(out, a.Expr)
		}
	}
	for _, b := range r.block.Body.Blocks {
		if b.Type == "metric_transformation" {
			for _, a := range b.Body.Attributes {
				out = append(out, a.Expr)
			}
		}
	}
	return out
}

// uses reports whether the checked expressions refer to root ("each" or "count").
func (r *tfBlock) uses(root string) bool {
	for _, x := range r.checkedExprs() {
		for _, t := range hclsyntax.Variables(x) {
			if t.RootName() == root {
				return true
			}
		}
	}
	return false
}

func (r *tfBlock) instances() []*filter {
	attrs := r.block.Body.Attributes
	base := &tfEval{mod: r.mod}
	switch {
	case attrs["count"] != nil && r.uses("count"):
		n, err := base.eval(attrs["count"].Expr)
		count, ok := 0, false
		if err == nil && n.kind == tfNumber {
			c, perr := strconv.Atoi(n.str)
			count, ok = c, perr == nil && c >= 0
		}
		if !ok {
			return []*filter{r.notCheckable(attrs["count"].Expr, err, "count")}
		}
		var out []*filter
		for i := range count {
			out = append(out, r.filter(fmt.Sprintf("%s[%d]", r.address, i), &tfEval{mod: r.mod, count: &i}))
		}
		return out
	case attrs["for_each"] != nil && r.uses("each"):
		v, err := base.eval(attrs["for_each"].Expr)
		if err == nil && v.kind != tfMap && v.kind != tfSet {
			err = notStatic(attrs["for_each"].Expr.Range(), "for_each must be a map or a set of strings")
		}
		if err != nil {
			return []*filter{r.notCheckable(attrs["for_each"].Expr, err, "for_each")}
		}
		var out []*filter
		for _, k := range v.keys() {
			each := &tfEach{key: v.keyVal(k), value: v.elem(k)}
			out = append(out, r.filter(r.address+"["+strconv.Quote(k)+"]", &tfEval{mod: r.mod, each: each}))
		}
		return out
	}
	return []*filter{r.filter(r.address, base)}
}

// notCheckable is the filter of a resource whose instances cannot be known.
func (r *tfBlock) notCheckable(x hclsyntax.Expression, err error, what string) *filter {
	f := &filter{label: r.address, at: r.mod.place(r.block.TypeRange), metric: r.metric}
	at, why := r.mod.notStaticAt(x.Range(), err, "its value is not known before deployment")
	f.uncheckable(at, fmt.Sprintf("%s is not checkable: %s depends on %s, and %s", r.patternKey(), r.patternKey(), what, why))
	return f
}

// filter evaluates one instance of the resource.
func (r *tfBlock) filter(label string, ev *tfEval) *filter {
	key := r.patternKey()
	f := &filter{label: label, at: r.mod.place(r.block.TypeRange), metric: r.metric}
	attr := r.block.Body.Attributes[key]
	if attr == nil {
		f.fail(place{}, ruleResource, key+" is missing; it is required")
		return f
	}
	v, ok := r.value(f, ev, attr, key)
	if !ok {
		return f
	}
	at := r.mod.place(attr.Expr.StartRange())
	switch v.kind {
	case tfNull:
		f.fail(at, ruleResource, key+" is null; it is required (write \"\" for a pattern that matches every event)")
		return f
	case tfList, tfSet, tfMap:
		f.fail(at, ruleResource, key+" must be a string, not a "+v.kind.String())
		return f
	}
	f.pattern, f.text = &patternRef{name: key, src: v.src}, v.str
	if f.metric { // the provider trims the pattern before sending it
		f.text = strings.TrimSpace(v.str)
		f.pattern.trim = leadingSpace(v.str)
		r.metricConfig(f, ev)
	}
	return f
}

// value evaluates an attribute; a value that is not known statically is noted.
func (r *tfBlock) value(f *filter, ev *tfEval, attr *hclsyntax.Attribute, name string) (*tfVal, bool) {
	v, err := ev.eval(attr.Expr)
	if err != nil {
		at, why := r.mod.notStaticAt(attr.Expr.StartRange(), err, err.Error())
		f.uncheckable(at, name+" is not checkable: "+why)
		return nil, false
	}
	return v, true
}

// metricConfig builds the PutMetricFilter request when the transformation is known.
func (r *tfBlock) metricConfig(f *filter, ev *tfEval) {
	body := r.block.Body
	cfg := &metricfilter.Config{FilterPattern: f.text}
	// Names are often references to other resources; those are simply not checked.
	for _, n := range []struct{ attr, aws string }{{"name", "filterName"}, {"log_group_name", "logGroupName"}} {
		if a := body.Attributes[n.attr]; a != nil {
			if v, err := ev.eval(a.Expr); err == nil && v.kind == tfString {
				f.setField(n.aws, n.attr, r.mod.place(a.Expr.StartRange()))
				if n.attr == "name" {
					cfg.FilterName = v.str
				} else {
					cfg.LogGroupName = v.str
				}
			}
		}
	}
	var mts []*hclsyntax.Block
	for _, b := range body.Blocks {
		switch {
		case b.Type == "metric_transformation":
			mts = append(mts, b)
		case b.Type == "dynamic" && len(b.Labels) == 1 && b.Labels[0] == "metric_transformation":
			f.uncheckable(r.mod.place(b.TypeRange), "metric_transformation is a dynamic block; the transformation is not checked")
			return
		}
	}
	if len(mts) > 0 {
		f.setField("metricTransformations", "metric_transformation", r.mod.place(mts[0].TypeRange))
	}
	for i, mt := range mts {
		t, ok := r.transformation(f, ev, i, mt)
		if !ok {
			return
		}
		cfg.MetricTransformations = append(cfg.MetricTransformations, t)
	}
	f.config = cfg
}

// transformation reads one metric_transformation block; ok is false if part of it is not
// known (noted) or malformed (an error).
func (r *tfBlock) transformation(f *filter, ev *tfEval, i int, mt *hclsyntax.Block) (t metricfilter.Transformation, ok bool) {
	path := "metric_transformation."
	attrs := mt.Body.Attributes
	get := func(key, awsName string) (*tfVal, bool) {
		a := attrs[key]
		if a == nil {
			return &tfVal{kind: tfNull}, true
		}
		if i == 0 {
			f.setField("metricTransformations.1.member."+awsName, path+key, r.mod.place(a.Expr.StartRange()))
		}
		v, err := ev.eval(a.Expr)
		if err != nil {
			at, why := r.mod.notStaticAt(a.Expr.StartRange(), err, err.Error())
			f.uncheckable(at, path+key+" is not checkable: "+why+"; the transformation is not checked")
			return nil, false
		}
		return v, true
	}
	for _, s := range []struct {
		key, aws string
		dst      *string
	}{{"name", "metricName", &t.MetricName}, {"namespace", "metricNamespace", &t.MetricNamespace},
		{"value", "metricValue", &t.MetricValue}, {"unit", "unit", &t.Unit}} {
		v, ok := get(s.key, s.aws)
		if !ok {
			return t, false
		}
		*s.dst = v.str
	}
	dv, ok := get("default_value", "defaultValue")
	if !ok {
		return t, false
	}
	if dv.kind != tfNull && dv.str != "" { // "" or null: unset
		x, err := strconv.ParseFloat(dv.str, 64)
		if err != nil {
			f.fail(r.mod.place(attrs["default_value"].Expr.StartRange()), ruleResource, path+"default_value: "+strconv.Quote(dv.str)+" is not a number")
			return t, false
		}
		t.DefaultValue = &x
	}
	dims, ok := get("dimensions", "dimensions")
	if !ok {
		return t, false
	}
	switch dims.kind {
	case tfNull:
	case tfMap:
		t.Dimensions = map[string]string{}
		for _, k := range dims.keys() {
			t.Dimensions[k] = dims.attrs[k].str
		}
	default:
		f.fail(r.mod.place(attrs["dimensions"].Expr.StartRange()), ruleResource, path+"dimensions must be a map of strings")
		return t, false
	}
	return t, true
}
