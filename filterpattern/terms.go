package filterpattern

import (
	"slices"

	"github.com/cwfilter/cwfilter/filterpattern/ast"
	"github.com/cwfilter/cwfilter/internal/termsearch"
)

// termRoles is an unstructured pattern's terms by role (§2.2), each term as a T: its own
// search for a Pattern, the index of a search shared by a Set's term patterns.
type termRoles[T any] struct {
	include, exclude, optional []T
}

// rolesOf sorts the terms of t by role. ? terms count only when the pattern has no plain or
// excluded term; the longest plain term comes first, as the least likely to occur (cheap
// rejects first).
func rolesOf[T any](t *ast.Terms, as func(text string) T) termRoles[T] {
	var texts termRoles[string]
	for _, term := range t.Terms {
		switch term.Op {
		case ast.Include:
			texts.include = append(texts.include, term.Text)
		case ast.Exclude:
			texts.exclude = append(texts.exclude, term.Text)
		default:
			texts.optional = append(texts.optional, term.Text)
		}
	}
	if len(texts.include) > 0 || len(texts.exclude) > 0 {
		texts.optional = nil
	}
	slices.SortStableFunc(texts.include, func(a, b string) int { return len(b) - len(a) })
	each := func(ss []string) []T {
		var out []T
		for _, s := range ss {
			out = append(out, as(s))
		}
		return out
	}
	return termRoles[T]{each(texts.include), each(texts.exclude), each(texts.optional)}
}

// match reports whether the terms present (has) satisfy the pattern: every plain term
// present and no excluded one, or, for ? terms alone, any of them.
func (r *termRoles[T]) match(has func(T) bool) bool {
	if len(r.optional) > 0 {
		return slices.ContainsFunc(r.optional, has)
	}
	for _, t := range r.include {
		if !has(t) {
			return false
		}
	}
	return !slices.ContainsFunc(r.exclude, has)
}

// termMatcher evaluates one unstructured pattern, each term with its own search.
type termMatcher struct{ roles termRoles[*termsearch.Finder] }

func compileTerms(t *ast.Terms) *termMatcher {
	return &termMatcher{rolesOf(t, func(text string) *termsearch.Finder { return termsearch.New([]byte(text)) })}
}

func (m *termMatcher) match(event []byte) bool {
	return m.roles.match(func(f *termsearch.Finder) bool { return f.Contains(event) })
}
