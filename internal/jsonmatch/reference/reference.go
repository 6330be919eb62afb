// Package reference is the slow, obviously correct twin of package jsonmatch: it decodes the
// event with encoding/json into a tree and transcribes §3.4–§3.6 literally. It exists for
// differential tests and benchmarks only.
package reference

import (
	"bytes"
	"encoding/json"
	"math"
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/cwfilter/cwfilter/filterpattern/ast"
	"github.com/cwfilter/cwfilter/internal/decimal"
	"github.com/cwfilter/cwfilter/internal/glob"
	"github.com/cwfilter/cwfilter/internal/numfmt"
)

// MaxDepth is the deepest nesting accepted (EV2).
const MaxDepth = 1000

// Match reports whether event matches the JSON pattern p.
func Match(p *ast.JSON, event []byte) bool {
	root, ok := Decode(event)
	return ok && eval(p.Expr, root)
}

// Eval evaluates p over an already decoded event (numbers as json.Number).
func Eval(p *ast.JSON, root map[string]any) bool { return eval(p.Expr, root) }

// Decode parses event as exactly one JSON object (EV1, EV2). Numbers stay json.Number;
// duplicate keys: the last wins (D-10), as encoding/json does for maps.
func Decode(event []byte) (map[string]any, bool) {
	if !utf8.Valid(event) || depth(event) > MaxDepth || !json.Valid(event) {
		return nil, false
	}
	dec := json.NewDecoder(bytes.NewReader(event))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, false
	}
	obj, ok := v.(map[string]any)
	return obj, ok
}

// depth returns the maximum nesting of [ and { outside strings.
func depth(b []byte) int {
	d, maxd, inStr, esc := 0, 0, false, false
	for _, c := range b {
		switch {
		case inStr && esc:
			esc = false
		case inStr && c == '\\':
			esc = true
		case inStr && c == '"':
			inStr = false
		case inStr:
		case c == '"':
			inStr = true
		case c == '{' || c == '[':
			d++
			maxd = max(maxd, d)
		case c == '}' || c == ']':
			d--
		}
	}
	return maxd
}

func eval(e ast.Expr, root map[string]any) bool {
	switch e := e.(type) {
	case *ast.Paren:
		return eval(e.X, root)
	case *ast.And:
		for _, o := range e.Operands {
			if !eval(o, root) {
				return false
			}
		}
		return true
	case *ast.Or:
		for _, o := range e.Operands {
			if eval(o, root) {
				return true
			}
		}
		return false
	case *ast.Condition:
		return condition(e, root)
	}
	panic("reference: unexpected expression")
}

// missing marks an unresolved selector (distinct from JSON null, which is nil).
type missingT struct{}

var missing any = missingT{}

// step applies one non-wildcard segment (§3.2 resolution table).
func step(v any, s ast.Segment) any {
	switch s.Kind {
	case ast.Key:
		if m, ok := v.(map[string]any); ok {
			if x, ok := m[s.Key]; ok {
				return x
			}
		}
	case ast.Index:
		if a, ok := v.([]any); ok && s.Index < len(a) {
			return a[s.Index]
		}
	}
	return missing
}

// Resolve returns the node a selector without wildcards addresses, or ok = false.
func Resolve(root map[string]any, segs []ast.Segment) (any, bool) {
	var v any = root
	for _, s := range segs {
		if v = step(v, s); v == missing {
			return nil, false
		}
	}
	return v, true
}

func condition(c *ast.Condition, root map[string]any) bool {
	segs := c.Selector.Segments
	w := -1
	for i, s := range segs {
		if s.Kind == ast.Wildcard {
			w = i
		}
	}
	if w < 0 {
		v, ok := Resolve(root, segs)
		if !ok {
			v = missing
		}
		return single(c, v)
	}
	// §3.6: NODES = suffix resolved from every child of the parent node.
	parent, pe := Resolve(root, segs[:w])
	var nodes []any
	if pe {
		var kids []any
		switch p := parent.(type) {
		case map[string]any:
			for _, x := range p {
				kids = append(kids, x)
			}
		case []any:
			kids = p
		}
		for _, k := range kids {
			v := k
			for _, s := range segs[w+1:] {
				if v = step(v, s); v == missing {
					break
				}
			}
			if v != missing {
				nodes = append(nodes, v)
			}
		}
	}
	switch c.Op {
	case ast.Ne:
		for _, n := range nodes {
			if eq, ok := equal(c.Value, n); ok && eq {
				return false
			}
		}
		return pe
	case ast.NotExists:
		return len(nodes) == 0
	case ast.IsNull:
		for _, n := range nodes {
			if n == nil {
				return true
			}
		}
		return false
	}
	for _, n := range nodes {
		if single(c, n) {
			return true
		}
	}
	return false
}

