package jsonmatch

import (
	"github.com/cwfilter/cwfilter/internal/israce"
	"testing"

	"github.com/cwfilter/cwfilter/filterpattern/ast"
)

func TestLookup(t *testing.T) {
	cases := []struct {
		sel, event string
		ok         bool
		kind       Kind
		text       string
	}{
		{"$.latency", `{"latency":12}`, true, Number, "12"},
		{"$.latency", `{"latency":-0}`, true, Number, "0"},
		{"$.latency", `{"latency":1.5e3}`, true, Number, "1500.0"},
		{"$.latency", `{"latency":1e7}`, true, Number, "1.0E7"},
		{"$.latency", `{"latency":1e400}`, true, Inf, "Infinity"},
		{"$.latency", `{"latency":"42"}`, true, String, "42"},
		{"$.a.b", `{"a":{"b":"x\u0041\/"}}`, true, String, "xA/"},
		{"$.a[1]", `{"a":[1,true]}`, true, True, ""},
		{"$.a", `{"a":false}`, true, False, ""},
		{"$.a", `{"a":null}`, true, Null, ""},
		{"$.a", `{"a":{}}`, true, Object, ""},
		{"$.a", `{"a":[]}`, true, Array, ""},
		{"$.a", `{"a":1,"a":"last"}`, true, String, "last"},
		{"$.a.b", `{"a":{"b":1},"a":{}}`, false, 0, ""},
		{"$.a", `{"b":1}`, false, 0, ""},
		{"$.a", `{"a":1} x`, false, 0, ""},
		{"$.['a.b']", `{"a.b":"v"}`, true, String, "v"},
	}
	for _, c := range cases {
		p, err := CompileSelector(selector(t, c.sel))
		if err != nil {
			t.Fatalf("%s: %v", c.sel, err)
		}
		v, ok := p.Lookup([]byte(c.event), nil)
		if ok != c.ok || ok && (v.Kind != c.kind || string(v.Text) != c.text) {
			t.Errorf("%s on %s = %v %s %q, want %v %s %q", c.sel, c.event, ok, v.Kind, v.Text, c.ok, c.kind, c.text)
		}
	}
	if _, err := CompileSelector(selector(t, "$.a[*]")); err == nil {
		t.Error("a wildcard selector compiles for Lookup")
	}
}

func TestLookupAllocs(t *testing.T) {
	if israce.Enabled {
		t.Skip("sync.Pool drops items at random under the race detector")
	}
	p, err := CompileSelector(selector(t, "$.a.b"))
	if err != nil {
		t.Fatal(err)
	}
	ev := []byte(`{"x":[1,2,{"y":null}],"a":{"b":"h\u00e9llo","c":2.5}}`)
	buf := make([]byte, 0, 64)
	if n := testing.AllocsPerRun(100, func() { p.Lookup(ev, buf) }); n != 0 {
		t.Errorf("Lookup allocates %v times", n)
	}
}

// selector parses a selector through a whole pattern.
func selector(t *testing.T, sel string) *ast.Selector {
	return parseJSON(t, "{ "+sel+" NOT EXISTS }").Expr.(*ast.Condition).Selector
}
