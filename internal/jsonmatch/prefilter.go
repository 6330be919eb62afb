package jsonmatch

import (
	"slices"
	"strings"

	"github.com/cwfilter/cwfilter/filterpattern/ast"
	"github.com/cwfilter/cwfilter/internal/glob"
	"github.com/cwfilter/cwfilter/internal/regex"
	"github.com/cwfilter/cwfilter/internal/termsearch"
)

// The prefilter rejects an event when a literal that every match must contain is absent.
// In an event without a backslash every JSON string is spelled exactly as it decodes, so a
// required key or string value occurs verbatim; the same holds with short escapes only for
// literals free of the characters they stand for (see spelling), and with a \u escape for
// none: such events are never rejected.

// required is what every matching event contains: all of lits (key marks member names,
// common in every event, so searched last) and, for each clause, at least one of its literals.
type required struct {
	lits    []string
	key     []bool
	clauses [][]string
}

func (r *required) add(s string, key bool) {
	if i := slices.Index(r.lits, s); i >= 0 {
		r.key[i] = r.key[i] && key
		return
	}
	r.lits = append(r.lits, s)
	r.key = append(r.key, key)
}

func (r *required) addAll(k required) {
	for i, s := range k.lits {
		r.add(s, k.key[i])
	}
	r.clauses = append(r.clauses, k.clauses...)
}

// requiredOf derives what every event matching e contains.
func requiredOf(e ast.Expr) required {
	switch e := e.(type) {
	case *ast.Paren:
		return requiredOf(e.X)
	case *ast.And:
		var r required
		for _, o := range e.Operands {
			r.addAll(requiredOf(o))
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
		switch c.Value.Kind {
		case ast.Glob:
			if g := glob.Compile(c.Value.Text); g.Kind != glob.All && !numberText(g.Core) {
				r.add(string(g.Core), false)
			}
		case ast.RegexValue:
			regexRequired(&r, c.Value.Text)
		}
	}
	return r
}

// regexRequired adds the literals every match of a regex value contains (internal/regex
// finds them): all of them when one clause has them all, else a clause of one literal per
// alternative. Literals a number's T(v) could spell are left out, as for globs.
func regexRequired(r *required, body string) {
	cs := regex.Required(body)
	if len(cs) == 1 {
		for _, l := range cs[0] {
			if !numberText([]byte(l)) {
				r.add(l, false)
			}
		}
		return
	}
	if len(cs) == 0 || len(cs) > maxClause {
		return
	}
	var clause []string
	for _, c := range cs {
		best := ""
		for _, l := range c {
			if !numberText([]byte(l)) && len(l) > len(best) {
				best = l
			}
		}
		if len(best) < minLiteral {
			return // an alternative without a literal worth searching defeats the clause
		}
		clause = append(clause, best)
	}
	r.clauses = append(r.clauses, clause)
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
// and a clause of at most maxClause strings such that each alternative requires a literal
// containing one of them (`eventName=CreateTrail || eventName=StopLogging || …` gives
// "Trail" or "Logging"; the sixteen IAM policy event names of CIS 4.4 give "Policy").
func orRequired(kids []required) required {
	var r required
	if len(kids) == 0 {
		return r
	}
	for i, l := range kids[0].lits {
		inAll, key := true, kids[0].key[i]
		for _, k := range kids[1:] {
			j := slices.Index(k.lits, l)
			if j < 0 {
				inAll = false
				break
			}
			key = key && k.key[j]
		}
		if inAll {
			r.add(l, key)
		}
	}
	switch c := cover(kids); len(c) {
	case 0:
	case 1:
		r.add(c[0], false)
	default:
		r.clauses = append(r.clauses, c)
	}
	return r
}

const (
	maxClause = 3  // literals searched for one clause
	maxCover  = 64 // longer literals are not split into candidate substrings
	maxKids   = 64 // wider alternatives get no clause (bounds compile time)
)

// cover greedily picks strings (substrings of the alternatives' value literals) until each
// alternative requires a literal containing one of them; nil if that takes too many.
func cover(kids []required) []string {
	if len(kids) > maxKids {
		return nil
	}
	values := make([][]string, len(kids))
	for i, k := range kids {
		for j, l := range k.lits {
			if !k.key[j] && len(l) >= minLiteral {
				values[i] = append(values[i], l)
			}
		}
		if len(values[i]) == 0 {
			return nil // an alternative that requires no value literal defeats any clause
		}
	}
	covers := func(s string, i int) bool {
		for _, l := range values[i] {
			if strings.Contains(l, s) {
				return true
			}
		}
		return false
	}
	done := make([]bool, len(kids))
	var picked []string
	for left := len(kids); left > 0; {
		if len(picked) == maxClause {
			return nil
		}
		best, bestN := "", 0
		for i := range kids {
			if done[i] {
				continue
			}
			for _, l := range values[i] {
				if len(l) > maxCover {
					if n := count(kids, done, l, covers); n > bestN || n == bestN && len(l) > len(best) {
						best, bestN = l, n
					}
					continue
				}
				for a := 0; a < len(l); a++ {
					for z := a + minLiteral; z <= len(l); z++ {
						sub := l[a:z]
						if n := count(kids, done, sub, covers); n > bestN || n == bestN && len(sub) > len(best) {
							best, bestN = sub, n
						}
					}
				}
			}
		}
		for i := range kids {
			if !done[i] && covers(best, i) {
				done[i] = true
				left--
			}
		}
		picked = append(picked, best)
	}
	return picked
}

func count(kids []required, done []bool, s string, covers func(string, int) bool) int {
	n := 0
	for i := range kids {
		if !done[i] && covers(s, i) {
			n++
		}
	}
	return n
}

// prefilter searches the chosen literals: every one of all must occur, and one of each clause.
type prefilter struct {
	values  []*termsearch.Finder // value literals, then member names
	keys    []*termsearch.Finder
	clauses [][]*termsearch.Finder
	plain   bool // every literal is free of what a short escape stands for
}

const (
	minLiteral  = 3 // shorter literals occur almost everywhere
	maxLiterals = 3
	maxClauses  = 2
)

// newPrefilter picks the most selective literals: values before keys, longer first, and
// none that is contained in another chosen one; then up to maxClauses clauses.
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
			if c.key {
				p.keys = append(p.keys, termsearch.New([]byte(c.s)))
			} else {
				p.values = append(p.values, termsearch.New([]byte(c.s)))
			}
		}
	}
	// A clause is worth searching only when no value literal is already required.
	if len(cs) == 0 || cs[0].key {
		for _, c := range r.clauses {
			if len(p.clauses) == maxClauses {
				break
			}
			var fs []*termsearch.Finder
			for _, s := range c {
				fs = append(fs, termsearch.New([]byte(s)))
			}
			p.clauses = append(p.clauses, fs)
		}
	}
	if len(p.values)+len(p.keys)+len(p.clauses) == 0 {
		return nil
	}
	p.plain = true
	for _, fs := range append(append(slices.Clone(p.values), p.keys...), slices.Concat(p.clauses...)...) {
		p.plain = p.plain && plainText(fs.Needle())
	}
	return p
}

