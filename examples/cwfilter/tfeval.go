package main

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// tfEval evaluates the part of Terraform's expression language whose value is known before
// plan: literals, quoted and heredoc templates, var.x with a default, local.x, each and count
// of the instance being checked, tuples and objects, indexing, and the type conversions
// toset, tolist and tomap. Everything else (other functions, resource and data source
// attributes, module outputs, conditionals, for and splat expressions, operators) is not
// evaluated: eval returns a *notStaticError naming it and where it is.
//
// Strings keep, byte by byte, where in which file they were written, through escapes,
// heredoc indentation and interpolation, so that an error in a pattern points at the
// faulty character, even inside a variable's default or a local.
type tfEval struct {
	mod   *tfModule
	each  *tfEach // the instance of a resource with for_each
	count *int    // the instance of a resource with count
}

type tfEach struct{ key, value *tfVal }

type tfKind uint8

const (
	tfString tfKind = iota
	tfNumber
	tfBool
	tfNull
	tfList
	tfSet
	tfMap
)

func (k tfKind) String() string {
	return [...]string{"string", "number", "bool", "null", "list", "set", "map"}[k]
}

// tfVal is a value known statically.
type tfVal struct {
	kind  tfKind
	str   string    // string, number (as Terraform converts it to a string), bool
	src   strSource // for strings: where each byte is written
	elems []*tfVal  // list, set (sorted, unique)
	attrs map[string]*tfVal
}

