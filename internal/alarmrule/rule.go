// Package alarmrule parses the AlarmRule of a composite alarm (§9.8 CA1–CA3) into an
// expression the alarm package evaluates over its children's states.
package alarmrule

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

// The AlarmRule grammar. Precedence is expressed by the rule nesting: OR of ANDs of
// (NOT-prefixed) primaries, so NOT > AND > OR (D-52). Keywords are upper-case only.

var ruleLexer = lexer.MustSimple([]lexer.SimpleRule{
	{Name: "String", Pattern: `"(\\.|[^"\\])*"`},
	{Name: "Punct", Pattern: `[(),]`},
	{Name: "Word", Pattern: `[^\s(),"]+`},
	{Name: "Whitespace", Pattern: `\s+`},
})

type ruleOr struct {
	Terms []*ruleAnd `parser:"@@ ( 'OR' @@ )*"`
}

type ruleAnd struct {
	Factors []*ruleNot `parser:"@@ ( 'AND' @@ )*"`
}

type ruleNot struct {
	Not     *ruleNot     `parser:"'NOT' @@"`
	Primary *rulePrimary `parser:"| @@"`
}

type rulePrimary struct {
	Group   *ruleOr      `parser:"'(' @@ ')'"`
	Const   string       `parser:"| @( 'TRUE' | 'FALSE' )"`
	AtLeast *ruleAtLeast `parser:"| @@"`
	Func    *ruleFunc    `parser:"| @@"`
}

type ruleFunc struct {
	State string `parser:"@( 'ALARM' | 'OK' | 'INSUFFICIENT_DATA' )"`
	Name  string `parser:"'(' @( Word | String ) ')'"`
}

type ruleAtLeast struct {
	Count string   `parser:"'AT_LEAST' '(' @Word ','"`
	Not   bool     `parser:"@'NOT'?"`
	State string   `parser:"@( 'ALARM' | 'OK' | 'INSUFFICIENT_DATA' ) ','"`
	Names []string `parser:"'(' @( Word | String ) ( ',' @( Word | String ) )* ')' ')'"`
}

var ruleParser = participle.MustBuild[ruleOr](
	participle.Lexer(ruleLexer),
	participle.Elide("Whitespace"),
	participle.Unquote("String"),
)

// maxLength and maxChildren are AWS's AlarmRule limits (CA5).
const (
	maxLength   = 10240
	maxChildren = 100
)

// Rule is a parsed AlarmRule.
type Rule struct {
	root     expr
	children []string // distinct alarm names, first-mention order
}

// Parse parses an AlarmRule. Alarm ARNs are reduced to the alarm name.
func Parse(text string) (*Rule, error) {
	if len(text) == 0 || len(text) > maxLength {
		return nil, fmt.Errorf("AlarmRule must be 1 to %d characters long", maxLength)
	}
	ast, err := ruleParser.ParseString("", text)
	if err != nil {
		return nil, fmt.Errorf("invalid AlarmRule: %v", err)
	}
	r := &Rule{}
	seen := map[string]bool{}
	r.root, err = lowerOr(ast, func(name string) string {
		name = alarmNameOf(name)
		if !seen[name] {
			seen[name] = true
			r.children = append(r.children, name)
		}
		return name
	})
	if err != nil {
		return nil, err
	}
	if len(r.children) > maxChildren {
		return nil, fmt.Errorf("an AlarmRule may reference at most %d alarms, got %d", maxChildren, len(r.children))
	}
	return r, nil
}

// Children returns the distinct alarm names the rule references, in first-mention order.
func (r *Rule) Children() []string { return append([]string(nil), r.children...) }

// Eval evaluates the rule with the children's current states ("ALARM", "OK",
// "INSUFFICIENT_DATA").
func (r *Rule) Eval(state func(name string) string) bool { return r.root.eval(state) }

// TriggeredBy reports whether child name in state s makes an atom of the rule hold with the
// polarity the rule needs: the children a composite alarm's reason names (D-53).
func (r *Rule) TriggeredBy(name, s string) bool { return r.root.triggeredBy(name, s, true) }

// alarmNameOf maps "arn:aws:cloudwatch:<region>:<account>:alarm:<name>" to <name>.
func alarmNameOf(s string) string {
	if strings.HasPrefix(s, "arn:") {
		if _, name, ok := strings.Cut(s, ":alarm:"); ok {
			return name
		}
	}
	return s
}

