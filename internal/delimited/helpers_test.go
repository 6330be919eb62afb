package delimited

import (
	"testing"

	"github.com/cwfilter/cwfilter/filterpattern/ast"
	"github.com/cwfilter/cwfilter/internal/grammar"
)

// parse parses a space-delimited pattern with the real grammar.
func parse(t testing.TB, pattern string) *ast.Delimited {
	t.Helper()
	p, err := grammar.Parse(pattern, grammar.MetricFilter)
	if err != nil {
		t.Fatalf("parse %q: %v", pattern, err)
	}
	d, ok := p.(*ast.Delimited)
	if !ok {
		t.Fatalf("parse %q: got %T, want *ast.Delimited", pattern, p)
	}
	return d
}

// compile parses and compiles a space-delimited pattern.
func compile(t testing.TB, pattern string) *Matcher {
	t.Helper()
	m, err := Compile(parse(t, pattern))
	if err != nil {
		t.Fatalf("compile %q: %v", pattern, err)
	}
	return m
}
