package delimited

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/cwfilter/cwfilter/filterpattern/ast"
	"github.com/cwfilter/cwfilter/internal/glob"
)

// This file is the slow, obviously-correct twin of the engine: a literal transcription of
// §4.2–4.5 sharing no code with it (besides glob.Reference). FuzzDelimited holds the two
// together.

// Reference reports whether message matches d and, if so, the extracted values in token order.
func Reference(d *ast.Delimited, message string) ([]Field, bool) {
	toks := refTokens(message)
	n := len(toks)
	p := -1
	for i, f := range d.Fields {
		if f.Ellipsis {
			p = i
		}
	}
	k := len(d.Fields)
	key := func(f *ast.Field, idx int) string {
		if f != nil && f.Name != "" {
			return "$" + f.Name
		}
		return "$" + strconv.Itoa(idx)
	}
	var out []Field
	switch {
	case k == 0 || (k == 1 && p == 0): // §4.3: k = 0 patterns
		for i, t := range toks {
			out = append(out, Field{key(nil, i+1), t.val})
		}
		return out, true
	case p < 0: // no "..."
		if n < k {
			return nil, false
		}
		for i := 0; i < k; i++ {
			f, v := d.Fields[i], toks[i].val
			if i == k-1 && n > k {
				v = message[toks[i].start:]
			}
			if !refHolds(f.Expr, v) {
				return nil, false
			}
			out = append(out, Field{key(f, i+1), v})
		}
		return out, true
	}
	h, t := p, k-p-1
	if n < h+t {
		return nil, false
	}
	for i := 0; i < n; i++ {
		var f *ast.Field
		switch {
		case i < h:
			f = d.Fields[i]
		case i >= n-t:
			f = d.Fields[p+1+i-(n-t)]
		}
		if f != nil && !refHolds(f.Expr, toks[i].val) {
			return nil, false
		}
		out = append(out, Field{key(f, i+1), toks[i].val})
	}
	return out, true
}

type refToken struct {
	start int
	val   string
}

// refTokens is tokens(m) of §4.2, line by line.
func refTokens(m string) []refToken {
	isEWS := func(c byte) bool { return strings.IndexByte(" \t\n\v\f\r", c) >= 0 }
	var out []refToken
	i := 0
	for {
		for i < len(m) && isEWS(m[i]) {
			i++
		}
		if i == len(m) {
			return out
		}
		c := m[i]
		if c == '"' || c == '[' {
			closer := byte('"')
			if c == '[' {
				closer = ']'
			}
			if j := strings.IndexByte(m[i+1:], closer); j >= 0 {
				out = append(out, refToken{i, m[i+1 : i+1+j]})
				i = i + 1 + j + 1
				continue
			}
		}
		j := i
		for j < len(m) && !isEWS(m[j]) {
			j++
		}
		out = append(out, refToken{i, m[i:j]})
		i = j
	}
}

// refHolds evaluates a field condition tree on f (§4.4).
func refHolds(e ast.Expr, f string) bool {
	switch e := e.(type) {
	case nil:
		return true
	case *ast.Paren:
		return refHolds(e.X, f)
	case *ast.And:
		for _, x := range e.Operands {
			if !refHolds(x, f) {
				return false
			}
		}
		return true
	case *ast.Or:
		for _, x := range e.Operands {
			if refHolds(x, f) {
				return true
			}
		}
		return false
	case *ast.FieldCondition:
		return refCondition(e.Op, e.Value, f)
	}
	panic("unexpected node")
}

func refCondition(op ast.Op, v *ast.Value, f string) bool {
	if op.Ordering() {
		if !refIsNum(f) {
			return false
		}
		c := refCompare(f, v.Text)
		switch op {
		case ast.Lt:
			return c < 0
		case ast.Le:
			return c <= 0
		case ast.Gt:
			return c > 0
		}
		return c >= 0
	}
	var eq bool
	switch v.Kind {
	case ast.Number:
		if refIsNum(f) {
			eq = refCompare(f, v.Text) == 0
		} else {
			eq = f == v.Text
		}
	case ast.Glob:
		eq = glob.Reference(v.Text, f)
	case ast.Any:
		eq = true
	case ast.RegexValue:
		eq = regexp.MustCompile(v.Text).MatchString(f)
	}
	if op == ast.Ne {
		return !eq
	}
	return eq
}

var refNumRE = regexp.MustCompile(`^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE]([+-]?[0-9]+))?$`)

// refIsNum is isNum(f) of §4.4, including the L3 bounds on the exponent E and F−E.
func refIsNum(f string) bool {
	_, _, _, ok := refDecimal(f)
	return ok
}

// refDecimal normalises a number to its sign (−1, 0, +1), significant digits (no leading or
// trailing zeros) and exponent, so that its value is sign × 0.digits × 10^exp.
func refDecimal(s string) (sign int, digits string, exp int64, ok bool) {
	g := refNumRE.FindStringSubmatch(s)
	if g == nil {
		return 0, "", 0, false
	}
	var e int64
	if g[4] != "" {
		mag := strings.TrimLeft(strings.TrimLeft(g[4], "+-"), "0")
		if len(mag) > 10 {
			return 0, "", 0, false // beyond any 32-bit exponent
		}
		if mag != "" {
			e, _ = strconv.ParseInt(mag, 10, 64)
		}
		if g[4][0] == '-' {
			e = -e
		}
	}
	intPart, frac, _ := strings.Cut(strings.TrimLeft(g[1], "+-"), ".")
	const lo, hi = -1 << 31, 1<<31 - 1
	f := int64(len(frac))
	if e < lo || e > hi || f-e < lo || f-e > hi {
		return 0, "", 0, false
	}
	all := intPart + frac
	trimmed := strings.TrimLeft(all, "0")
	exp = int64(len(intPart)) + e - int64(len(all)-len(trimmed))
	digits = strings.TrimRight(trimmed, "0")
	switch {
	case digits == "":
		return 0, "", 0, true
	case s[0] == '-':
		return -1, digits, exp, true
	}
	return 1, digits, exp, true
}

// refCompare compares two valid numbers by value.
func refCompare(a, b string) int {
	as, ad, ae, _ := refDecimal(a)
	bs, bd, be, _ := refDecimal(b)
	if as != bs || as == 0 {
		return cmpInt(int64(as), int64(bs))
	}
	mag := cmpInt(ae, be)
	if mag == 0 {
		mag = strings.Compare(ad, bd) // same exponent: left-aligned digit strings
	}
	return as * mag
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
