package jsonmatch

import (
	"slices"
	"strings"
	"testing"

	"github.com/cwfilter/cwfilter/filterpattern/ast"
	"github.com/cwfilter/cwfilter/internal/jsonmatch/reference"
)

// Literals is RequiredLiterals with a group of alternatives shown as "a|b", for the tests'
// tables and messages.
func (m *Matcher) Literals() []string {
	var out []string
	for _, g := range m.RequiredLiterals() {
		out = append(out, strings.Join(g, "|"))
	}
	return out
}

// TestPrefilterLiterals pins what the prefilter searches for typical patterns.
func TestPrefilterLiterals(t *testing.T) {
	cases := []struct {
		pattern string
		want    []string
	}{
		{`{ $.eventSource = "iam.amazonaws.com" && $.eventName = "Create*" }`, []string{"iam.amazonaws.com", "Create", "eventSource"}},
		{`{ $.n = 7 }`, nil},                             // = 7 also matches 7.0 and 7e0
		{`{ $.n = "7.0E10" }`, nil},                      // could be T(v) of a number
		{`{ $.status != "ok" }`, []string{"status"}},     // needs the member, not the value
		{`{ $.list[*].state != "ok" }`, nil},             // true without any element
		{`{ $.user NOT EXISTS }`, nil},                   // true without the member
		{`{ $.flag IS TRUE }`, []string{"true", "flag"}}, // the literal true
		{`{ $.e = "*Denied*" || $.e = "*Unauthorized" }`, []string{"Unauthorized|Denied"}},
		{`{ $.e = "PutUserPolicy" || $.e = "DeletePolicy" }`, []string{"Policy"}},
		{`{ $.e = "abc" || $.f NOT EXISTS }`, nil},
		{`{ ($.a = "alpha" || $.a = "beta") && $.b = "gamma" }`, []string{"gamma"}},
		// Regex values: the literals internal/regex requires, less what T(v) could spell.
		{`{ $.eventName = %ConsoleLogin.*Failure% }`, []string{"ConsoleLogin", "Failure", "eventName"}},
		{`{ $.e = %AccessDenied|UnauthorizedOperation% }`, []string{"AccessDenied|UnauthorizedOperation"}},
		{`{ $.code = %^7\.0% }`, []string{"code"}},                                        // T(7e0) is 7.0
		{`{ $.id = %i-[0-9a-f]{17}% }`, nil},                                              // "i-" and "id" are too short
		{`{ $.errorCode = %Denied|[0-9]+x% }`, []string{"errorCode"}},                     // an alternative without a literal
		{`{ $.arn = %arn:aws:iam::[0-9]{12}:root% }`, []string{"arn:aws:iam::", ":root"}}, // "arn" is inside the first
	}
	for _, c := range cases {
		if got := mustCompile(t, parseJSON(t, c.pattern)).Literals(); !slices.Equal(got, c.want) {
			t.Errorf("%s: literals %q, want %q", c.pattern, got, c.want)
		}
	}
}

// TestPrefilterBackslash: an event that spells a required literal with escapes still matches.
func TestPrefilterBackslash(t *testing.T) {
	m := mustCompile(t, parseJSON(t, `{ $.eventSource = "iam.amazonaws.com" }`))
	for _, ev := range []string{`{"eventSource":"iam.amazonaws\u002ecom"}`, `{"event\u0053ource":"iam.amazonaws.com"}`, `{"eventSource":"iam\/amazonaws.com","eventSource":"iam.amazonaws\u002ecom"}`} {
		if !m.Match([]byte(ev)) {
			t.Errorf("%s does not match", ev)
		}
	}
}

// TestPrefilterShortEscapes: with short escapes only, an event lacking a plain literal is
// rejected before parsing; a literal with a '/' may be spelled "\/" and is not trusted.
func TestPrefilterShortEscapes(t *testing.T) {
	plain := mustCompile(t, parseJSON(t, `{ $.eventSource = "iam.amazonaws.com" }`))
	if !plain.prefilter.plain || !plain.prefilter.rejects([]byte(`{"eventSource":"s3.amazonaws.com","p":"{\"a\":1}"}`)) {
		t.Error("an event with short escapes and without the plain literal is not rejected")
	}
	if plain.prefilter.rejects([]byte(`{"eventSource":"s3.amazonaws.com","p":"\u0041"}`)) {
		t.Error("an event with a \\u escape is rejected")
	}
	slash := mustCompile(t, parseJSON(t, `{ $.path = "a/b" }`))
	if slash.prefilter.plain || !slash.Match([]byte(`{"path":"a\/b"}`)) {
		t.Error(`"a\/b" spells a/b`)
	}
}

// TestPrefilterRegexValues: regex values that require literals (internal/regex finds them)
// never make the prefilter reject an event the pattern matches: against every string and
// number of the fuzz vocabulary, escaped or not, alone and in a Set, the answer is the
// reference's. Literals a number's T(v) spells (Infinity, 1.0E7) must not be required.
func TestPrefilterRegexValues(t *testing.T) {
	regexes := []string{`%xyz|abc%`, `%bcd|xxy%`, `%Infinity%`, `%1\.0E7%`, `%\x{e9}%`, `%x/y%`, `%^xyz%`,
		`%ab.d%`, `%q.q%`, `%^7\.0$%`, `%abc|[0-9]{4}%`, `%nfinit%`}
	values := append(append([]string{}, genEventStrs...), genEventNums...)
	var pats []*ast.JSON
	for _, re := range regexes {
		pats = append(pats, parseJSON(t, `{ $.k = `+re+` }`), parseJSON(t, `{ $.k[*] = `+re+` && $.z NOT EXISTS }`))
	}
	ms := make([]*Matcher, len(pats))
	for i, p := range pats {
		ms[i] = mustCompile(t, p)
	}
	set, err := CompileSet(ms)
	if err != nil {
		t.Fatal(err)
	}
	hits := 0
	for _, v := range values {
		for _, ev := range []string{`{"k":` + v + `}`, `{"k":[` + v + `,1]}`, `{"a":"\/","k":` + v + `}`} {
			matched := make([]uint64, 1)
			set.Match([]byte(ev), matched)
			for i, p := range pats {
				want := reference.Match(p, []byte(ev))
				if want {
					hits++
				}
				if got := ms[i].Match([]byte(ev)); got != want {
					t.Errorf("%s on %s: %v, reference %v (literals %q)", p, ev, got, want, ms[i].Literals())
				}
				if got := matched[0]&(1<<i) != 0; got != want {
					t.Errorf("%s on %s in a Set: %v, reference %v", p, ev, got, want)
				}
			}
		}
	}
	if hits < 40 {
		t.Errorf("only %d matches: the vocabulary exercises too little", hits)
	}
	t.Logf("%d matches of %d", hits, len(values)*3*len(pats))
}
