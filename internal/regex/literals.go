package regex

import (
	"regexp/syntax"
	"slices"
	"strings"
	"unicode/utf8"
)

// Literal analysis walks the parsed regex (after Simplify) and finds, for each way it can
// match, the literals every such match contains: an OR of ANDs (dnf). Where a part matches
// only a few strings, exactly (`AccessDenied|UnauthorizedOperation`, `colou?r`, the
// factored `a[bc]`), they are kept as such, so that a regex that is an alternation of
// literals is answered by searching them.
//
// A literal here is a byte string that occurs in the text wherever a match holds it: a
// valid UTF-8 encoding begins with a byte that is no continuation byte, where regexp's
// decoding always starts a rune, and decodes to the same runes. U+FFFD is the exception:
// regexp also reads it from any invalid byte, so it is never part of a literal.

// lit is a literal every match contains, with the most bytes of the match before it
// (off < 0: unbounded).
type lit struct {
	s   string
	off int
}

// info is what the analysis knows of one node.
type info struct {
	exact    []string // non-nil: the node matches exactly these strings
	dnf      [][]lit  // if exact is nil: every match contains all of some clause; a clause with no literal is "anything"
	assert   bool     // has ^, $, \b or \B (so exact strings are not the whole story)
	min, max int      // bytes a match spans; max < 0: unbounded
}

const (
	maxExact    = 16 // strings an exact set keeps
	maxExactLen = 64 // bytes of one of them
	maxClauses  = 16
	maxClassLit = 4 // runes of a class that count as its exact strings
)

func anything(min, max int) info { return info{dnf: [][]lit{{}}, min: min, max: max} }

// unitBytes is the most bytes one rune matching an atom spans (a U+FFFD is one invalid
// byte or three valid ones), given the largest rune it accepts.
func unitBytes(maxRune rune) int {
	switch {
	case maxRune < 0x80:
		return 1
	case maxRune < 0x800:
		return 2
	case maxRune < 0x10000:
		return 3
	}
	return 4
}

// plainRune reports whether r can be part of a literal.
func plainRune(r rune) bool {
	return r != utf8.RuneError && utf8.ValidRune(r)
}

// analyze returns the info of re, a simplified regex: Simplify leaves no counted repeat
// (OpRepeat). An op not handled here is "anything", which is always sound.
func analyze(re *syntax.Regexp) info {
	switch re.Op {
	case syntax.OpNoMatch:
		return info{dnf: nil, min: 0, max: 0}
	case syntax.OpEmptyMatch:
		return info{exact: []string{""}}
	case syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return info{exact: []string{""}, assert: true}
	case syntax.OpLiteral:
		xs := make([]info, len(re.Rune))
		for i, r := range re.Rune {
			switch {
			case re.Flags&syntax.FoldCase != 0:
				xs[i] = anything(1, 4)
			case plainRune(r):
				xs[i] = info{exact: []string{string(r)}, min: utf8.RuneLen(r), max: utf8.RuneLen(r)}
			default:
				xs[i] = anything(1, 3)
			}
		}
		return sequence(xs)
	case syntax.OpCharClass:
		return class(re.Rune)
	case syntax.OpAnyCharNotNL, syntax.OpAnyChar:
		return anything(1, 4)
	case syntax.OpCapture:
		return analyze(re.Sub[0])
	case syntax.OpStar:
		x := analyze(re.Sub[0])
		if x.max == 0 {
			return info{exact: []string{""}, assert: x.assert}
		}
		return anything(0, -1)
	case syntax.OpPlus:
		x := analyze(re.Sub[0])
		return info{dnf: x.clauses(), assert: x.assert, min: x.min, max: unbounded(x.max)}
	case syntax.OpQuest:
		x := analyze(re.Sub[0])
		if x.exact != nil && len(x.exact) < maxExact {
			return info{exact: union(x.exact, []string{""}), assert: x.assert, max: x.max}
		}
		return anything(0, x.max)
	case syntax.OpConcat:
		xs := make([]info, len(re.Sub))
		for i, sub := range re.Sub {
			xs[i] = analyze(sub)
		}
		return sequence(xs)
	case syntax.OpAlternate:
		var xs []info
		for _, sub := range re.Sub {
			xs = append(xs, analyze(sub))
		}
		return alternate(xs)
	}
	return anything(0, -1)
}

func unbounded(max int) int {
	if max == 0 {
		return 0
	}
	return -1
}

// class is the info of a bracket or escape class: a few plain runes are its exact strings.
func class(ranges []rune) info {
	if len(ranges) == 0 {
		return info{dnf: nil} // matches nothing
	}
	min := 1
	if ranges[0] >= 0x80 && !inSet(ranges, utf8.RuneError) {
		min = utf8.RuneLen(ranges[0])
	}
	x := anything(min, unitBytes(ranges[len(ranges)-1]))
	n := 0
	for i := 0; i < len(ranges); i += 2 {
		n += int(ranges[i+1]-ranges[i]) + 1
		if n > maxClassLit {
			return x
		}
	}
	var exact []string
	for i := 0; i < len(ranges); i += 2 {
		for r := ranges[i]; r <= ranges[i+1]; r++ {
			if !plainRune(r) {
				return x
			}
			exact = append(exact, string(r))
		}
	}
	x.exact, x.dnf = exact, nil
	return x
}

