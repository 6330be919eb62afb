package filterpattern

import (
	"sort"

	"github.com/cwfilter/cwfilter/filterpattern/ast"
	"github.com/cwfilter/cwfilter/internal/termsearch"
)

// termMatcher evaluates an unstructured pattern (SPEC §2.2): every plain term present, no
// excluded term present; ? terms count only when there is no plain or excluded term.
type termMatcher struct {
	include, exclude, optional []*termsearch.Finder
}

func compileTerms(t *ast.Terms) *termMatcher {
	m := &termMatcher{}
	for _, term := range t.Terms {
		f := termsearch.New([]byte(term.Text))
		switch term.Op {
		case ast.Include:
			m.include = append(m.include, f)
		case ast.Exclude:
			m.exclude = append(m.exclude, f)
		default:
			m.optional = append(m.optional, f)
		}
	}
	if len(m.include) > 0 || len(m.exclude) > 0 {
		m.optional = nil
	}
	// Cheap rejects first: the longest required term is the least likely to occur.
	sort.SliceStable(m.include, func(i, j int) bool { return len(m.include[i].Needle()) > len(m.include[j].Needle()) })
	return m
}

func (m *termMatcher) match(event []byte) bool {
	if len(m.optional) > 0 {
		for _, f := range m.optional {
			if f.Contains(event) {
				return true
			}
		}
		return false
	}
	for _, f := range m.include {
		if !f.Contains(event) {
			return false
		}
	}
	for _, f := range m.exclude {
		if f.Contains(event) {
			return false
		}
	}
	return true
}
