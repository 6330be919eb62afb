package delimited

import (
	"fmt"
	"regexp"

	"github.com/cwfilter/cwfilter/filterpattern/ast"
	"github.com/cwfilter/cwfilter/internal/decimal"
	"github.com/cwfilter/cwfilter/internal/glob"
)

// cond is a compiled field condition (§4.4). Each literal kind and operator gets its own
// node, chosen once at compile time, so a match never re-decides what a literal is.
type cond interface {
	match(f []byte) bool
}

type (
	// globCond: = / != with a G literal.
	globCond struct {
		g   glob.Glob
		neg bool
	}
	// numEqCond: = / != with an N literal: numeric equality when the field is a number,
	// else textual equality with the literal's spelling.
	numEqCond struct {
		n   decimal.Number
		neg bool
	}
	// numOrderCond: < <= > >= with an N literal; a non-numeric field never satisfies it.
	numOrderCond struct {
		n  decimal.Number
		op ast.Op
	}
	// constCond: =* is always true, !=* always false (D-21).
	constCond bool
	// regexCond: = / != with an R literal, an unanchored search.
	regexCond struct {
		re  *regexp.Regexp
		neg bool
	}
	andCond []cond
	orCond  []cond
)

func (c *globCond) match(f []byte) bool { return c.g.Match(f) != c.neg }

func (c *numEqCond) match(f []byte) bool {
	if v, ok := decimal.Parse(f, decimal.Loose); ok {
		return (c.n.Compare(f, v) == 0) != c.neg
	}
	return (string(f) == string(c.n.Text)) != c.neg
}

func (c *numOrderCond) match(f []byte) bool {
	v, ok := decimal.Parse(f, decimal.Loose)
	if !ok {
		return false
	}
	return c.op.Holds(c.n.Compare(f, v))
}

func (c constCond) match([]byte) bool { return bool(c) }

func (c *regexCond) match(f []byte) bool { return c.re.Match(f) != c.neg }

func (c andCond) match(f []byte) bool {
	for _, x := range c {
		if !x.match(f) {
			return false
		}
	}
	return true
}

func (c orCond) match(f []byte) bool {
	for _, x := range c {
		if x.match(f) {
			return true
		}
	}
	return false
}

// compileCond lowers a field's condition tree. The parser has already validated it; the errors
// here only guard against hand-built trees.
func compileCond(e ast.Expr) (cond, error) {
	switch e := e.(type) {
	case nil:
		return nil, nil
	case *ast.Paren:
		return compileCond(e.X)
	case *ast.And:
		return compileList(e.Operands, func(cs []cond) cond { return andCond(cs) })
	case *ast.Or:
		return compileList(e.Operands, func(cs []cond) cond { return orCond(cs) })
	case *ast.FieldCondition:
		return compileLeaf(e)
	}
	return nil, fmt.Errorf("delimited: unexpected condition node %T", e)
}

func compileList(xs []ast.Expr, mk func([]cond) cond) (cond, error) {
	cs := make([]cond, len(xs))
	for i, x := range xs {
		c, err := compileCond(x)
		if err != nil {
			return nil, err
		}
		cs[i] = c
	}
	if len(cs) == 1 {
		return cs[0], nil
	}
	return mk(cs), nil
}

func compileLeaf(fc *ast.FieldCondition) (cond, error) {
	v := fc.Value
	if v == nil {
		return nil, fmt.Errorf("delimited: condition on %q has no value", fc.Name)
	}
	if fc.Op.Ordering() {
		if v.Kind != ast.Number {
			return nil, fmt.Errorf("delimited: %s needs a number, got %s", fc.Op, v)
		}
		n, ok := decimal.ParseNumber(v.Text, decimal.Literal)
		if !ok {
			return nil, fmt.Errorf("delimited: invalid number %q", v.Text)
		}
		return &numOrderCond{n: n, op: fc.Op}, nil
	}
	if fc.Op != ast.Eq && fc.Op != ast.Ne {
		return nil, fmt.Errorf("delimited: operator %s is not allowed in a field", fc.Op)
	}
	neg := fc.Op == ast.Ne
	switch v.Kind {
	case ast.Number:
		n, ok := decimal.ParseNumber(v.Text, decimal.Literal)
		if !ok {
			return nil, fmt.Errorf("delimited: invalid number %q", v.Text)
		}
		return &numEqCond{n: n, neg: neg}, nil
	case ast.Glob:
		return &globCond{g: glob.Compile(v.Text), neg: neg}, nil
	case ast.Any:
		return constCond(!neg), nil
	case ast.RegexValue:
		re, err := regexp.Compile(v.Text)
		if err != nil {
			return nil, fmt.Errorf("delimited: %w", err)
		}
		return &regexCond{re: re, neg: neg}, nil
	}
	return nil, fmt.Errorf("delimited: unknown value kind %d", v.Kind)
}
