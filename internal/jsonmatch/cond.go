package jsonmatch

import (
	"math"
	"regexp"
	"strconv"

	"github.com/cwfilter/cwfilter/filterpattern/ast"
	"github.com/cwfilter/cwfilter/internal/decimal"
	"github.com/cwfilter/cwfilter/internal/glob"
	"github.com/cwfilter/cwfilter/internal/numfmt"
)

// test is the primitive a condition computes on one resolved node, chosen at compile time.
type test uint8

const (
	tEqTrue   test = iota // eq(L, v) = true   (= ; != under a wildcard, §3.6)
	tEqFalse              // eq(L, v) = false  (!= on a plain selector)
	tOrder                // v is NUM and dec(v) op dec(L)
	tNull                 // v is null, or an array with a direct null element
	tNullOnly             // v is null (IS NULL under a wildcard)
	tTrue                 // v is true
	tFalse                // v is false
	tExists               // v exists (NOT EXISTS is its negation)
	tCapture              // Lookup: remember the node
)

// lit is how a literal compares, chosen at compile time.
type lit uint8

const (
	lNumber lit = iota
	lGlob
	lAny
	lRegex
)

// cond is one compiled condition.
type cond struct {
	test test
	lit  lit
	op   ast.Op
	num  decimal.Number // lNumber: dec(L) and text(L)
	text string         // lNumber: text(L)
	glob glob.Glob      // lGlob
	re   *regexp.Regexp // lRegex
	wild bool           // the selector has a wildcard: combine per §3.6
}

// kind is the JSON kind of a resolved node.
type kind uint8

const (
	kString kind = iota
	kNumber
	kTrue
	kFalse
	kNull
	kObject
	kArray
)

// node is a resolved value: its kind and, for strings and numbers, its raw text.
type node struct {
	kind    kind
	raw     []byte // string content without quotes, or the number token
	esc     bool   // string has escapes
	isInt   bool   // number is an integer token (EV3)
	hasNull bool   // array has a direct null element
}

// numView is a number node prepared for comparison: INF, or dec(v) (EV3–EV5), and T(v) (EV6).
type numView struct {
	inf  bool
	src  []byte // the text View refers to
	view decimal.View
	text []byte // T(v)
}

// isExact: c is eq-true against a glob without wildcards, i.e. its truth is "the string (or
// T(v) of the number) equals the core".
func (c *cond) isExact() bool {
	return c.test == tEqTrue && c.lit == lGlob && c.glob.Kind == glob.Exact
}

// text returns the string a glob compares for n: the decoded string or T(v); ok is false
// for the kinds a glob is incomparable with.
func (n *node) text(s *scratch) ([]byte, bool) {
	switch n.kind {
	case kString:
		if n.esc {
			return s.decode(n.raw), true
		}
		return n.raw, true
	case kNumber:
		return s.number(n).text, true
	}
	return nil, false
}

// evalCond computes c's primitive on n. s provides scratch buffers.
func (c *cond) eval(n *node, s *scratch) bool {
	switch c.test {
	case tExists:
		return true
	case tCapture:
		s.captured = *n
		return true
	case tNull:
		return n.kind == kNull || n.kind == kArray && n.hasNull
	case tNullOnly:
		return n.kind == kNull
	case tTrue:
		return n.kind == kTrue
	case tFalse:
		return n.kind == kFalse
	case tOrder:
		if n.kind != kNumber {
			return false
		}
		v := s.number(n)
		if v.inf {
			return false
		}
		return c.op.Holds(c.num.Compare(v.src, v.view))
	}
	eq, comparable := c.eq(n, s)
	if c.test == tEqTrue {
		return comparable && eq
	}
	return comparable && !eq
}

// eq is the §3.5 eq(L, v): ok is false when the two are incomparable (⊥).
func (c *cond) eq(n *node, s *scratch) (eq, ok bool) {
	switch n.kind {
	case kString:
		switch c.lit {
		case lAny:
			return true, true
		case lNumber:
			if !n.esc {
				return string(n.raw) == c.text, true
			}
			return decodedEqual(n.raw, c.text), true
		}
		str := n.raw
		if n.esc {
			str = s.decode(n.raw)
		}
		if c.lit == lGlob {
			return c.glob.Match(str), true
		}
		return c.re.Match(str), true
	case kNumber:
		switch c.lit {
		case lAny:
			return true, true
		case lNumber:
			v := s.number(n)
			if v.inf {
				return false, false
			}
			return c.num.Compare(v.src, v.view) == 0, true
		case lGlob:
			return c.glob.Match(s.number(n).text), true
		}
		return c.re.Match(s.number(n).text), true
	}
	return false, false
}

// parseNumber prepares a number token: dst is the buffer for the float forms.
func parseNumber(raw []byte, isInt bool, dst []byte) numView {
	if isInt {
		v, _ := decimal.Parse(raw, decimal.Literal)
		text := raw
		if v.IsZero() {
			text = zeroText // "-0" → "0"
		}
		return numView{src: raw, view: v, text: text}
	}
	// Values of 1e309 and more overflow (EV4): decide without ParseFloat, whose range error
	// allocates. Tokens longer than 32 bytes cost one temporary string.
	if v, ok := decimal.Parse(raw, decimal.Literal); ok && !v.IsZero() && v.Adj >= 310 {
		return numView{inf: true, text: numfmt.AppendJavaDouble(dst[:0], math.Inf(sign(v.Neg)))}
	}
	f, err := strconv.ParseFloat(string(raw), 64)
	if err != nil && math.IsInf(f, 0) { // overflow near the boundary; underflow gives 0 without error
		return numView{inf: true, text: numfmt.AppendJavaDouble(dst[:0], f)}
	}
	e := strconv.AppendFloat(dst[:0], f, 'e', -1, 64)
	v, _ := decimal.Parse(e, decimal.Literal)
	text := numfmt.AppendJavaDouble(e[len(e):], f)
	return numView{src: e, view: v, text: text}
}

var zeroText = []byte("0")

func sign(neg bool) int {
	if neg {
		return -1
	}
	return 1
}
