package filterpattern_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/cwfilter/cwfilter/filterpattern"
)

// The limits that exist today and their documented outcomes.
func TestLimitsOutcomes(t *testing.T) {
	nest := func(depth int) string { // an object whose innermost value is `depth` levels deep
		return `{"a":` + strings.Repeat("[", depth-1) + "1" + strings.Repeat("]", depth-1) + `}`
	}
	p := filterpattern.MustCompile(`{ $.b NOT EXISTS }`, filterpattern.WithMaxEventSize(0))
	if !p.MatchString(nest(1000)) {
		t.Error("EV2: nesting 1000 deep must match")
	}
	if p.MatchString(nest(1001)) {
		t.Error("EV2: nesting 1001 deep is invalid JSON and must not match")
	}

	// Event size: AWS ingests events up to 1,048,550 bytes since April 2025 (it was 256 KB, and
	// a 300 KB event once never matched here); DefaultMaxEventSize matches, one byte more does
	// not; the option moves it.
	if filterpattern.DefaultMaxEventSize != 1048550 {
		t.Errorf("DefaultMaxEventSize = %d, want 1,048,550 (1 MB batch minus 26 bytes of overhead)", filterpattern.DefaultMaxEventSize)
	}
	if p := filterpattern.MustCompile("ERROR"); !p.MatchString(strings.Repeat("x", 300<<10) + "ERROR") {
		t.Error("a 300 KB event, which AWS ingests and matches, must match by default")
	}
	ev := strings.Repeat("x", filterpattern.DefaultMaxEventSize-5) + "ERROR"
	for _, pattern := range []string{"ERROR", "%ERROR%", "[a]", `{ $.a NOT EXISTS }`, ""} {
		evt := ev
		if strings.HasPrefix(pattern, "{") {
			evt = `{"b":"` + ev[:len(ev)-8] + `"}`
		}
		p := filterpattern.MustCompile(pattern)
		if len(evt) != filterpattern.DefaultMaxEventSize || !p.MatchString(evt) {
			t.Errorf("%q: a %d-byte event must match", pattern, len(evt))
		}
		if p.MatchString(evt + " ") {
			t.Errorf("%q: an event over DefaultMaxEventSize must not match", pattern)
		}
		if _, ok := p.Extract([]byte(evt + " ")); ok {
			t.Errorf("%q: Extract of an oversized event must not match", pattern)
		}
		if !filterpattern.MustCompile(pattern, filterpattern.WithMaxEventSize(0)).MatchString(evt + " ") {
			t.Errorf("%q: WithMaxEventSize(0) must lift the limit", pattern)
		}
		if filterpattern.MustCompile(pattern, filterpattern.WithMaxEventSize(10)).MatchString("ERROR ERROR") {
			t.Errorf("%q: WithMaxEventSize(10) must refuse 11 bytes", pattern)
		}
	}

	// Pattern length: 1,024 code points (D-47), not bytes.
	for _, c := range []struct {
		pattern string
		ok      bool
	}{
		{strings.Repeat("a", 1024), true},
		{strings.Repeat("a", 1025), false},
		{strings.Repeat("é", 1024), true},
		{strings.Repeat("é", 1025), false},
	} {
		_, err := filterpattern.Compile(c.pattern)
		var se *filterpattern.SyntaxError
		if (err == nil) != c.ok || (err != nil && !errors.As(err, &se)) {
			t.Errorf("%d-char pattern: err %v, want ok=%v", len([]rune(c.pattern)), err, c.ok)
		}
	}
	if _, err := filterpattern.Compile(strings.Repeat("a", 5000), filterpattern.WithMaxLength(0)); err != nil {
		t.Errorf("WithMaxLength(0): %v", err)
	}

	// Regex quota and dialect (R2, R9, R10).
	for _, c := range []struct {
		pattern, err string // "" = compiles
	}{
		{`{ $.a = %a% || $.b = %b% }`, ""},
		{`{ $.a = %a% || $.b = %b% || $.c = %c% }`, "any"},
		{`[a = %a%, b = %b%]`, ""},
		{`[a = %a%, b = %b%, c = %c%]`, "any"},
		{`%(a|b){0,1000}%`, "Invalid character(s) in term '%('"},
		{`%[ab]{0,1000}%`, ""},
		{`%[ab]{0,1001}%`, "any"},
		{`%a{1000}b{1000}%`, ""},
	} {
		_, err := filterpattern.Compile(c.pattern)
		switch {
		case c.err == "" && err != nil:
			t.Errorf("%s: %v", c.pattern, err)
		case c.err != "" && err == nil:
			t.Errorf("%s: compiles", c.pattern)
		case c.err != "" && c.err != "any" && err.Error() != c.err:
			t.Errorf("%s: %q, want %q", c.pattern, err, c.err)
		}
	}
}
