// Package regex answers whether a regex of the filter-pattern dialect matches, faster than
// regexp, with regexp as its twin.
//
// The dialect has no parentheses (R2), so a regex is an alternation of sequences of single
// atoms, each perhaps repeated. Compile derives from the parsed regex the literals every
// match contains (literals.go), and Match finds them first, all in one pass (search.go): an
// event without them is rejected at the speed of a byte scan, and a regex that is only an
// alternation of literals is answered by the search alone. What the literals let through,
// and regexes without literals, a deterministic automaton over bytes decides, built whole at
// compile time from the RE2 program (dfa.go, runes.go, simulate.go); it reads only the runs
// of bytes long enough to hold a match (skip). Its answer is regexp's on every input, invalid
// UTF-8 included. A regex whose automaton would exceed its bounds is matched by regexp itself.
//
// A *Regexp is immutable and safe for concurrent use; Match allocates nothing.
package regex

import (
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/cwfilter/cwfilter/internal/termsearch"
)

// Regexp is a compiled regex.
type Regexp struct {
	src    string
	never  bool       // no text matches
	pf     *prefilter // nil: no literal is required
	dfa    *dfa       // nil: re decides
	re     *regexp.Regexp
	minLen int       // > 0: skip text where no run of minLen bytes of sigma can lie
	sigma  [256]bool // the bytes a match can consume
}

// Compile compiles a regex body verbatim with RE2 syntax and no flags (R7).
func Compile(body string) (*Regexp, error) {
	parsed, err := syntax.Parse(body, syntax.Perl)
	if err != nil {
		return nil, err
	}
	simple := parsed.Simplify()
	prog, err := syntax.Compile(simple)
	if err != nil {
		return nil, err
	}
	r := &Regexp{src: body}
	lits := analyze(simple)
	if lits.exact == nil && lits.dnf == nil {
		r.never = true
		return r, nil
	}
	r.pf = newPrefilter(lits)
	if r.pf != nil && r.pf.always {
		r.pf = nil // the empty string is among the alternatives: every text matches
		r.dfa = &dfa{always: true}
		return r, nil
	}
	if r.pf != nil && r.pf.pure {
		return r, nil
	}
	if d, ok := automaton(prog); ok {
		r.dfa = d
		if d.start[ctxNone] == deadState && lits.max >= 0 && lits.max <= maxAnchoredScan {
			// Anchored at the text start and short: the automaton stops within lits.max
			// bytes, before a literal search would have.
			r.pf = nil
		}
		r.skipper(prog, lits.min)
		return r, nil
	}
	if r.re, err = regexp.Compile(body); err != nil {
		return nil, err
	}
	return r, nil
}

// maxAnchoredScan is the longest match of a regex anchored at the text start that the
// automaton reads alone, without a literal search first.
const maxAnchoredScan = 256

// minSkip is the shortest match length for which skipping pays: each probe can then clear
// that many bytes.
const minSkip = 3

// skipper sets sigma, the bytes some rune instruction of prog can consume (every byte of a
// non-ASCII rune, or of an invalid encoding, when any instruction accepts one), and enables
// the skip for regexes whose matches span at least minSkip bytes and are not anchored.
func (r *Regexp) skipper(prog *syntax.Prog, min int) {
	if min < minSkip || r.dfa.start[ctxNone] == deadState {
		return
	}
	for i := range prog.Inst {
		rs := runeSetOf(&prog.Inst[i])
		for j := 0; j+1 < len(rs); j += 2 {
			lo, hi := rs[j], rs[j+1]
			for c := lo; c <= hi && c < utf8.RuneSelf; c++ {
				r.sigma[c] = true
			}
			if hi >= utf8.RuneSelf {
				for c := utf8.RuneSelf; c < 256; c++ {
					r.sigma[c] = true
				}
			}
		}
	}
	r.minLen = min
}

// automaton builds the automaton of prog, or reports that prog is beyond it: over its
// bounds, or (defensively: the dialect cannot spell them) multi-line anchors or case folding.
func automaton(prog *syntax.Prog) (*dfa, bool) {
	word := false
	for i := range prog.Inst {
		in := &prog.Inst[i]
		switch in.Op {
		case syntax.InstEmptyWidth:
			op := syntax.EmptyOp(in.Arg)
			if op&(syntax.EmptyBeginLine|syntax.EmptyEndLine) != 0 {
				return nil, false
			}
			word = word || op&(syntax.EmptyWordBoundary|syntax.EmptyNoWordBoundary) != 0
		case syntax.InstRune:
			if syntax.Flags(in.Arg)&syntax.FoldCase != 0 {
				return nil, false
			}
		}
	}
	d, err := buildDFA(prog, word)
	return d, err == nil
}

