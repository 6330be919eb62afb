package ast_test

import (
	goast "go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/cwfilter/cwfilter/filterpattern"
	"github.com/cwfilter/cwfilter/filterpattern/ast"
)

// spanRows: for every node kind, patterns and the exact Span of one node of that kind (the
// nth of its kind in a depth-first, left-to-right walk). Offsets are bytes of the pattern as
// passed (§0.2), so leading blanks and multi-byte characters shift them. text repeats
// pattern[Start:End] for the reader; the test checks both.
type spanRow struct {
	kind    string // the node's type name in package ast
	pattern string
	nth     int
	want    ast.Span
	text    string
}

var spanRows = []spanRow{
	{"MatchAll", ``, 0, ast.Span{Start: 0, End: 0}, ``},
	// A blank pattern: the empty span after the blanks, where the trimmed pattern would be.
	{"MatchAll", "  \t", 0, ast.Span{Start: 3, End: 3}, ``},

	{"Terms", `  ERROR -"disk full" ?warn `, 0, ast.Span{Start: 2, End: 26}, `ERROR -"disk full" ?warn`},
	{"Term", `  ERROR -"disk full" ?warn `, 0, ast.Span{Start: 2, End: 7}, `ERROR`},
	{"Term", `  ERROR -"disk full" ?warn `, 1, ast.Span{Start: 8, End: 20}, `-"disk full"`},
	{"Term", `  ERROR -"disk full" ?warn `, 2, ast.Span{Start: 21, End: 26}, `?warn`},
	{"Term", `été ERROR`, 1, ast.Span{Start: 6, End: 11}, `ERROR`},

	{"Regex", ` %ab+c% `, 0, ast.Span{Start: 1, End: 7}, `%ab+c%`},

	{"JSON", ` { ($.a = 1 && $.b.c[0] != "x*") || $.d IS NULL } `, 0, ast.Span{Start: 1, End: 49}, `{ ($.a = 1 && $.b.c[0] != "x*") || $.d IS NULL }`},
	{"Or", ` { ($.a = 1 && $.b.c[0] != "x*") || $.d IS NULL } `, 0, ast.Span{Start: 3, End: 47}, `($.a = 1 && $.b.c[0] != "x*") || $.d IS NULL`},
	{"Paren", ` { ($.a = 1 && $.b.c[0] != "x*") || $.d IS NULL } `, 0, ast.Span{Start: 3, End: 32}, `($.a = 1 && $.b.c[0] != "x*")`},
	{"And", ` { ($.a = 1 && $.b.c[0] != "x*") || $.d IS NULL } `, 0, ast.Span{Start: 4, End: 31}, `$.a = 1 && $.b.c[0] != "x*"`},
	{"Condition", ` { ($.a = 1 && $.b.c[0] != "x*") || $.d IS NULL } `, 1, ast.Span{Start: 15, End: 31}, `$.b.c[0] != "x*"`},
	{"Condition", ` { ($.a = 1 && $.b.c[0] != "x*") || $.d IS NULL } `, 2, ast.Span{Start: 36, End: 47}, `$.d IS NULL`},
	{"Selector", ` { ($.a = 1 && $.b.c[0] != "x*") || $.d IS NULL } `, 1, ast.Span{Start: 15, End: 23}, `$.b.c[0]`},
	{"Selector", `{ $.['a-b'][*] IS TRUE }`, 0, ast.Span{Start: 2, End: 14}, `$.['a-b'][*]`},
	{"Value", ` { ($.a = 1 && $.b.c[0] != "x*") || $.d IS NULL } `, 0, ast.Span{Start: 10, End: 11}, `1`},
	{"Value", ` { ($.a = 1 && $.b.c[0] != "x*") || $.d IS NULL } `, 1, ast.Span{Start: 27, End: 31}, `"x*"`},
	{"Value", `{ $.a = %[0-9]+% }`, 0, ast.Span{Start: 8, End: 16}, `%[0-9]+%`},

	{"Delimited", `[ip, user, ..., status = 4* || status = %5..%, size > 10]`, 0, ast.Span{Start: 0, End: 57}, `[ip, user, ..., status = 4* || status = %5..%, size > 10]`},
	{"Field", `[ip, user, ..., status = 4* || status = %5..%, size > 10]`, 0, ast.Span{Start: 1, End: 3}, `ip`},
	{"Field", `[ip, user, ..., status = 4* || status = %5..%, size > 10]`, 2, ast.Span{Start: 11, End: 14}, `...`},
	{"Field", `[ip, user, ..., status = 4* || status = %5..%, size > 10]`, 3, ast.Span{Start: 16, End: 45}, `status = 4* || status = %5..%`},
	// An unnamed field: the empty span at the ',' or ']' that ends it.
	{"Field", `[a,,b]`, 1, ast.Span{Start: 3, End: 3}, ``},
	{"Field", `[,a]`, 0, ast.Span{Start: 1, End: 1}, ``},
	{"Field", `[a, ,  ]`, 2, ast.Span{Start: 7, End: 7}, ``},
	{"Field", `[a, , ]`, 1, ast.Span{Start: 4, End: 4}, ``},
	{"Field", ` [,]`, 1, ast.Span{Start: 3, End: 3}, ``},
	{"FieldCondition", `[ip, user, ..., status = 4* || status = %5..%, size > 10]`, 1, ast.Span{Start: 31, End: 45}, `status = %5..%`},
	{"FieldCondition", `[a=1, b]`, 0, ast.Span{Start: 1, End: 4}, `a=1`},
	{"Value", `[ip, user, ..., status = 4* || status = %5..%, size > 10]`, 2, ast.Span{Start: 54, End: 56}, `10`},
}

