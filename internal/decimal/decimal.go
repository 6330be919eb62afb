// Package decimal compares decimal numbers exactly, as CloudWatch does (§3.4 EV3–EV5, §4.4),
// without materialising them: a number is a View of digit ranges over its source text, so
// integers of any size and exponents up to ±2³¹ compare exactly and nothing is allocated.
package decimal

import "math"

// Grammar selects which spellings Parse accepts.
type Grammar uint8

const (
	// Literal is a pattern literal: [+-]?DIGIT+(.DIGIT+)?([eE][+-]?DIGIT+)? (§3.3).
	Literal Grammar = iota
	// Loose is a space-delimited field or an extracted metric value:
	// [+-]?(DIGIT+(.DIGIT*)?|.DIGIT+)([eE][+-]?DIGIT+)? (§4.4, §7.4).
	Loose
)

// View is the exact value of a number spelled in some source text. The significant digits
// are src[intS:intE] followed by src[fracS:fracE], without leading or trailing zeros; the value is
// ±0.d₁d₂…dₙ × 10^Adj. Zero has no digits.
type View struct {
	Neg                      bool
	Adj                      int64
	intS, intE, fracS, fracE int
}

// IsZero reports whether the value is zero.
func (v View) IsZero() bool { return v.intS == v.intE && v.fracS == v.fracE }

func (v View) numDigits() int { return (v.intE - v.intS) + (v.fracE - v.fracS) }

func (v View) digit(src []byte, i int) byte {
	if n := v.intE - v.intS; i < n {
		return src[v.intS+i]
	} else {
		return src[v.fracS+i-n]
	}
}

const (
	minExp = math.MinInt32
	maxExp = math.MaxInt32
)

// Parse reads s as a number of grammar g. ok is false when s is not such a number or
// its exponent E or fraction-digit count F break −2³¹ ≤ E ≤ 2³¹−1 and −2³¹ ≤ F−E ≤ 2³¹−1 (L3).
func Parse[T ~string | ~[]byte](s T, g Grammar) (v View, ok bool) {
	i, n := 0, len(s)
	if i < n && (s[i] == '+' || s[i] == '-') {
		v.Neg = s[i] == '-'
		i++
	}
	intS := i
	for i < n && isDigit(s[i]) {
		i++
	}
	intE := i
	fracS, fracE := i, i
	if i < n && s[i] == '.' {
		i++
		fracS = i
		for i < n && isDigit(s[i]) {
			i++
		}
		fracE = i
		if g == Literal && (fracE == fracS || intE == intS) {
			return View{}, false
		}
	}
	if intE == intS && fracE == fracS {
		return View{}, false
	}
	var exp int64
	if i < n && (s[i] == 'e' || s[i] == 'E') {
		i++
		neg := false
		if i < n && (s[i] == '+' || s[i] == '-') {
			neg = s[i] == '-'
			i++
		}
		if i == n {
			return View{}, false
		}
		for ; i < n && isDigit(s[i]); i++ {
			if exp <= maxExp+1 { // stop growing once out of range; digits still consumed
				exp = exp*10 + int64(s[i]-'0')
			}
		}
		if neg {
			exp = -exp
		}
		if exp < minExp || exp > maxExp {
			return View{}, false
		}
	}
	if i != n {
		return View{}, false
	}
	if f := int64(fracE - fracS); f-exp < minExp || f-exp > maxExp {
		return View{}, false
	}
	// Strip leading zeros (possibly across the point) and trailing zeros (possibly back into the
	// integer part), tracking the position of the decimal point.
	adj := int64(intE-intS) + exp
	for intS < intE && s[intS] == '0' {
		intS++
		adj--
	}
	if intS == intE {
		for fracS < fracE && s[fracS] == '0' {
			fracS++
			adj--
		}
	}
	for fracE > fracS && s[fracE-1] == '0' {
		fracE--
	}
	if fracE == fracS {
		fracS, fracE = intE, intE
		for intE > intS && s[intE-1] == '0' {
			intE--
		}
		fracS, fracE = intE, intE
	}
	v.Adj = adj
	v.intS, v.intE, v.fracS, v.fracE = intS, intE, fracS, fracE
	if v.IsZero() {
		v.Neg, v.Adj = false, 0
	}
	return v, true
}

// Compare returns −1, 0 or +1 as the value of a (spelled in as) is less than, equal to or
// greater than the value of b (spelled in bs).
func Compare(as []byte, a View, bs []byte, b View) int {
	switch az, bz := a.IsZero(), b.IsZero(); {
	case az && bz:
		return 0
	case az:
		return sign(!b.Neg, -1)
	case bz:
		return sign(!a.Neg, 1)
	case a.Neg != b.Neg:
		return sign(a.Neg, -1)
	}
	mag := compareMagnitude(as, a, bs, b)
	if a.Neg {
		return -mag
	}
	return mag
}

func sign(cond bool, ifTrue int) int {
	if cond {
		return ifTrue
	}
	return -ifTrue
}

func compareMagnitude(as []byte, a View, bs []byte, b View) int {
	if a.Adj != b.Adj {
		if a.Adj < b.Adj {
			return -1
		}
		return 1
	}
	na, nb := a.numDigits(), b.numDigits()
	for i := 0; i < na && i < nb; i++ {
		da, db := a.digit(as, i), b.digit(bs, i)
		if da != db {
			if da < db {
				return -1
			}
			return 1
		}
	}
	// Equal prefix: the one with more digits has a non-zero digit left (no trailing zeros).
	switch {
	case na < nb:
		return -1
	case na > nb:
		return 1
	}
	return 0
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// Number is a parsed number that owns its text: a compiled pattern literal.
type Number struct {
	Text []byte
	View View
}

// ParseNumber parses s in grammar g into a Number that owns a copy of its text.
func ParseNumber(s string, g Grammar) (Number, bool) {
	v, ok := Parse(s, g)
	return Number{Text: []byte(s), View: v}, ok
}

// Compare compares the number spelled in src (with view v) to n.
func (n *Number) Compare(src []byte, v View) int { return Compare(src, v, n.Text, n.View) }
