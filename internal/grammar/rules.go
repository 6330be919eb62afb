package grammar

import (
	"github.com/alecthomas/participle/v2/lexer"

	"github.com/cwfilter/cwfilter/filterpattern/ast"
)

// Participle grammars over the token stream. Token types are named in symbols (lex.go).

// Unstructured terms (§2.1).
type gTerms struct {
	Terms []*gTerm `parser:"@@*"`
}

type gTerm struct {
	Tokens []lexer.Token
	Prefix string `parser:"@(Minus | Question)?"`
	Word   string `parser:"( @Word"`
	Phrase string `parser:"| @Phrase )"`
}

// Boolean expressions, JSON (§3.1) and within a space-delimited field (§4.1) alike: || over
// && over primaries, a primary being a parenthesised expression or a condition C.
type gOr[C any] struct {
	Tokens   []lexer.Token
	Operands []*gAnd[C] `parser:"@@ ( Or @@ )*"`
}

type gAnd[C any] struct {
	Tokens   []lexer.Token
	Operands []*gPrimary[C] `parser:"@@ ( And @@ )*"`
}

type gPrimary[C any] struct {
	Tokens []lexer.Token
	Paren  *gOr[C] `parser:"  LParen @@ RParen"`
	Cond   *C      `parser:"| @@"`
}

type gCond struct {
	Tokens    []lexer.Token
	Selector  string  `parser:"@Selector"`
	Op        string  `parser:"( @CmpOp"`
	Value     *gValue `parser:"  @@"`
	Is        string  `parser:"| \"IS\" @( \"NULL\" | \"TRUE\" | \"FALSE\" )"`
	NotExists bool    `parser:"| @\"NOT\" \"EXISTS\" )"`
}

type gValue struct {
	Tokens []lexer.Token
	Text   string `parser:"@Value"`
}

// Space-delimited fields (§4.1).
type gDelimited struct {
	Fields []*gField `parser:"@@ ( Comma @@ )*"`
}

type gField struct {
	Tokens   []lexer.Token
	Ellipsis bool         `parser:"( @Ellipsis"`
	Expr     *gOr[gFCond] `parser:"| @@"`
	Name     string       `parser:"| @Name )?"`
}

type gFCond struct {
	Tokens []lexer.Token
	Name   string  `parser:"@Name"`
	Op     string  `parser:"@CmpOp"`
	Value  *gValue `parser:"@@"`
}

var ops = map[string]ast.Op{"=": ast.Eq, "!=": ast.Ne, "<": ast.Lt, "<=": ast.Le, ">": ast.Gt, ">=": ast.Ge}

// Lowering: grammar structs → AST. One-operand && / || collapse to their operand.

func lowerOr[C any](g *gOr[C], cond func(*C) ast.Expr) ast.Expr {
	if len(g.Operands) == 1 {
		return lowerAnd(g.Operands[0], cond)
	}
	out := &ast.Or{Pos: span(g.Tokens)}
	for _, a := range g.Operands {
		out.Operands = append(out.Operands, lowerAnd(a, cond))
	}
	return out
}

func lowerAnd[C any](g *gAnd[C], cond func(*C) ast.Expr) ast.Expr {
	if len(g.Operands) == 1 {
		return lowerPrimary(g.Operands[0], cond)
	}
	out := &ast.And{Pos: span(g.Tokens)}
	for _, p := range g.Operands {
		out.Operands = append(out.Operands, lowerPrimary(p, cond))
	}
	return out
}

func lowerPrimary[C any](g *gPrimary[C], cond func(*C) ast.Expr) ast.Expr {
	if g.Paren != nil {
		return &ast.Paren{Pos: span(g.Tokens), X: lowerOr(g.Paren, cond)}
	}
	return cond(g.Cond)
}

// lowerCondition lowers a JSON condition (§3.1).
func (t *tokens) lowerCondition(c *gCond) ast.Expr {
	out := &ast.Condition{Pos: span(c.Tokens), Selector: t.selectors[c.Tokens[0].Pos.Offset]}
	switch {
	case c.Value != nil:
		out.Op = ops[c.Op]
		out.Value = t.values[c.Value.Tokens[0].Pos.Offset]
	case c.Is == "NULL":
		out.Op = ast.IsNull
	case c.Is == "TRUE":
		out.Op = ast.IsTrue
	case c.Is == "FALSE":
		out.Op = ast.IsFalse
	default:
		out.Op = ast.NotExists
	}
	return out
}

// lowerFieldCondition lowers a condition on a space-delimited field (§4.1).
func (t *tokens) lowerFieldCondition(c *gFCond) ast.Expr {
	return &ast.FieldCondition{Pos: span(c.Tokens), Name: c.Name, Op: ops[c.Op], Value: t.values[c.Value.Tokens[0].Pos.Offset]}
}

func lowerField(g *gField, t *tokens) *ast.Field {
	f := &ast.Field{Pos: span(g.Tokens), Ellipsis: g.Ellipsis, Name: g.Name}
	if g.Expr != nil {
		f.Expr = lowerOr(g.Expr, t.lowerFieldCondition)
		f.Name = firstName(g.Expr)
	}
	return f
}

func firstName(g *gOr[gFCond]) string {
	p := g.Operands[0].Operands[0]
	for p.Paren != nil {
		p = p.Paren.Operands[0].Operands[0]
	}
	return p.Cond.Name
}