// MustCompile is Compile for bodies known to be valid.
func MustCompile(body string) *Regexp {
	r, err := Compile(body)
	if err != nil {
		panic("regex: Compile(" + body + "): " + err.Error())
	}
	return r
}

// String returns the body as compiled.
func (r *Regexp) String() string { return r.src }

// Match reports whether b contains a match (an unanchored search, R8).
func (r *Regexp) Match(b []byte) bool {
	if r.never {
		return false
	}
	at := 0
	if r.pf != nil {
		var ok bool
		if at, ok = r.pf.run(b); !ok {
			return false
		}
		if r.pf.pure {
			return true
		}
		at = boundaryBefore(b, at)
	}
	if r.dfa == nil {
		return r.re.Match(b)
	}
	if r.dfa.always {
		return true
	}
	if r.minLen > 0 {
		return r.skip(b, at)
	}
	return r.dfa.run(b, at)
}

// skip is the automaton's search of b[at:] run only where a match can lie: in a run of at
// least minLen bytes of sigma. A probe every minLen bytes finds such runs; a probe outside
// sigma clears the minLen bytes up to it. From the start of a long enough run the automaton
// reads up to the first byte outside sigma, which ends every match in progress (and settles
// a pending \b or \B), and the probing resumes after it.
func (r *Regexp) skip(b []byte, at int) bool {
	m, n := r.minLen, len(b)
	sigma := &r.sigma
	for i := at; i+m <= n; {
		j := i + m - 1
		if !sigma[b[j]] {
			i = j + 1
			continue
		}
		k := j
		for k > i && sigma[b[k-1]] {
			k--
		}
		e := j + 1
		for e < n && e-k < m && sigma[b[e]] {
			e++
		}
		if e-k < m {
			i = e + 1 // b[e] is outside sigma, or the text ends
			continue
		}
		matched, next := r.dfa.segment(b, k, sigma)
		if matched {
			return true
		}
		i = next
	}
	return false
}

// boundaryBefore returns the last rune boundary of b (as regexp decodes b) at or before i:
// i itself unless i falls inside a valid multi-byte encoding.
func boundaryBefore(b []byte, i int) int {
	if i >= len(b) || b[i]&0xC0 != 0x80 {
		return i
	}
	for j := i - 1; j >= 0 && j >= i-3; j-- {
		if b[j]&0xC0 != 0x80 {
			if _, w := utf8.DecodeRune(b[j:]); j+w > i {
				return j
			}
			return i
		}
	}
	return i
}

// Clauses returns the literals Match searches before anything else: a text matches only
// if it contains every literal of some clause. nil: Match searches none.
func (r *Regexp) Clauses() [][]string {
	if r.pf == nil {
		return nil
	}
	out := make([][]string, len(r.pf.clauses))
	for i, c := range r.pf.clauses {
		for _, id := range c.lits {
			out[i] = append(out[i], string(r.pf.finders[id].Needle()))
		}
	}
	return out
}

// Decided reports that a clause of Clauses found is a match: the regex is an alternation
// of literals.
func (r *Regexp) Decided() bool { return r.pf != nil && r.pf.pure }

// Required returns the literals every match of body contains: all of some clause, as
// Compile's prefilter chooses them (Compile then searches none for a short regex anchored
// at the text start: see maxAnchoredScan); nil when a match need contain none, when no
// text matches, or when body does not parse. It builds no automaton.
func Required(body string) [][]string {
	parsed, err := syntax.Parse(body, syntax.Perl)
	if err != nil {
		return nil
	}
	x := analyze(parsed.Simplify())
	if x.exact == nil && x.dnf == nil {
		return nil // never matches: nothing useful to search
	}
	pf := newPrefilter(x)
	if pf == nil || pf.always {
		return nil
	}
	r := Regexp{pf: pf}
	return r.Clauses()
}

// prefilter searches the literals the analysis found before anything else.
type prefilter struct {
	finders []*termsearch.Finder
	fused   *fused // nil: each literal is searched on its own when a clause needs it
	clauses []clause
	pure    bool // a clause found is a match: the regex is an alternation of literals
	always  bool // pure, with the empty string among them
}

