// Package ast is the syntax tree of a CloudWatch Logs filter pattern.
//
// The tree is sealed: every node type is defined here and nothing outside can
// implement Node. Every node carries the byte Span of the pattern text it was
// parsed from. String prints canonical text that parses back to an equal tree
// (spans aside).
package ast

import (
	"strconv"
	"strings"
)

// Span is a half-open byte range [Start, End) in the pattern as passed by the caller.
type Span struct{ Start, End int }

// Node is any node of the tree.
type Node interface {
	Span() Span
	String() string
	node()
}

// Pattern is the root of a parsed filter pattern: one of *MatchAll, *Terms,
// *Regex, *JSON, *Delimited.
type Pattern interface {
	Node
	pattern()
}

// Expr is a boolean expression inside a JSON pattern or a space-delimited
// field: *And, *Or, *Paren, *Condition (JSON) or *FieldCondition (space-delimited).
type Expr interface {
	Node
	expr()
}

// MatchAll is the empty or blank pattern: it matches every event.
type MatchAll struct{ Pos Span }

// TermOp says how a term takes part in an unstructured match.
type TermOp uint8

const (
	Include  TermOp = iota // plain term: must occur
	Exclude                // -term: must not occur
	Optional               // ?term: any of them must occur, unless a plain or - term exists
)

// Terms is an unstructured pattern: a list of terms matched as substrings.
type Terms struct {
	Pos   Span
	Terms []*Term
}

// Term is one word or quoted phrase. Text is the decoded text searched for.
type Term struct {
	Pos    Span
	Op     TermOp
	Text   string
	Quoted bool
}

// Regex is a standalone %regex% pattern.
type Regex struct {
	Pos  Span
	Body string
}

// JSON is a { … } pattern.
type JSON struct {
	Pos  Span
	Expr Expr
}

// Delimited is a space-delimited [ … ] pattern.
type Delimited struct {
	Pos    Span
	Fields []*Field
}

// Field is one slot of a space-delimited pattern. Exactly one of these holds:
// Ellipsis; Name != "" (with an optional condition Expr on that name);
// Name == "" and not Ellipsis (an unnamed field).
type Field struct {
	Pos      Span
	Ellipsis bool
	Name     string
	Expr     Expr
}

// And is a conjunction of two or more operands (&&).
type And struct {
	Pos      Span
	Operands []Expr
}

// Or is a disjunction of two or more operands (||).
type Or struct {
	Pos      Span
	Operands []Expr
}

// Paren is a parenthesised expression; kept so printing reproduces the grouping.
type Paren struct {
	Pos Span
	X   Expr
}

// Op is a comparison or test of a condition.
type Op uint8

const (
	Eq        Op = iota // =
	Ne                  // !=
	Lt                  // <
	Le                  // <=
	Gt                  // >
	Ge                  // >=
	IsNull              // IS NULL
	IsTrue              // IS TRUE
	IsFalse             // IS FALSE
	NotExists           // NOT EXISTS
)

var opText = [...]string{"=", "!=", "<", "<=", ">", ">=", "IS NULL", "IS TRUE", "IS FALSE", "NOT EXISTS"}

func (o Op) String() string {
	if int(o) < len(opText) {
		return opText[o]
	}
	return "Op(" + strconv.Itoa(int(o)) + ")"
}

// HasValue reports whether the operator takes a literal operand.
func (o Op) HasValue() bool { return o <= Ge }

// Holds reports whether a comparison result cmp (negative, zero or positive, as from
// strings.Compare) satisfies one of = != < <= > >=.
func (o Op) Holds(cmp int) bool {
	switch o {
	case Eq:
		return cmp == 0
	case Ne:
		return cmp != 0
	case Lt:
		return cmp < 0
	case Le:
		return cmp <= 0
	case Gt:
		return cmp > 0
	case Ge:
		return cmp >= 0
	}
	return false
}

// Ordering reports whether the operator is one of < <= > >=.
func (o Op) Ordering() bool { return o >= Lt && o <= Ge }

// Condition is a JSON condition: a selector, an operator and (for = != < <= > >=) a value.
type Condition struct {
	Pos      Span
	Selector *Selector
	Op       Op
	Value    *Value // nil for IS … and NOT EXISTS
}

// FieldCondition is a condition on a space-delimited field.
type FieldCondition struct {
	Pos   Span
	Name  string
	Op    Op
	Value *Value
}

// SegmentKind is the kind of one selector step.
type SegmentKind uint8

const (
	Key      SegmentKind = iota // .name or .['key']
	Index                       // [i]
	Wildcard                    // .* or [*]
)

// Segment is one step of a JSON selector.
type Segment struct {
	Kind    SegmentKind
	Key     string // Key: the member name
	Index   int    // Index: the element number
	Bracket bool   // spelled with brackets: .['key'] or [*] (for Key and Wildcard)
}

// Selector is a JSON path: $ followed by segments.
type Selector struct {
	Pos      Span
	Segments []Segment
}