// keys returns a map's keys or a set's strings, in Terraform's (lexical) order.
func (v *tfVal) keys() []string {
	var ks []string
	if v.kind == tfSet {
		for _, e := range v.elems {
			ks = append(ks, e.str)
		}
		return ks
	}
	for k := range v.attrs {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// elem returns each.value for key k: the map's element, or the set's string itself.
func (v *tfVal) elem(k string) *tfVal {
	if v.kind == tfSet {
		for _, e := range v.elems {
			if e.str == k {
				return e
			}
		}
	}
	return v.attrs[k]
}

// keyVal returns each.key for key k: a set's element keeps where it was written.
func (v *tfVal) keyVal(k string) *tfVal {
	if v.kind == tfSet {
		return v.elem(k)
	}
	return &tfVal{kind: tfString, str: k}
}

// notStaticError says why a value is not known before deployment, and where.
type notStaticError struct {
	rng hcl.Range
	why string
}

func (e *notStaticError) Error() string { return e.why }

func notStatic(rng hcl.Range, format string, args ...any) error {
	return &notStaticError{rng, fmt.Sprintf(format, args...)}
}

func (e *tfEval) eval(x hclsyntax.Expression) (*tfVal, error) {
	switch x := x.(type) {
	case *hclsyntax.TemplateExpr:
		return e.template(x)
	case *hclsyntax.TemplateWrapExpr:
		return e.eval(x.Wrapped)
	case *hclsyntax.ParenthesesExpr:
		return e.eval(x.Expression)
	case *hclsyntax.LiteralValueExpr:
		return e.literal(x.Val, x.SrcRange)
	case *hclsyntax.ScopeTraversalExpr:
		return e.traversal(x.Traversal, x.SrcRange)
	case *hclsyntax.RelativeTraversalExpr:
		v, err := e.eval(x.Source)
		if err != nil {
			return nil, err
		}
		return e.steps(v, x.Traversal, x.SrcRange)
	case *hclsyntax.IndexExpr:
		coll, err := e.eval(x.Collection)
		if err != nil {
			return nil, err
		}
		key, err := e.eval(x.Key)
		if err != nil {
			return nil, err
		}
		return index(coll, key, x.SrcRange)
	case *hclsyntax.TupleConsExpr:
		v := &tfVal{kind: tfList}
		for _, ex := range x.Exprs {
			el, err := e.eval(ex)
			if err != nil {
				return nil, err
			}
			v.elems = append(v.elems, el)
		}
		return v, nil
	case *hclsyntax.ObjectConsExpr:
		v := &tfVal{kind: tfMap, attrs: map[string]*tfVal{}}
		for _, item := range x.Items {
			k, err := e.objectKey(item.KeyExpr)
			if err != nil {
				return nil, err
			}
			el, err := e.eval(item.ValueExpr)
			if err != nil {
				return nil, err
			}
			v.attrs[k] = el
		}
		return v, nil
	case *hclsyntax.FunctionCallExpr:
		return e.call(x)
	case *hclsyntax.ConditionalExpr:
		return nil, notStatic(x.SrcRange, "a conditional expression is not evaluated")
	case *hclsyntax.ForExpr:
		return nil, notStatic(x.SrcRange, "a for expression is not evaluated")
	case *hclsyntax.SplatExpr:
		return nil, notStatic(x.SrcRange, "a splat expression is not evaluated")
	case *hclsyntax.BinaryOpExpr, *hclsyntax.UnaryOpExpr:
		return nil, notStatic(x.Range(), "an operator expression is not evaluated")
	}
	return nil, notStatic(x.Range(), "this expression is not evaluated")
}

// objectKey is the key of an object constructor item: a bare name is taken literally.
func (e *tfEval) objectKey(x hclsyntax.Expression) (string, error) {
	if k, ok := x.(*hclsyntax.ObjectConsKeyExpr); ok {
		if t, ok := k.Wrapped.(*hclsyntax.ScopeTraversalExpr); ok && !k.ForceNonLiteral && len(t.Traversal) == 1 {
			return t.Traversal.RootName(), nil
		}
		x = k.Wrapped
	}
	v, err := e.eval(x)
	if err != nil {
		return "", err
	}
	if s, ok := v.scalar(); ok {
		return s, nil
	}
	return "", notStatic(x.Range(), "an object key must be a string")
}

// scalar returns a string, number or bool as Terraform converts it to a string.
func (v *tfVal) scalar() (string, bool) {
	switch v.kind {
	case tfString, tfNumber, tfBool:
		return v.str, true
	}
	return "", false
}

func (e *tfEval) literal(val cty.Value, rng hcl.Range) (*tfVal, error) {
	start := e.mod.place(rng)
	switch {
	case val.IsNull():
		return &tfVal{kind: tfNull}, nil
	case val.Type() == cty.String:
		return &tfVal{kind: tfString, str: val.AsString(), src: strSource{start: start}}, nil
	case val.Type() == cty.Number:
		return &tfVal{kind: tfNumber, str: val.AsBigFloat().Text('f', -1), src: strSource{start: start}}, nil
	case val.Type() == cty.Bool:
		return &tfVal{kind: tfBool, str: strconv.FormatBool(val.True()), src: strSource{start: start}}, nil
	}
	return nil, notStatic(rng, "a value of type %s is not evaluated", val.Type().FriendlyName())
}

func (e *tfEval) traversal(t hcl.Traversal, rng hcl.Range) (*tfVal, error) {
	root := t.RootName()
	attr := ""
	if len(t) > 1 {
		if a, ok := t[1].(hcl.TraverseAttr); ok {
			attr = a.Name
		}
	}
	ref := root
	if attr != "" {
		ref += "." + attr
	}
	var v *tfVal
	var err error
	switch root {
	case "var":
		v, err = e.variable(attr, rng)
	case "local":
		v, err = e.local(attr, rng)
	case "each":
		switch {
		case e.each == nil:
			err = notStatic(rng, "%s is used outside a resource with a known for_each", ref)
		case attr == "key":
			v = e.each.key
		case attr == "value":
			v = e.each.value
		default:
			err = notStatic(rng, "%s is not an attribute of each", ref)
		}
	case "count":
		if e.count == nil || attr != "index" {
			err = notStatic(rng, "%s is used outside a resource with a known count", ref)
		} else {
			v = &tfVal{kind: tfNumber, str: strconv.Itoa(*e.count), src: strSource{start: e.mod.place(rng)}}
		}
	case "data":
		err = notStatic(rng, "%s is a data source, read only at plan time", traversalName(t, 3))
	case "module":
		err = notStatic(rng, "%s is a module output, known only at plan or apply time", traversalName(t, 3))
	case "path", "terraform", "self":
		err = notStatic(rng, "%s is not evaluated", ref)
	default:
		err = notStatic(rng, "%s is an attribute of a resource, known only at plan or apply time", traversalName(t, 3))
	}
	if err != nil {
		return nil, err
	}
	if root == "var" || root == "local" || root == "each" || root == "count" {
		return e.steps(v, t[2:], rng)
	}
	return v, nil
}

// traversalName writes the first n steps of a traversal, as in aws_s3_bucket.b.id.
func traversalName(t hcl.Traversal, n int) string {
	var parts []string
	for i, s := range t {
		if i == n {
			break
		}
		switch s := s.(type) {
		case hcl.TraverseRoot:
			parts = append(parts, s.Name)
		case hcl.TraverseAttr:
			parts = append(parts, s.Name)
		}
	}
	return strings.Join(parts, ".")
}

// steps applies attribute and index steps to v.
func (e *tfEval) steps(v *tfVal, t hcl.Traversal, rng hcl.Range) (*tfVal, error) {
	for _, s := range t {
		var err error
		switch s := s.(type) {
		case hcl.TraverseAttr:
			v, err = index(v, &tfVal{kind: tfString, str: s.Name}, rng)
		case hcl.TraverseIndex:
			var key *tfVal
			if key, err = e.literal(s.Key, rng); err == nil {
				v, err = index(v, key, rng)
			}
		default:
			err = notStatic(rng, "a splat is not evaluated")
		}
		if err != nil {
			return nil, err
		}
	}
	return v, nil
}

func index(coll, key *tfVal, rng hcl.Range) (*tfVal, error) {
	k, ok := key.scalar()
	if !ok {
		return nil, notStatic(rng, "an index must be a string or a number")
	}
	switch coll.kind {
	case tfMap:
		if v, ok := coll.attrs[k]; ok {
			return v, nil
		}
		return nil, notStatic(rng, "the map has no element %q", k)
	case tfList:
		i, err := strconv.Atoi(k)
		if err != nil || i < 0 || i >= len(coll.elems) {
			return nil, notStatic(rng, "the list has no element %s", k)
		}
		return coll.elems[i], nil
	}
	return nil, notStatic(rng, "a %s cannot be indexed", coll.kind)
}

// variable is var.name: its default. A value given with -var, a .tfvars file, TF_VAR_name or
// a module call is not seen.
func (e *tfEval) variable(name string, rng hcl.Range) (*tfVal, error) {
	b := e.mod.vars[name]
	if b == nil {
		return nil, notStatic(rng, "var.%s is not declared in %s", name, e.mod.dir)
	}
	def := b.Body.Attributes["default"]
	if def == nil {
		return nil, notStatic(rng, "var.%s has no default: its value is given only at plan time", name)
	}
	return (&tfEval{mod: e.mod}).eval(def.Expr)
}

// local is local.name, evaluated once.
func (e *tfEval) local(name string, rng hcl.Range) (*tfVal, error) {
	a := e.mod.locals[name]
	if a == nil {
		return nil, notStatic(rng, "local.%s is not defined in %s", name, e.mod.dir)
	}
	if v, ok := e.mod.localVal[name]; ok {
		return v, nil
	}
	if err, ok := e.mod.localErr[name]; ok {
		return nil, err
	}
	if e.mod.busy[name] {
		return nil, notStatic(rng, "local.%s refers to itself", name)
	}
	e.mod.busy[name] = true
	v, err := (&tfEval{mod: e.mod}).eval(a.Expr)
	delete(e.mod.busy, name)
	if err != nil {
		e.mod.localErr[name] = err
		return nil, err
	}
	e.mod.localVal[name] = v
	return v, nil
}

// call evaluates the type conversions toset, tolist and tomap, which for_each often needs;
// any other function is not evaluated.
func (e *tfEval) call(x *hclsyntax.FunctionCallExpr) (*tfVal, error) {
	switch name := x.Name; {
	case len(x.Args) != 1 || x.ExpandFinal || name != "toset" && name != "tolist" && name != "tomap":
		return nil, notStatic(x.NameRange, "the function %s() is not evaluated", name)
	}
	v, err := e.eval(x.Args[0])
	if err != nil {
		return nil, err
	}
	switch {
	case x.Name == "tomap" && v.kind == tfMap, x.Name == "tolist" && (v.kind == tfList || v.kind == tfSet):
		return &tfVal{kind: v.kind, elems: v.elems, attrs: v.attrs}, nil
	case x.Name == "toset" && (v.kind == tfList || v.kind == tfSet):
		set := &tfVal{kind: tfSet}
		seen := map[string]bool{}
		for _, el := range v.elems {
			s, ok := el.scalar()
			if !ok {
				return nil, notStatic(x.Range(), "toset() of a list of %s is not evaluated", el.kind)
			}
			if !seen[s] {
				seen[s] = true
				set.elems = append(set.elems, el)
			}
		}
		sort.Slice(set.elems, func(i, j int) bool { return set.elems[i].str < set.elems[j].str })
		return set, nil
	}
	return nil, notStatic(x.Range(), "%s() of a %s is not evaluated", x.Name, v.kind)
}

// template concatenates the parts of a quoted or heredoc template, keeping where each byte is
// written.
func (e *tfEval) template(x *hclsyntax.TemplateExpr) (*tfVal, error) {
	file := e.mod.byName[x.SrcRange.Filename]
	if file == nil {
		return nil, notStatic(x.SrcRange, "the template's file is not known")
	}
	raw := file.data[x.SrcRange.Start.Byte:]
	heredoc := strings.HasPrefix(string(raw[:min(len(raw), 2)]), "<<")
	flush := heredoc && len(raw) > 2 && raw[2] == '-'
	var s []byte
	var m strMap
	for _, p := range x.Parts {
		if lit, ok := p.(*hclsyntax.LiteralValueExpr); ok && lit.Val.Type() == cty.String && !lit.Val.IsNull() {
			val := lit.Val.AsString()
			pm := templateLiteralMap(file, lit.SrcRange, val, heredoc, flush)
			s = append(s, val...)
			m = append(m, pm[:len(val)]...)
			continue
		}
		v, err := e.eval(p)
		if err != nil {
			return nil, err
		}
		str, ok := v.scalar()
		if !ok {
			return nil, notStatic(p.Range(), "a %s value cannot be interpolated into a string", v.kind)
		}
		s = append(s, str...)
		for i := range len(str) {
			if i < len(v.src.bytes) {
				m = append(m, v.src.bytes[i])
			} else { // a number, or a string whose bytes are not mapped: its interpolation
				m = append(m, srcRef{file, p.Range().Start.Byte})
			}
		}
	}
	end := x.SrcRange.End.Byte - 1 // the closing quote
	if heredoc && len(x.Parts) > 0 {
		end = x.Parts[len(x.Parts)-1].Range().End.Byte
	}
	m = append(m, srcRef{file, end})
	return &tfVal{kind: tfString, str: string(s), src: strSource{start: e.mod.place(x.SrcRange), bytes: m}}, nil
}

// templateLiteralMap maps the bytes of a literal part of a template (val, as HCL decoded
// it) to its source: quoted templates decode \n, \", \\, \uXXXX and \UXXXXXXXX; both kinds
// turn $${ and %%{ into ${ and %{; a flush heredoc (<<-) removes the smallest indentation of
// its lines, which is found by trying. If no decoding gives val back, every byte maps to the
// part's start.
func templateLiteralMap(file *srcFile, rng hcl.Range, val string, heredoc, flush bool) strMap {
	raw := file.data[rng.Start.Byte:rng.End.Byte]
	strips := []int{0}
	if flush {
		strips = nil
		for n := 0; n <= min(len(raw), 256); n++ {
			strips = append(strips, n)
		}
	}
	for _, strip := range strips {
		if m := decodeTemplateLiteral(file, rng.Start.Byte, raw, val, !heredoc, strip); m != nil {
			return m
		}
	}
	m := make(strMap, len(val)+1)
	for i := range m {
		m[i] = srcRef{file, rng.Start.Byte}
	}
	return m
}

func decodeTemplateLiteral(file *srcFile, base int, raw []byte, want string, quoted bool, strip int) strMap {
	dec := strDecoder{f: file}
	emit := func(s string, at int) { dec.emit(s, base+at) }
	for i := 0; i < len(raw); {
		if i > 0 && raw[i-1] == '\n' && strip > 0 {
			// A line that holds only white space keeps it; others lose up to strip spaces.
			j := i
			for j < len(raw) && raw[j] != '\n' && unicode.IsSpace(rune(raw[j])) {
				j++
			}
			if j >= len(raw) || raw[j] != '\n' {
				for n := 0; n < strip && i < len(raw) && raw[i] != '\n' && unicode.IsSpace(rune(raw[i])); n++ {
					i++
				}
			}
			if i >= len(raw) {
				break
			}
		}
		c := raw[i]
		switch {
		case quoted && c == '\\' && i+1 < len(raw):
			switch e := raw[i+1]; e {
			case 'n', 'r', 't', '"', '\\':
				emit(map[byte]string{'n': "\n", 'r': "\r", 't': "\t", '"': "\"", '\\': "\\"}[e], i)
				i += 2
			case 'u', 'U':
				n := map[byte]int{'u': 4, 'U': 8}[e]
				if i+2+n > len(raw) {
					return nil
				}
				v, err := strconv.ParseUint(string(raw[i+2:i+2+n]), 16, 32)
				if err != nil {
					return nil
				}
				emit(string(utf8.AppendRune(nil, rune(v))), i)
				i += 2 + n
			default:
				return nil
			}
		case (c == '$' || c == '%') && i+2 < len(raw) && raw[i+1] == c && raw[i+2] == '{':
			emit(string(raw[i:i+1]), i)
			emit("{", i+2)
			i += 3
		default:
			emit(string(raw[i:i+1]), i)
			i++
		}
	}
	return dec.result(want, base+len(raw))
}