// absent is the answer when a required literal is missing: reject, unless escapes could
// spell it.
func (p *prefilter) absent(event []byte) bool {
	sp := spellingOf(event)
	return sp == verbatim || p.plain && sp == shortEscapes
}

// rejects reports whether event certainly does not match: a required value literal, every
// literal of a clause, or a required member name is absent, and the event has no backslash.
func (p *prefilter) rejects(event []byte) bool {
	for _, f := range p.values {
		if f.Index(event) < 0 {
			return p.absent(event)
		}
	}
	for _, c := range p.clauses {
		found := false
		for _, f := range c {
			if f.Index(event) >= 0 {
				found = true
				break
			}
		}
		if !found {
			return p.absent(event)
		}
	}
	for _, f := range p.keys {
		if f.Index(event) < 0 {
			return p.absent(event)
		}
	}
	return false
}

// RequiredLiterals returns what the prefilter requires of an event, in search order: one
// literal of every group (a group of one is a literal the event must hold); nil: nothing.
func (m *Matcher) RequiredLiterals() [][]string {
	if m.prefilter == nil {
		return nil
	}
	var out [][]string
	one := func(f *termsearch.Finder) []string { return []string{string(f.Needle())} }
	for _, f := range m.prefilter.values {
		out = append(out, one(f))
	}
	for _, c := range m.prefilter.clauses {
		var alt []string
		for _, f := range c {
			alt = append(alt, string(f.Needle()))
		}
		out = append(out, alt)
	}
	for _, f := range m.prefilter.keys {
		out = append(out, one(f))
	}
	return out
}
