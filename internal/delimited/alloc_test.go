package delimited

import (
	"strconv"
	"strings"
	"testing"

	"github.com/cwfilter/cwfilter/filterpattern/ast"
)

// TestZeroAllocs enforces the house rule: matching and reading one value allocate nothing.
func TestZeroAllocs(t *testing.T) {
	const access = `127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534`
	cases := []struct{ pattern, event, key string }{
		{"[ip, id, user, timestamp, request=*.html*, status_code=4*, size>1000]", access, "$size"},
		{"[ip=%^127\\.%, id, user, timestamp, request, status_code=404 || status_code=410, size]", access, "$status_code"},
		{"[..., status_code=4*, size]", access, "$size"},
		{"[ip, ...]", access, "$7"},
		{"[]", access, "$5"},
		{"[ip, rest]", access, "$rest"},
		{long(70), strings.Repeat("x ", 100), "$t69"}, // beyond the stack ring: two passes
	}
	for _, c := range cases {
		m := compile(t, c.pattern)
		b := []byte(c.event)
		r, ok := m.Ref(c.key)
		if !ok {
			t.Fatalf("%s: Ref(%q) failed", c.pattern, c.key)
		}
		if _, ok := m.Value(b, r); !ok {
			t.Fatalf("%s: %q has no value", c.pattern, c.key)
		}
		dst := make([]Field, 0, 128)
		spans := make([]Span, 1)
		for name, fn := range map[string]func(){
			"Match":               func() { m.Match(b) },
			"MatchString":         func() { m.MatchString(c.event) },
			"Value":               func() { m.Value(b, r) },
			"ValueString":         func() { m.ValueString(c.event, r) },
			"Locate":              func() { m.Locate(b, []Ref{r}, spans) },
			"AppendExtractString": func() { dst, _ = m.AppendExtractString(dst[:0], c.event) },
		} {
			if a := testing.AllocsPerRun(100, fn); a != 0 {
				t.Errorf("%s: %s allocates %.1f times per call", c.pattern, name, a)
			}
		}
	}
}

// long builds "[h, ..., t0, …, t(n-1)]" with conditions on every tenth and the last tail field.
func long(n int) string {
	var b strings.Builder
	b.WriteString("[h, ...")
	for i := 0; i < n; i++ {
		b.WriteString(", t" + strconv.Itoa(i))
		if i%10 == 0 || i == n-1 {
			b.WriteString("=x")
		}
	}
	b.WriteString("]")
	return b.String()
}

// TestLongTail covers patterns with more fields after "..." than the stack ring holds.
func TestLongTail(t *testing.T) {
	for _, n := range []int{ringSize - 1, ringSize, ringSize + 1, 100} {
		p := long(n)
		d := parse(t, p)
		m, err := Compile(d)
		if err != nil {
			t.Fatal(err)
		}
		if m.ring != (n <= ringSize) {
			t.Fatalf("%d tail fields: ring = %v", n, m.ring)
		}
		for tokens := n - 1; tokens <= n+40; tokens++ {
			ev := strings.TrimSpace(strings.Repeat("x ", tokens))
			differential(t, d, m, ev)
			if _, ok := m.AppendExtractString(nil, ev); ok != (tokens >= n+1) {
				t.Fatalf("%d tail fields, %d tokens: match = %v", n, tokens, ok)
			}
		}
		// A failing condition near the end of the tail is seen by both paths.
		ev := strings.Repeat("x ", n+5) + "y"
		if m.MatchString(ev) {
			t.Fatalf("%d tail fields: matched with t%d = y", n, n-1)
		}
	}
}

// TestCompileRejectsInvalidTrees checks the guards against hand-built trees the parser never makes.
func TestCompileRejectsInvalidTrees(t *testing.T) {
	cond := func(op ast.Op, v *ast.Value) *ast.Field {
		return &ast.Field{Name: "a", Expr: &ast.FieldCondition{Name: "a", Op: op, Value: v}}
	}
	bad := map[string]*ast.Delimited{
		"two ellipses":      {Fields: []*ast.Field{{Ellipsis: true}, {Ellipsis: true}}},
		"duplicate":         {Fields: []*ast.Field{{Name: "a"}, {Name: "a"}}},
		"ordering on glob":  {Fields: []*ast.Field{cond(ast.Gt, &ast.Value{Kind: ast.Glob, Text: "x"})}},
		"bad number":        {Fields: []*ast.Field{cond(ast.Eq, &ast.Value{Kind: ast.Number, Text: "1x"})}},
		"bad regex":         {Fields: []*ast.Field{cond(ast.Eq, &ast.Value{Kind: ast.RegexValue, Text: "a("})}},
		"json operator":     {Fields: []*ast.Field{cond(ast.IsNull, nil)}},
		"unnamed condition": {Fields: []*ast.Field{{Expr: &ast.FieldCondition{Op: ast.Eq, Value: &ast.Value{Kind: ast.Any}}}}},
	}
	for name, d := range bad {
		if _, err := Compile(d); err == nil {
			t.Errorf("%s: Compile succeeded", name)
		}
	}
}
