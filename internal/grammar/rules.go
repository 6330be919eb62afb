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

// JSON expressions (§3.1): || over && over primaries.
type gOr struct {
	Tokens   []lexer.Token
	Operands []*gAnd `parser:"@@ ( Or @@ )*"`
}

type gAnd struct {
	Tokens   []lexer.Token
	Operands []*gPrimary `parser:"@@ ( And @@ )*"`
}

type gPrimary struct {
	Tokens []lexer.Token
	Paren  *gOr   `parser:"  LParen @@ RParen"`
	Cond   *gCond `parser:"| @@"`
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
	Ellipsis bool   `parser:"( @Ellipsis"`
	Expr     *gFOr  `parser:"| @@"`
	Name     string `parser:"| @Name )?"`
}

type gFOr struct {
	Tokens   []lexer.Token
	Operands []*gFAnd `parser:"@@ ( Or @@ )*"`
}

type gFAnd struct {
	Tokens   []lexer.Token
	Operands []*gFPrim `parser:"@@ ( And @@ )*"`
}

type gFPrim struct {
	Tokens []lexer.Token
	Paren  *gFOr   `parser:"  LParen @@ RParen"`
	Cond   *gFCond `parser:"| @@"`
}

type gFCond struct {
	Tokens []lexer.Token
	Name   string  `parser:"@Name"`
	Op     string  `parser:"@CmpOp"`
	Value  *gValue `parser:"@@"`
}

var ops = map[string]ast.Op{"=": ast.Eq, "!=": ast.Ne, "<": ast.Lt, "<=": ast.Le, ">": ast.Gt, ">=": ast.Ge}

// Lowering: grammar structs → AST. One-operand && / || collapse to their operand.

func lowerOr(g *gOr, t *tokens) ast.Expr {
	if len(g.Operands) == 1 {
		return lowerAnd(g.Operands[0], t)
	}
	out := &ast.Or{Pos: span(g.Tokens)}
	for _, a := range g.Operands {
		out.Operands = append(out.Operands, lowerAnd(a, t))
	}
	return out
}

func lowerAnd(g *gAnd, t *tokens) ast.Expr {
	if len(g.Operands) == 1 {
		return lowerPrimary(g.Operands[0], t)
	}
	out := &ast.And{Pos: span(g.Tokens)}
	for _, p := range g.Operands {
		out.Operands = append(out.Operands, lowerPrimary(p, t))
	}
	return out
}

func lowerPrimary(g *gPrimary, t *tokens) ast.Expr {
	if g.Paren != nil {
		return &ast.Paren{Pos: span(g.Tokens), X: lowerOr(g.Paren, t)}
	}
	c := g.Cond
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

func lowerField(g *gField, t *tokens) *ast.Field {
	f := &ast.Field{Pos: span(g.Tokens), Ellipsis: g.Ellipsis, Name: g.Name}
	if g.Expr != nil {
		f.Expr = lowerFOr(g.Expr, t)
		f.Name = firstName(g.Expr)
	}
	return f
}

func firstName(g *gFOr) string {
	p := g.Operands[0].Operands[0]
	for p.Paren != nil {
		p = p.Paren.Operands[0].Operands[0]
	}
	return p.Cond.Name
}

func lowerFOr(g *gFOr, t *tokens) ast.Expr {
	if len(g.Operands) == 1 {
		return lowerFAnd(g.Operands[0], t)
	}
	out := &ast.Or{Pos: span(g.Tokens)}
	for _, a := range g.Operands {
		out.Operands = append(out.Operands, lowerFAnd(a, t))
	}
	return out
}

func lowerFAnd(g *gFAnd, t *tokens) ast.Expr {
	if len(g.Operands) == 1 {
		return lowerFPrim(g.Operands[0], t)
	}
	out := &ast.And{Pos: span(g.Tokens)}
	for _, p := range g.Operands {
		out.Operands = append(out.Operands, lowerFPrim(p, t))
	}
	return out
}

func lowerFPrim(g *gFPrim, t *tokens) ast.Expr {
	if g.Paren != nil {
		return &ast.Paren{Pos: span(g.Tokens), X: lowerFOr(g.Paren, t)}
	}
	c := g.Cond
	return &ast.FieldCondition{Pos: span(c.Tokens), Name: c.Name, Op: ops[c.Op], Value: t.values[c.Value.Tokens[0].Pos.Offset]}
}