// nodes returns n and its descendants in depth-first, left-to-right order.
func nodes(n ast.Node) []ast.Node {
	if n == nil || reflect.ValueOf(n).IsNil() {
		return nil
	}
	out := []ast.Node{n}
	var kids []ast.Node
	switch n := n.(type) {
	case *ast.MatchAll, *ast.Term, *ast.Regex, *ast.Selector, *ast.Value:
	case *ast.Terms:
		for _, t := range n.Terms {
			kids = append(kids, t)
		}
	case *ast.JSON:
		kids = append(kids, n.Expr)
	case *ast.Delimited:
		for _, f := range n.Fields {
			kids = append(kids, f)
		}
	case *ast.Field:
		kids = append(kids, n.Expr)
	case *ast.And:
		kids = appendExprs(kids, n.Operands)
	case *ast.Or:
		kids = appendExprs(kids, n.Operands)
	case *ast.Paren:
		kids = append(kids, n.X)
	case *ast.Condition:
		kids = append(kids, n.Selector, n.Value)
	case *ast.FieldCondition:
		kids = append(kids, n.Value)
	default:
		panic("nodes: no case for " + reflect.TypeOf(n).String())
	}
	for _, k := range kids {
		out = append(out, nodes(k)...)
	}
	return out
}

func appendExprs(dst []ast.Node, xs []ast.Expr) []ast.Node {
	for _, x := range xs {
		dst = append(dst, x)
	}
	return dst
}

func kindOf(n ast.Node) string { return reflect.TypeOf(n).Elem().Name() }

func TestSpans(t *testing.T) {
	for _, r := range spanRows {
		tree, err := filterpattern.Parse(r.pattern)
		if err != nil {
			t.Errorf("Parse(%q): %v", r.pattern, err)
			continue
		}
		var ofKind []ast.Node
		for _, n := range nodes(tree) {
			if kindOf(n) == r.kind {
				ofKind = append(ofKind, n)
			}
		}
		if r.nth >= len(ofKind) {
			t.Errorf("%q: %d %s nodes, want one more than %d", r.pattern, len(ofKind), r.kind, r.nth)
			continue
		}
		got := ofKind[r.nth].Span()
		if got != r.want {
			t.Errorf("%q: %s #%d spans %+v (%q), want %+v", r.pattern, r.kind, r.nth, got, r.pattern[got.Start:got.End], r.want)
			continue
		}
		if text := r.pattern[got.Start:got.End]; text != r.text {
			t.Errorf("test bug: %q: span %+v covers %q, row says %q", r.pattern, got, text, r.text)
		}
	}
}

// Spans nest: every node lies inside its pattern and inside its parent, and siblings do not
// overlap. Checked on the rows' patterns and a few more.
func TestSpansNest(t *testing.T) {
	patterns := []string{`{ $.a[0].b = "x" && ($.c NOT EXISTS || $.d > -1.5e3) }`, `[a, b = "q" || b != 5 && b < 3, ...]`, `?"a b" ?c`}
	for _, r := range spanRows {
		patterns = append(patterns, r.pattern)
	}
	for _, p := range patterns {
		tree, err := filterpattern.Parse(p)
		if err != nil {
			t.Fatalf("Parse(%q): %v", p, err)
		}
		checkNest(t, p, tree, ast.Span{Start: 0, End: len(p)})
	}
}

func checkNest(t *testing.T, p string, n ast.Node, outer ast.Span) {
	s := n.Span()
	if s.Start < outer.Start || s.End > outer.End || s.Start > s.End {
		t.Errorf("%q: %T spans %+v, outside %+v", p, n, s, outer)
	}
	prevEnd := s.Start
	for _, k := range nodes(n)[1:] {
		if !isChild(n, k) {
			continue
		}
		ks := k.Span()
		if ks.Start < prevEnd {
			t.Errorf("%q: %T at %+v overlaps the sibling before it (ends at %d)", p, k, ks, prevEnd)
		}
		prevEnd = ks.End
		checkNest(t, p, k, s)
	}
}

// isChild reports whether k is a direct child of n.
func isChild(n, k ast.Node) bool {
	all := nodes(n)
	for _, c := range all[1:] {
		if c == k {
			// k is a descendant; it is a child when no other descendant of n contains it.
			for _, d := range all[1:] {
				if d != k && slices.Contains(nodes(d)[1:], k) {
					return false
				}
			}
			return true
		}
	}
	return false
}

// Every node kind of package ast (every type with a node method in ast.go) has a row.
func TestSpanRowsCoverEveryKind(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "ast.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, d := range f.Decls {
		fn, ok := d.(*goast.FuncDecl)
		if !ok || fn.Name.Name != "node" || fn.Recv == nil {
			continue
		}
		if star, ok := fn.Recv.List[0].Type.(*goast.StarExpr); ok {
			kinds = append(kinds, star.X.(*goast.Ident).Name)
		}
	}
	if len(kinds) == 0 {
		t.Fatal("found no node kinds in ast.go")
	}
	for _, k := range kinds {
		if !slices.ContainsFunc(spanRows, func(r spanRow) bool { return r.kind == k }) {
			t.Errorf("node kind %s has no row in spanRows", k)
		}
	}
	t.Logf("%d node kinds: %s", len(kinds), strings.Join(kinds, ", "))
}
