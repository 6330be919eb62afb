package grammar

import (
	"strings"

	"github.com/cwfilter/cwfilter/filterpattern/ast"
)

// placeUnnamedFields gives each unnamed field of a space-delimited pattern (one with no
// tokens, as in "[a,,b]") the empty span at the ',' or closing ']' that ends it; the parser
// leaves it the zero Span. p is the whole pattern, base the offset of the body (just after
// '[') and end the offset of the closing ']'. Between two fields there are only blanks and
// the one comma that ends the first, so the search crosses nothing else.
func placeUnnamedFields(p string, fields []*ast.Field, base, end int) {
	from := base
	for i, f := range fields {
		if f.Name != "" || f.Ellipsis || f.Expr != nil {
			from = f.Pos.End
			continue
		}
		if i > 0 {
			from = nextSeparator(p, from, end) + 1 // past the comma that ends field i-1
		}
		at := nextSeparator(p, from, end)
		f.Pos = ast.Span{Start: at, End: at}
		from = at
	}
}

// nextSeparator is the offset of the first ',' in p[from:end], or end.
func nextSeparator(p string, from, end int) int {
	if i := strings.IndexByte(p[from:end], ','); i >= 0 {
		return from + i
	}
	return end
}