// clause: all of lits must occur; offs[k] is the most bytes of a match before lits[k] (< 0:
// unbounded), so that a match starts at or after its first occurrence minus offs[k].
type clause struct {
	lits []uint8
	offs []int
}

// maxLiterals is the most distinct literals a prefilter searches (its memo is on the stack).
const maxLiterals = 16

// newPrefilter chooses the literals to search; nil when some match need contain none.
func newPrefilter(x info) *prefilter {
	p := &prefilter{}
	var cs [][]lit
	if x.exact != nil && !x.assert {
		p.pure = true
		for _, s := range minimalStrings(x.exact) {
			if s == "" {
				return &prefilter{always: true}
			}
			cs = append(cs, []lit{{s, 0}})
		}
	} else {
		for _, c := range x.clauses() {
			c = chooseLiterals(c)
			if len(c) == 0 {
				return nil
			}
			cs = append(cs, c)
		}
	}
	ids := map[string]uint8{}
	for _, c := range cs {
		var cl clause
		for _, l := range c {
			id, ok := ids[l.s]
			if !ok {
				if len(p.finders) == maxLiterals {
					return nil
				}
				id = uint8(len(p.finders))
				ids[l.s] = id
				p.finders = append(p.finders, termsearch.New([]byte(l.s)))
			}
			cl.lits = append(cl.lits, id)
			cl.offs = append(cl.offs, l.off)
		}
		p.clauses = append(p.clauses, cl)
	}
	var long []string
	var longIDs []uint8
	for id, f := range p.finders {
		if len(f.Needle()) >= 2 { // one byte: bytes.IndexByte is the fastest search there is
			long = append(long, string(f.Needle()))
			longIDs = append(longIDs, uint8(id))
		}
	}
	p.fused = newFused(long, longIDs)
	return p
}

// chooseLiterals picks what to search of a clause: its two longest literals, neither
// inside the other (when the first occurs, the second still rejects), and, when neither
// has a bounded offset, the longest that has one, which tells where matches can start.
func chooseLiterals(c []lit) []lit {
	c = slices.DeleteFunc(slices.Clone(c), func(l lit) bool { return l.s == "" })
	if len(c) == 0 {
		return nil
	}
	slices.SortStableFunc(c, func(a, b lit) int { return len(b.s) - len(a.s) })
	out := []lit{c[0]}
	inside := func(l lit) bool {
		for _, o := range out {
			if strings.Contains(o.s, l.s) {
				return true
			}
		}
		return false
	}
	for _, l := range c[1:] {
		if len(out) == 2 {
			break
		}
		if len(l.s) >= minSecond && !inside(l) {
			out = append(out, l)
		}
	}
	if !slices.ContainsFunc(out, func(l lit) bool { return l.off >= 0 }) {
		for _, l := range c {
			if l.off >= 0 && !inside(l) {
				out = append(out, l)
				break
			}
		}
	}
	return out
}

// minSecond is the shortest second literal worth a search of its own.
const minSecond = 3

// run searches the literals: ok reports that some clause is found, at the earliest
// position a match can start.
func (p *prefilter) run(b []byte) (at int, ok bool) {
	var memo [maxLiterals]int32
	if p.fused != nil && p.fused.scan(b, &memo, p.pure) && p.pure {
		return 0, true
	}
	at = len(b)
	for _, c := range p.clauses {
		q, found := c.find(b, p.finders, &memo)
		if found {
			if p.pure || q == 0 {
				return 0, true
			}
			at, ok = min(at, q), true
		}
	}
	return at, ok
}

// find reports whether every literal of c occurs in b, and the earliest start of a match
// they allow. memo keeps each literal's first index plus one (0: not searched yet, -1:
// absent) across clauses.
func (c *clause) find(b []byte, finders []*termsearch.Finder, memo *[maxLiterals]int32) (int, bool) {
	q := 0
	for k, id := range c.lits {
		if memo[id] == 0 {
			memo[id] = int32(finders[id].Index(b) + 1)
			if memo[id] == 0 {
				memo[id] = -1
			}
		}
		if memo[id] < 0 {
			return 0, false
		}
		if off := c.offs[k]; off >= 0 {
			q = max(q, int(memo[id])-1-off)
		}
	}
	return q, true
}