// expr is the lowered, evaluable rule.
type expr interface {
	eval(state func(string) string) bool
	triggeredBy(name string, s string, positive bool) bool
}

type (
	constExpr bool
	stateExpr struct {
		name  string
		state string
	}
	notExpr     struct{ x expr }
	andExpr     []expr
	orExpr      []expr
	atLeastExpr struct {
		need   int
		state  string
		negate bool
		names  []string
	}
)

func (c constExpr) eval(func(string) string) bool    { return bool(c) }
func (s stateExpr) eval(st func(string) string) bool { return st(s.name) == s.state }
func (n notExpr) eval(st func(string) string) bool   { return !n.x.eval(st) }

func (a andExpr) eval(st func(string) string) bool {
	for _, x := range a {
		if !x.eval(st) {
			return false
		}
	}
	return true
}

func (o orExpr) eval(st func(string) string) bool {
	for _, x := range o {
		if x.eval(st) {
			return true
		}
	}
	return false
}

func (a atLeastExpr) eval(st func(string) string) bool {
	n := 0
	for _, name := range a.names {
		if (st(name) == a.state) != a.negate {
			n++
		}
	}
	return n >= a.need
}

func lowerOr(o *ruleOr, name func(string) string) (expr, error) {
	var out orExpr
	for _, t := range o.Terms {
		var and andExpr
		for _, f := range t.Factors {
			x, err := lowerNot(f, name)
			if err != nil {
				return nil, err
			}
			and = append(and, x)
		}
		if len(and) == 1 {
			out = append(out, and[0])
		} else {
			out = append(out, and)
		}
	}
	if len(out) == 1 {
		return out[0], nil
	}
	return out, nil
}

func lowerNot(n *ruleNot, name func(string) string) (expr, error) {
	if n.Not != nil {
		x, err := lowerNot(n.Not, name)
		return notExpr{x}, err
	}
	p := n.Primary
	switch {
	case p.Group != nil:
		return lowerOr(p.Group, name)
	case p.Const != "":
		return constExpr(p.Const == "TRUE"), nil
	case p.Func != nil:
		return stateExpr{name: name(p.Func.Name), state: p.Func.State}, nil
	default:
		return lowerAtLeast(p.AtLeast, name)
	}
}

// lowerAtLeast resolves AT_LEAST(k, …) or AT_LEAST(p%, …) (CA2): 1 ≤ k ≤ the list length;
// 0 < p ≤ 100, needing ⌈p·len/100⌉ alarms.
func lowerAtLeast(a *ruleAtLeast, name func(string) string) (expr, error) {
	x := atLeastExpr{state: a.State, negate: a.Not}
	for _, n := range a.Names {
		x.names = append(x.names, name(n))
	}
	if pct, ok := strings.CutSuffix(a.Count, "%"); ok {
		p, err := strconv.ParseFloat(pct, 64)
		if err != nil || !(p > 0 && p <= 100) || strings.ContainsAny(pct, "eE+-") {
			return nil, fmt.Errorf("AT_LEAST percentage must be in (0%%, 100%%], got %q", a.Count)
		}
		x.need = int(math.Ceil(p * float64(len(x.names)) / 100))
		return x, nil
	}
	k, err := strconv.Atoi(a.Count)
	if err != nil || k < 1 || k > len(x.names) {
		return nil, fmt.Errorf("AT_LEAST count must be between 1 and the number of listed alarms (%d), got %q", len(x.names), a.Count)
	}
	x.need = k
	return x, nil
}

// triggeredBy reports whether child name in state st makes an atom of the rule hold with
// the polarity the rule needs (positive = not under an odd number of NOTs).
func (c constExpr) triggeredBy(string, string, bool) bool { return false }
func (s stateExpr) triggeredBy(name string, st string, positive bool) bool {
	return s.name == name && (s.state == st) == positive
}
func (n notExpr) triggeredBy(name string, st string, positive bool) bool {
	return n.x.triggeredBy(name, st, !positive)
}
func (a andExpr) triggeredBy(name string, st string, positive bool) bool {
	return slices.ContainsFunc(a, func(x expr) bool { return x.triggeredBy(name, st, positive) })
}
func (o orExpr) triggeredBy(name string, st string, positive bool) bool {
	return slices.ContainsFunc(o, func(x expr) bool { return x.triggeredBy(name, st, positive) })
}
func (a atLeastExpr) triggeredBy(name string, st string, positive bool) bool {
	return slices.Contains(a.names, name) && ((st == a.state) != a.negate) == positive
}