// HasWildcard reports whether any segment is a wildcard.
func (s *Selector) HasWildcard() bool {
	for _, seg := range s.Segments {
		if seg.Kind == Wildcard {
			return true
		}
	}
	return false
}

// ValueKind classifies a literal (§3.3).
type ValueKind uint8

const (
	Number     ValueKind = iota // N: a bare NUMBER; Text is its spelling
	Glob                        // G: a string, * at either end is a wildcard; Text is decoded
	Any                         // ANY: bare or quoted *
	RegexValue                  // R: %body%; Text is the body
)

// Value is the literal operand of a condition.
type Value struct {
	Pos    Span
	Kind   ValueKind
	Text   string
	Quoted bool // written in double quotes (Glob and Any only)
}

func (n *MatchAll) Span() Span       { return n.Pos }
func (n *Terms) Span() Span          { return n.Pos }
func (n *Term) Span() Span           { return n.Pos }
func (n *Regex) Span() Span          { return n.Pos }
func (n *JSON) Span() Span           { return n.Pos }
func (n *Delimited) Span() Span      { return n.Pos }
func (n *Field) Span() Span          { return n.Pos }
func (n *And) Span() Span            { return n.Pos }
func (n *Or) Span() Span             { return n.Pos }
func (n *Paren) Span() Span          { return n.Pos }
func (n *Condition) Span() Span      { return n.Pos }
func (n *FieldCondition) Span() Span { return n.Pos }
func (n *Selector) Span() Span       { return n.Pos }
func (n *Value) Span() Span          { return n.Pos }

func (*MatchAll) node()       {}
func (*Terms) node()          {}
func (*Term) node()           {}
func (*Regex) node()          {}
func (*JSON) node()           {}
func (*Delimited) node()      {}
func (*Field) node()          {}
func (*And) node()            {}
func (*Or) node()             {}
func (*Paren) node()          {}
func (*Condition) node()      {}
func (*FieldCondition) node() {}
func (*Selector) node()       {}
func (*Value) node()          {}

func (*MatchAll) pattern()  {}
func (*Terms) pattern()     {}
func (*Regex) pattern()     {}
func (*JSON) pattern()      {}
func (*Delimited) pattern() {}

func (*And) expr()            {}
func (*Or) expr()             {}
func (*Paren) expr()          {}
func (*Condition) expr()      {}
func (*FieldCondition) expr() {}

// String prints nothing: the empty pattern matches everything.
func (n *MatchAll) String() string { return "" }

func (n *Terms) String() string {
	parts := make([]string, len(n.Terms))
	for i, t := range n.Terms {
		parts[i] = t.String()
	}
	return strings.Join(parts, " ")
}

func (n *Term) String() string {
	var b strings.Builder
	switch n.Op {
	case Exclude:
		b.WriteByte('-')
	case Optional:
		b.WriteByte('?')
	}
	if n.Quoted {
		writeQuoted(&b, n.Text)
	} else {
		b.WriteString(n.Text)
	}
	return b.String()
}

func (n *Regex) String() string { return "%" + n.Body + "%" }

func (n *JSON) String() string { return "{ " + n.Expr.String() + " }" }

func (n *Delimited) String() string {
	parts := make([]string, len(n.Fields))
	for i, f := range n.Fields {
		parts[i] = f.String()
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func (n *Field) String() string {
	switch {
	case n.Ellipsis:
		return "..."
	case n.Expr != nil:
		return n.Expr.String()
	default:
		return n.Name
	}
}

func (n *And) String() string { return join(n.Operands, " && ") }
func (n *Or) String() string  { return join(n.Operands, " || ") }
func (n *Paren) String() string {
	return "(" + n.X.String() + ")"
}

func (n *Condition) String() string {
	if n.Op.HasValue() {
		return n.Selector.String() + " " + n.Op.String() + " " + n.Value.String()
	}
	return n.Selector.String() + " " + n.Op.String()
}

func (n *FieldCondition) String() string {
	return n.Name + " " + n.Op.String() + " " + n.Value.String()
}

func (n *Selector) String() string {
	var b strings.Builder
	b.WriteByte('$')
	for _, s := range n.Segments {
		switch {
		case s.Kind == Index:
			b.WriteString("[" + strconv.Itoa(s.Index) + "]")
		case s.Kind == Wildcard && s.Bracket:
			b.WriteString("[*]")
		case s.Kind == Wildcard:
			b.WriteString(".*")
		case s.Bracket:
			b.WriteString(".['" + s.Key + "']")
		default:
			b.WriteString("." + s.Key)
		}
	}
	return b.String()
}

func (n *Value) String() string {
	switch {
	case n.Kind == RegexValue:
		return "%" + n.Text + "%"
	case n.Quoted:
		var b strings.Builder
		writeQuoted(&b, n.Text)
		return b.String()
	default:
		return n.Text
	}
}

// writeQuoted writes s in double quotes, escaping " and \ so the text decodes back to s.
func writeQuoted(b *strings.Builder, s string) {
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' || s[i] == '\\' {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	b.WriteByte('"')
}

func join(xs []Expr, sep string) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = x.String()
	}
	return strings.Join(parts, sep)
}
