package jsonmatch

import (
	"strings"
	"testing"

	"github.com/cwfilter/cwfilter/filterpattern/ast"
	"github.com/cwfilter/cwfilter/internal/grammar"
	"github.com/cwfilter/cwfilter/internal/jsonmatch/reference"
	"github.com/cwfilter/cwfilter/internal/testfile"
)

// TestDocVectors runs the JSON-pattern rows of the conformance vectors at the engine level
// (the public conformance test in filterpattern runs them all through Compile).
func TestDocVectors(t *testing.T) {
	type row struct{ ID, Pattern, Event, Expected string }
	n := 0
	for _, v := range testfile.JSONL[row](t, "../../testdata/conformance/doc-vectors.jsonl") {
		if !strings.HasPrefix(strings.TrimSpace(v.Pattern), "{") || v.Expected == "error" {
			continue
		}
		parsed, err := grammar.Parse(v.Pattern, grammar.MetricFilter)
		if err != nil {
			t.Errorf("%s: %q does not parse: %v", v.ID, v.Pattern, err)
			continue
		}
		p, ok := parsed.(*ast.JSON)
		if !ok {
			continue
		}
		m := mustCompile(t, p)
		want := v.Expected == "match"
		if got := m.Match([]byte(v.Event)); got != want {
			t.Errorf("%s: %s on %q = %v, want %v", v.ID, v.Pattern, v.Event, got, want)
		}
		if got := reference.Match(p, []byte(v.Event)); got != want {
			t.Errorf("%s: reference: %s on %q = %v, want %v", v.ID, v.Pattern, v.Event, got, want)
		}
		n++
	}
	if n < 50 {
		t.Fatalf("only %d JSON vectors found", n)
	}
	t.Logf("%d JSON vectors", n)
}
