package jsonmatch

import (
	"testing"

	"github.com/cwfilter/cwfilter/internal/israce"
)

// TestMatchAllocsEdge: escapes, floats, INF, wildcards over objects and duplicate keys do
// not allocate either (TestMatchAllocs covers the real corpora).
func TestMatchAllocsEdge(t *testing.T) {
	if israce.Enabled {
		t.Skip("sync.Pool drops items at random under the race detector")
	}
	cases := []struct{ pattern, event string }{
		{`{ $.n = "1.5" }`, `{"n":1.5}`},
		{`{ $.n = 1.5 }`, `{"n":15e-1}`},
		{`{ $.n = %5% }`, `{"n":1e400}`},
		{`{ $.n = "-Inf*" }`, `{"n":-1.5e400}`},
		{`{ $.n = "é*" }`, `{"n":"\u00e9\ud83d\ude00"}`},
		{`{ $.n.* = 1 }`, `{"n":{"\u0061":1,"a":2}}`},
		{`{ $.n[*].k != 1 }`, `{"n":[{"k":1},{"k":2,"k":3}]}`},
		{`{ $.n IS NULL || $.m IS TRUE }`, `{"n":[1,null],"m":true}`},
	}
	for _, c := range cases {
		m := mustCompile(t, parseJSON(t, c.pattern))
		ev := []byte(c.event)
		if n := testing.AllocsPerRun(50, func() { m.Match(ev) }); n != 0 {
			t.Errorf("%s on %s: %v allocations", c.pattern, c.event, n)
		}
	}
}
