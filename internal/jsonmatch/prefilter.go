package jsonmatch

import (
	"bytes"
	"slices"
	"strings"

	"github.com/cwfilter/cwfilter/filterpattern/ast"
	"github.com/cwfilter/cwfilter/internal/glob"
	"github.com/cwfilter/cwfilter/internal/termsearch"
)

// The prefilter rejects an event when a literal that every match must contain is absent.
// In an event without a backslash every JSON string is spelled exactly as it decodes, so a
// required key or string value occurs verbatim; events with a backslash are never rejected.

// required is a set of literals that must all occur; key marks literals that are member
// names (common in every event, so searched last).
type required struct {
	lits []string
	key  []bool
}

func (r *required) add(s string, key bool) {
	if i := slices.Index(r.lits, s); i >= 0 {
		r.key[i] = r.key[i] && key
		return
	}
	r.lits = append(r.lits, s)
	r.key = append(r.key, key)
}

// requiredOf derives the literals every event matching e contains.
func requiredOf(e ast.Expr) required {
	switch e := e.(type) {
	case *ast.Paren:
		return requiredOf(e.X)
	case *ast.And:
		var r required
		for _, o := range e.Operands {
			k := requiredOf(o)
			for i, s := range k.lits {
				r.add(s, k.key[i])
			}
		}
		return r
	case *ast.Or:
		kids := make([]required, len(e.Operands))
		for i, o := range e.Operands {
			kids[i] = requiredOf(o)
		}
		return orRequired(kids)
	case *ast.Condition:
		return condRequired(e)
	}
	return required{}
}

// condRequired: the selector's keys when the condition needs its node to exist, and the
// core of a string glob that no number's text form T(v) could satisfy.
func condRequired(c *ast.Condition) required {
	var r required
	wild := c.Selector.HasWildcard()
	if c.Op == ast.NotExists || c.Op == ast.Ne && wild { // can hold with no node at all
		return r
	}
	for _, s := range c.Selector.Segments {
		if s.Kind == ast.Key && s.Key != "" {
			r.add(s.Key, true)
		}
	}
	switch c.Op {
	case ast.IsTrue:
		r.add("true", false)
	case ast.IsFalse:
		r.add("false", false)
	case ast.IsNull:
		r.add("null", false)
	case ast.Eq:
		if c.Value.Kind == ast.Glob {
			if g := glob.Compile(c.Value.Text); g.Kind != glob.All && !numberText(g.Core) {
				r.add(string(g.Core), false)
			}
		}
	}
	return r
}

// numberText reports whether s could be part of a number's T(v) (EV6): digits, '.', '-',
// 'E' and the letters of "Infinity". Such a core is not required: 7e0 has T(v) "7.0".
func numberText(s []byte) bool {
	for _, c := range s {
		if !strings.ContainsRune("0123456789.-EInfinity", rune(c)) {
			return false
		}
	}
	return true
}

// orRequired keeps what every alternative requires: the literals common to all of them,
// and the longest string contained in a required literal of every alternative
// (`eventName=PutUserPolicy || eventName=DeletePolicy` requires "Policy").
func orRequired(kids []required) required {
	var r required
	if len(kids) == 0 {
		return r
	}
	inAll := func(s string) (bool, bool) {
		key := true
		for _, k := range kids[1:] {
			found := false
			for i, l := range k.lits {
				if strings.Contains(l, s) {
					found = true
					key = key && k.key[i] && l == s
				}
			}
			if !found {
				return false, false
			}
		}
		return true, key
	}
	best := ""
	for i, l := range kids[0].lits {
		if ok, key := inAll(l); ok {
			r.add(l, key && kids[0].key[i])
			continue
		}
		if len(l) > 64 { // bound the substring search
			continue
		}
		for a := 0; a < len(l); a++ {
			for z := len(l); z-a > len(best); z-- {
				if ok, _ := inAll(l[a:z]); ok {
					best = l[a:z]
					break
				}
			}
		}
	}
	if best != "" {
		r.add(best, false)
	}
	return r
}

// prefilter searches the chosen literals.
type prefilter struct {
	finders []*termsearch.Finder
}

const (
	minLiteral  = 3 // shorter literals occur almost everywhere
	maxLiterals = 3
)

// newPrefilter picks the most selective literals: values before keys, longer first, and
// none that is contained in another chosen one.
func newPrefilter(r required) *prefilter {
	type cand struct {
		s   string
		key bool
	}
	var cs []cand
	for i, s := range r.lits {
		if len(s) >= minLiteral {
			cs = append(cs, cand{s, r.key[i]})
		}
	}
	slices.SortStableFunc(cs, func(a, b cand) int {
		if a.key != b.key {
			if a.key {
				return 1
			}
			return -1
		}
		return len(b.s) - len(a.s)
	})
	p := &prefilter{}
	var chosen []string
	for _, c := range cs {
		if len(chosen) == maxLiterals {
			break
		}
		redundant := false
		for _, x := range chosen {
			if strings.Contains(x, c.s) {
				redundant = true
			}
		}
		if !redundant {
			chosen = append(chosen, c.s)
			p.finders = append(p.finders, termsearch.New([]byte(c.s)))
		}
	}
	if len(p.finders) == 0 {
		return nil
	}
	return p
}

// rejects reports whether event certainly does not match.
func (p *prefilter) rejects(event []byte) bool {
	for _, f := range p.finders {
		if f.Index(event) < 0 {
			return bytes.IndexByte(event, '\\') < 0
		}
	}
	return false
}

// Literals returns the literals the prefilter searches, most selective first (nil: none).
func (m *Matcher) Literals() []string {
	if m.prefilter == nil {
		return nil
	}
	var out []string
	for _, f := range m.prefilter.finders {
		out = append(out, string(f.Needle()))
	}
	return out
}
