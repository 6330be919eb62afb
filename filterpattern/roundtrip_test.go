package filterpattern_test

import (
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/cwfilter/cwfilter/filterpattern"
	"github.com/cwfilter/cwfilter/filterpattern/ast"
	"github.com/cwfilter/cwfilter/internal/testfile"
)

// checkRoundTrip fails when a valid pattern's canonical text does not parse back to an equal tree.
func checkRoundTrip(t *testing.T, pattern string) {
	t.Helper()
	tree, err := filterpattern.Parse(pattern, filterpattern.WithMaxLength(0))
	if err != nil {
		return
	}
	text := tree.String()
	again, err := filterpattern.Parse(text, filterpattern.WithMaxLength(0))
	if err != nil {
		t.Fatalf("Parse(%q) ok, but its String() %q is rejected: %v", pattern, text, err)
	}
	if diff := cmp.Diff(tree, again, cmpopts.IgnoreTypes(ast.Span{})); diff != "" {
		t.Fatalf("Parse(%q).String() = %q parses to a different tree (-first +second):\n%s", pattern, text, diff)
	}
}

func TestRoundTripConformancePatterns(t *testing.T) {
	n := 0
	for _, v := range testfile.JSONL[docVector](t, "../testdata/conformance/doc-vectors.jsonl") {
		if _, err := filterpattern.Parse(v.Pattern); err == nil {
			n++
		}
		checkRoundTrip(t, v.Pattern)
	}
	if n < 250 {
		t.Fatalf("only %d valid patterns round-tripped; the vectors have more", n)
	}
}

// FuzzCompile: Compile never panics, errors are *SyntaxError with an in-range position, and
// valid patterns round-trip through String().
func FuzzCompile(f *testing.F) {
	for _, s := range []string{
		"ERROR", `?ERROR ?WARN -DEBUG "disk full"`, "db-error", `{ $.a = "x" && ($.b[0] != 5 || $.c IS NULL) }`,
		`{ $.['a.b'].c[*] = %ab+c% }`, `[ip, user, ..., status_code = 5* || status_code = 4*, size > 1.5e3]`,
		`[a,, b, ]`, `%^[a-z]+$%`, `{ $.x NOT EXISTS && $.y is true }`, "", "  ",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, pattern string) {
		p, err := filterpattern.Compile(pattern)
		if err != nil {
			se, ok := err.(*filterpattern.SyntaxError)
			if !ok {
				t.Fatalf("Compile(%q): error %T is not *SyntaxError", pattern, err)
			}
			if se.Offset < 0 || se.Offset > len(pattern) || se.Line < 1 || se.Column < 1 {
				t.Fatalf("Compile(%q): position out of range: %+v", pattern, se)
			}
			_ = se.Render()
			return
		}
		if utf8.ValidString(pattern) {
			p.MatchString(pattern)
		}
		checkRoundTrip(t, pattern)
	})
}
