package jsonmatch

import (
	"testing"

	"github.com/cwfilter/cwfilter/filterpattern/ast"
	"github.com/cwfilter/cwfilter/internal/grammar"
	"github.com/cwfilter/cwfilter/internal/jsonmatch/reference"
)

// parseJSON parses a JSON pattern with the real grammar.
func parseJSON(t testing.TB, pattern string) *ast.JSON {
	t.Helper()
	p, err := grammar.ParseWithLimit(pattern, grammar.MetricFilter, 0)
	if err != nil {
		t.Fatalf("parse %q: %v", pattern, err)
	}
	j, ok := p.(*ast.JSON)
	if !ok {
		t.Fatalf("parse %q: not a JSON pattern (%T)", pattern, p)
	}
	return j
}

func mustCompile(t testing.TB, p *ast.JSON) *Matcher {
	t.Helper()
	m, err := Compile(p)
	if err != nil {
		t.Fatalf("compile %s: %v", p, err)
	}
	return m
}

// check asserts that the engine (prefilter on and off) and the reference agree with want.
func check(t *testing.T, pattern, event string, want bool) {
	t.Helper()
	p := parseJSON(t, pattern)
	m := mustCompile(t, p)
	ev := []byte(event)
	if got := m.Match(ev); got != want {
		t.Errorf("engine: %s on %q = %v, want %v", pattern, event, got, want)
	}
	if got := m.WithoutPrefilter().Match(ev); got != want {
		t.Errorf("engine without prefilter: %s on %q = %v, want %v", pattern, event, got, want)
	}
	if got := reference.Match(p, ev); got != want {
		t.Errorf("reference: %s on %q = %v, want %v", pattern, event, got, want)
	}
}
