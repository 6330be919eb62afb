package delimited

import (
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cwfilter/cwfilter/filterpattern/ast"
)

// FuzzDelimited holds the engine to the reference (§4.2–4.5): spec bytes pick a pattern
// from a vocabulary aimed at the tokeniser's edge cases, event is the raw message.
func FuzzDelimited(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s.spec, s.event)
	}
	f.Fuzz(func(t *testing.T, spec []byte, event string) {
		d := genPattern(spec)
		m, err := Compile(d)
		if err != nil {
			t.Fatalf("Compile(%s): %v", d, err)
		}
		differential(t, d, m, event)
	})
}

var fuzzSeeds = []struct {
	spec  []byte
	event string
}{
	{[]byte{}, "a b c"},
	{[]byte{3, 1, 1, 2, 2, 0, 1, 3}, `127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /x.html HTTP/1.0" 404 1534`},
	{[]byte{5, 0, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7}, `k "v"w x [a "b] c" 1.0 -1e2`},
	{[]byte{2, 1, 0, 2, 3, 3, 1}, "x\t\"open y [z"},
	{[]byte{6, 2, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9}, `"" [] * a*b 007 .5 5. ]`},
	{[]byte{4, 2, 3, 2, 2, 1, 1, 0, 0, 1}, "1 2 3 4 5 6 7 8 9 10 11 12"},
}

// differential checks every entry point of m against the reference on one event.
func differential(t *testing.T, d *ast.Delimited, m *Matcher, event string) {
	t.Helper()
	want, wantOK := Reference(d, event)
	if got := m.Match([]byte(event)); got != wantOK {
		t.Fatalf("%s on %q: Match = %v, reference %v", d, event, got, wantOK)
	}
	if got := m.MatchString(event); got != wantOK {
		t.Fatalf("%s on %q: MatchString = %v, reference %v", d, event, got, wantOK)
	}
	got, ok := m.AppendExtract(nil, []byte(event))
	if ok != wantOK {
		t.Fatalf("%s on %q: AppendExtract ok = %v, reference %v", d, event, ok, wantOK)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("%s on %q: extraction (-reference +engine):\n%s", d, event, diff)
	}
	// The two-pass tail path must agree with the stack ring.
	twoPass := *m
	twoPass.ring = false
	got2, ok2 := twoPass.AppendExtractString(nil, event)
	if ok2 != wantOK {
		t.Fatalf("%s on %q: two-pass ok = %v, reference %v", d, event, ok2, wantOK)
	}
	if diff := cmp.Diff(want, got2); diff != "" {
		t.Fatalf("%s on %q: two-pass extraction (-reference +engine):\n%s", d, event, diff)
	}
	present := map[string]string{}
	for _, f := range want {
		present[f.Key] = f.Value
	}
	keys := []string{"$0", "$01"}
	for i := 1; i <= len(want)+2; i++ {
		keys = append(keys, "$"+strconv.Itoa(i))
	}
	for _, f := range d.Fields {
		if f.Name != "" {
			keys = append(keys, "$"+f.Name)
		}
	}
	for _, key := range keys {
		r, ok := m.Ref(key)
		if !ok {
			if _, there := present[key]; there {
				t.Fatalf("%s on %q: Ref(%q) unresolved but extracted", d, event, key)
			}
			continue
		}
		v, ok := m.ValueString(event, r)
		wv, wok := present[key]
		if ok != wok || v != wv {
			t.Fatalf("%s on %q: ValueString(%q) = %q, %v; reference %q, %v", d, event, key, v, ok, wv, wok)
		}
	}
}

// fuzzBytes hands out choices from the fuzzer's bytes; exhausted input chooses 0.
type fuzzBytes struct {
	b []byte
	i int
}

func (s *fuzzBytes) pick(n int) int {
	if s.i >= len(s.b) {
		return 0
	}
	s.i++
	return int(s.b[s.i-1]) % n
}

var (
	fuzzNumbers = []string{"1", "0", "-1", "1.5", "1e2", "+2", "10", "-0.5", "2E-1", "007", "1e2147483647"}
	fuzzGlobs   = []string{"a", "*a", "a*", "*a*", "*", "", "a*b", "-", `"x`, "a b", "1", "1.0", "]"}
	fuzzRegexes = []string{"a", "^a", "a$", "[0-9]+", "^$", "b|c", `\s`, `^\d+(\.\d*)?$`, "."}
)

// genPattern builds a valid space-delimited pattern: up to 6 fields, at most one "...".
func genPattern(spec []byte) *ast.Delimited {
	s := &fuzzBytes{b: spec}
	nf := s.pick(7)
	ell := -1
	if nf > 0 && s.pick(3) == 0 {
		ell = s.pick(nf)
	}
	d := &ast.Delimited{}
	for i := 0; i < nf; i++ {
		if i == ell {
			d.Fields = append(d.Fields, &ast.Field{Ellipsis: true})
			continue
		}
		f := &ast.Field{}
		if kind := s.pick(4); kind > 0 {
			f.Name = "f" + strconv.Itoa(i)
			if kind > 1 {
				f.Expr = genExpr(s, f.Name, 2)
			}
		}
		d.Fields = append(d.Fields, f)
	}
	return d
}

func genExpr(s *fuzzBytes, name string, depth int) ast.Expr {
	if depth > 0 {
		switch s.pick(6) {
		case 0:
			return &ast.Or{Operands: []ast.Expr{genExpr(s, name, depth-1), genExpr(s, name, depth-1)}}
		case 1:
			return &ast.And{Operands: []ast.Expr{genExpr(s, name, depth-1), genExpr(s, name, depth-1)}}
		case 2:
			return &ast.Paren{X: genExpr(s, name, depth-1)}
		}
	}
	op := ast.Op(s.pick(6)) // Eq … Ge
	v := &ast.Value{}
	switch k := s.pick(4); {
	case op.Ordering() || k == 0:
		v.Kind, v.Text = ast.Number, fuzzNumbers[s.pick(len(fuzzNumbers))]
	case k == 1:
		v.Kind, v.Text, v.Quoted = ast.Glob, fuzzGlobs[s.pick(len(fuzzGlobs))], true
		if v.Text == "*" {
			v.Kind = ast.Any
		}
	case k == 2:
		v.Kind, v.Text = ast.RegexValue, fuzzRegexes[s.pick(len(fuzzRegexes))]
	default:
		v.Kind, v.Text = ast.Any, "*"
	}
	return &ast.FieldCondition{Name: name, Op: op, Value: v}
}
