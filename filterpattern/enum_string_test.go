package filterpattern

import (
	"testing"

	"github.com/cwfilter/cwfilter/filterpattern/ast"
)

// String never panics: values outside an enum print as Type(n).
func TestEnumStringOutOfRange(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{MatchAll.String(), "MatchAll"},
		{SpaceDelimited.String(), "SpaceDelimited"},
		{Kind(42).String(), "Kind(42)"},
		{ValueArray.String(), "array"},
		{ValueKind(200).String(), "ValueKind(200)"},
		{ast.NotExists.String(), "NOT EXISTS"},
		{ast.Op(99).String(), "Op(99)"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