// single is the §3.5 operator table on one node v (or missing).
func single(c *ast.Condition, v any) bool {
	switch c.Op {
	case ast.Eq:
		eq, ok := equal(c.Value, v)
		return ok && eq
	case ast.Ne:
		eq, ok := equal(c.Value, v)
		return ok && !eq
	case ast.Lt, ast.Le, ast.Gt, ast.Ge:
		n, ok := v.(json.Number)
		if !ok || isInf(n) {
			return false
		}
		r := compareDec(dec(n), c.Value.Text)
		switch c.Op {
		case ast.Lt:
			return r < 0
		case ast.Le:
			return r <= 0
		case ast.Gt:
			return r > 0
		}
		return r >= 0
	case ast.IsNull:
		if v == nil {
			return true
		}
		if a, ok := v.([]any); ok {
			for _, x := range a {
				if x == nil {
					return true
				}
			}
		}
		return false
	case ast.IsTrue:
		return v == true
	case ast.IsFalse:
		return v == false
	case ast.NotExists:
		return v == missing
	}
	panic("reference: unexpected operator")
}

// equal is eq(L, v) of §3.5; ok = false is ⊥.
func equal(l *ast.Value, v any) (eq, ok bool) {
	switch v := v.(type) {
	case string:
		switch l.Kind {
		case ast.Number:
			return v == l.Text, true
		case ast.Glob:
			return glob.Reference(l.Text, v), true
		case ast.Any:
			return true, true
		}
		return regexp.MustCompile(l.Text).MatchString(v), true
	case json.Number:
		switch l.Kind {
		case ast.Number:
			if isInf(v) {
				return false, false
			}
			return compareDec(dec(v), l.Text) == 0, true
		case ast.Glob:
			return glob.Reference(l.Text, Text(v)), true
		case ast.Any:
			return true, true
		}
		return regexp.MustCompile(l.Text).MatchString(Text(v)), true
	}
	return false, false
}

func isInteger(n json.Number) bool { return !strings.ContainsAny(string(n), ".eE") }

// isInf: a non-integer token that overflows float64 (EV4).
func isInf(n json.Number) bool {
	if isInteger(n) {
		return false
	}
	f, _ := strconv.ParseFloat(string(n), 64)
	return math.IsInf(f, 0)
}

// dec is the exact decimal of a finite number token (EV3, EV5) as text.
func dec(n json.Number) string {
	if isInteger(n) {
		return string(n)
	}
	f, _ := strconv.ParseFloat(string(n), 64)
	return strconv.FormatFloat(f, 'e', -1, 64)
}

// Text is T(v) of a number token (EV6).
func Text(n json.Number) string {
	if isInteger(n) {
		i, _ := new(big.Int).SetString(string(n), 10)
		return i.String()
	}
	f, _ := strconv.ParseFloat(string(n), 64)
	return numfmt.JavaDouble(f)
}

// compareDec compares two decimal texts exactly: with math/big when the exponents are
// small enough to materialise, else with package decimal.
func compareDec(a, b string) int {
	if smallExp(a) && smallExp(b) {
		x, ok1 := new(big.Rat).SetString(a)
		y, ok2 := new(big.Rat).SetString(b)
		if ok1 && ok2 {
			return x.Cmp(y)
		}
	}
	va, _ := decimal.Parse(a, decimal.Literal)
	vb, _ := decimal.Parse(b, decimal.Literal)
	return decimal.Compare([]byte(a), va, []byte(b), vb)
}

func smallExp(s string) bool {
	i := strings.IndexAny(s, "eE")
	if i < 0 {
		return len(s) < 2000
	}
	e, err := strconv.Atoi(s[i+1:])
	return err == nil && e > -2000 && e < 2000
}