// clauses returns x as an OR of ANDs of literals; exact strings are literals at offset 0.
func (x info) clauses() [][]lit {
	if x.exact == nil {
		return x.dnf
	}
	out := make([][]lit, 0, len(x.exact))
	for _, s := range x.exact {
		if s == "" {
			return [][]lit{{}}
		}
		out = append(out, []lit{{s, 0}})
	}
	return out
}

// sequence is the info of xs one after another. Runs of exact parts are joined first, so
// that "abc", U+FFFD, "def" requires "abc" and "def", not "d", "e" and "f".
func sequence(xs []info) info {
	acc, run := info{exact: []string{""}}, info{exact: []string{""}}
	for _, x := range xs {
		if x.exact != nil && len(run.exact)*len(x.exact) <= maxExact {
			if run = concat(run, x); run.exact == nil { // too long: it becomes a literal
				acc, run = concat(acc, run), info{exact: []string{""}}
			}
			continue
		}
		acc, run = concat(acc, run), info{exact: []string{""}}
		if x.exact != nil {
			run = x
		} else {
			acc = concat(acc, x)
		}
	}
	return concat(acc, run)
}

// concat is the info of x followed by y.
func concat(x, y info) info {
	z := info{assert: x.assert || y.assert, min: x.min + y.min, max: x.max + y.max}
	if x.max < 0 || y.max < 0 {
		z.max = -1
	}
	if x.exact != nil && y.exact != nil && len(x.exact)*len(y.exact) <= maxExact {
		long := false
		for _, a := range x.exact {
			for _, b := range y.exact {
				z.exact = append(z.exact, a+b)
				long = long || len(a)+len(b) > maxExactLen
			}
		}
		if !long {
			return z
		}
		z.exact = nil
	}
	xc, yc := x.clauses(), y.clauses()
	if xc == nil || yc == nil {
		z.dnf = nil // one side never matches
		return z
	}
	// y's literals lie after all of x: their offsets grow by x's span.
	shift := func(c []lit) []lit {
		out := make([]lit, len(c))
		for i, l := range c {
			out[i] = l
			if l.off < 0 || x.max < 0 {
				out[i].off = -1
			} else {
				out[i].off += x.max
			}
		}
		return out
	}
	if len(xc)*len(yc) > maxClauses {
		// Too many combinations: keep the side whose clauses say more.
		if weight(yc) > weight(xc) {
			for _, c := range yc {
				z.dnf = append(z.dnf, shift(c))
			}
			return z
		}
		z.dnf = xc
		return z
	}
	for _, a := range xc {
		for _, b := range yc {
			z.dnf = append(z.dnf, append(slices.Clone(a), shift(b)...))
		}
	}
	return z
}

// weight scores clauses by their weakest clause's longest literal.
func weight(cs [][]lit) int {
	w := -1
	for _, c := range cs {
		best := 0
		for _, l := range c {
			best = max(best, len(l.s))
		}
		if w < 0 || best < w {
			w = best
		}
	}
	return w
}

// alternate is the info of x1|x2|…
func alternate(xs []info) info {
	z := info{min: -1}
	exact := true
	var strs []string
	for _, x := range xs {
		z.assert = z.assert || x.assert
		if z.min < 0 || x.min < z.min {
			z.min = x.min
		}
		if x.max < 0 || z.max < 0 {
			z.max = -1
		} else {
			z.max = max(z.max, x.max)
		}
		if x.exact == nil {
			exact = false
		} else {
			strs = union(strs, x.exact)
		}
	}
	if z.min < 0 {
		z.min = 0
	}
	if exact && len(strs) <= maxExact {
		z.exact = strs
		return z
	}
	for _, x := range xs {
		for _, c := range x.clauses() {
			if len(c) == 0 {
				z.dnf = [][]lit{{}}
				return z
			}
			z.dnf = append(z.dnf, c)
		}
	}
	if len(z.dnf) > maxClauses {
		z.dnf = [][]lit{{}}
	}
	return z
}

func union(a, b []string) []string {
	out := slices.Clone(a)
	for _, s := range b {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	if out == nil {
		out = []string{}
	}
	return out
}

// minimalStrings drops the strings that contain another one: where they occur, so does it.
func minimalStrings(ss []string) []string {
	var out []string
	for i, s := range ss {
		covered := false
		for j, t := range ss {
			if i != j && strings.Contains(s, t) && (len(t) < len(s) || j < i) {
				covered = true
				break
			}
		}
		if !covered {
			out = append(out, s)
		}
	}
	return out
}
