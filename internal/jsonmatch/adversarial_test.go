package jsonmatch

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cwfilter/cwfilter/internal/jsonmatch/reference"
	"github.com/cwfilter/cwfilter/internal/timing"
)

// fastest returns the best of a few timings of f (less noise on a shared machine).
func fastest(f func()) time.Duration {
	best := time.Duration(1<<63 - 1)
	for range 5 {
		start := time.Now()
		f()
		best = min(best, time.Since(start))
	}
	return best
}

// linearBound fails unless the engine takes at most ratio times json.Valid on the same
// bytes (plus 5 ms of slack): json.Valid is linear, so the engine is too. It measures only
// with CWFILTER_TIMING=1 (internal/timing).
func linearBound(t *testing.T, m *Matcher, ev []byte, ratio float64) {
	t.Helper()
	if !timing.Enabled() {
		return
	}
	base := fastest(func() { json.Valid(ev) })
	got := fastest(func() { m.Match(ev) })
	if float64(got) > ratio*float64(base)+float64(5*time.Millisecond) {
		t.Errorf("%d-byte event: Match took %v, json.Valid %v (bound %.0fx)", len(ev), got, base, ratio)
	}
	t.Logf("%d-byte event: Match %v, json.Valid %v", len(ev), got, base)
}

func TestDeepNesting(t *testing.T) {
	nest := func(depth int, open, closeStr string) []byte {
		return []byte(`{"a":` + strings.Repeat(open, depth-1) + "1" + strings.Repeat(closeStr, depth-1) + `}`)
	}
	cases := []struct {
		name  string
		event []byte
		want  bool // for { $.b NOT EXISTS }
	}{
		{"arrays 1000 deep", nest(1000, "[", "]"), true},
		{"arrays 1001 deep", nest(1001, "[", "]"), false},
		{"objects 1000 deep", nest(1000, `{"a":`, "}"), true},
		{"objects 1001 deep", nest(1001, `{"a":`, "}"), false},
		{"arrays 100000 deep", nest(100000, "[", "]"), false},
		{"objects 100000 deep", nest(100000, `{"a":`, "}"), false},
		{"unclosed 100000 deep", []byte(`{"a":` + strings.Repeat("[", 100000)), false},
	}
	deepSel := "$.a" + strings.Repeat("[0]", 999)
	for _, c := range cases {
		for _, pattern := range []string{`{ $.b NOT EXISTS }`, `{ $.a.a.a.a NOT EXISTS || $.a[0][0][0] NOT EXISTS }`, `{ ` + deepSel + ` = 1 || $.b NOT EXISTS }`} {
			p := parseJSON(t, pattern)
			m := mustCompile(t, p)
			if got := m.Match(c.event); got != c.want {
				t.Errorf("%s, %.40s: got %v, want %v", c.name, pattern, got, c.want)
			}
			if got := reference.Match(p, c.event); got != c.want {
				t.Errorf("%s, %.40s: reference got %v, want %v", c.name, pattern, got, c.want)
			}
		}
	}
	// The 999 indexes of deepSel reach the 1 inside 999 nested arrays (depth 1000 with the root).
	if m := mustCompile(t, parseJSON(t, `{ `+deepSel+` = 1 }`)); !m.Match(nest(1000, "[", "]")) {
		t.Error("a selector 999 levels deep does not find its value")
	}
}

func TestDuplicateKeys(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("{")
	const n = 100000
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`"a":` + strconv.Itoa(i))
	}
	b.WriteString("}")
	ev := b.Bytes()
	cases := []struct {
		pattern string
		want    bool
	}{
		{`{ $.a = 99999 }`, true},
		{`{ $.a = 0 }`, false},
		{`{ $.* = 99999 }`, true},
		{`{ $.* = 5 }`, false},
		{`{ $.* != 5 }`, true},
	}
	for _, c := range cases {
		p := parseJSON(t, c.pattern)
		m := mustCompile(t, p)
		if got := m.Match(ev); got != c.want {
			t.Errorf("%s: got %v, want %v", c.pattern, got, c.want)
		}
		if got := reference.Match(p, ev); got != c.want {
			t.Errorf("%s: reference got %v, want %v", c.pattern, got, c.want)
		}
		linearBound(t, m, ev, 50) // sorting the members is n log n; quadratic would take minutes
	}
}

func TestInvalidEvents(t *testing.T) {
	m := mustCompile(t, parseJSON(t, `{ $.b NOT EXISTS }`))
	valid := `{"a":"x"}`
	if !m.Match([]byte(valid)) {
		t.Fatal("valid event does not match")
	}
	bad := []string{
		"{\"a\":\"\xff\"}",             // invalid UTF-8 in a string
		"{\"a\":\"\xc3\"}",             // truncated sequence
		"{\"a\":\"\xed\xa0\x80\"}",     // UTF-8 encoded surrogate
		"{\"a\":\"\xc0\xaf\"}",         // overlong
		"{\"a\":\"x\"}\xff",            // invalid byte after the object
		"{\"\xff\":1}",                 // in a key
		`{"a":"\u12G4"}`,               // bad hex
		`{"a":"\`,                      // escape at the end
		`{"a":"\'"}`,                   // unknown escape
		"{\"a\":\"x\ty\"}",             // raw control character
		"\xef\xbb\xbf{\"a\":1}",        // byte order mark
		`{"a":Infinity}`, `{"a":-NaN}`, // not JSON numbers
		`{"a":1 // c` + "\n}", `{"a":[1,,2]}`, `{"a":{"b"}}`, `{"a" 1}`, `{,}`, `{"a":1}{`,
	}
	for _, ev := range bad {
		if m.Match([]byte(ev)) {
			t.Errorf("%q matches", ev)
		}
		if reference.Match(parseJSON(t, `{ $.b NOT EXISTS }`), []byte(ev)) {
			t.Errorf("%q matches the reference", ev)
		}
	}
}

// TestLinearTime: long strings and large events give the right answer and, with timing
// checks on, take time linear in their size.
func TestLinearTime(t *testing.T) {
	big := `{"a":"` + strings.Repeat("a", 1<<20) + `"}`
	for _, pattern := range []string{
		`{ $.a = "*a*a*a*a*a*a*a*b" }`,
		`{ $.a = "*aaaaaaaaaaaaaaaaaaaaaaaab*" }`,
		`{ $.a = "aaaaaaaaaaaaaaaaaaab*" }`,
	} {
		m := mustCompile(t, parseJSON(t, pattern)).WithoutPrefilter()
		if m.Match([]byte(big)) {
			t.Errorf("%s matches", pattern)
		}
		linearBound(t, m, []byte(big), 10)
	}
	// A regex costs what Go's (linear) regexp costs on the string.
	m := mustCompile(t, parseJSON(t, `{ $.a = %a+b% }`))
	if m.Match([]byte(big)) {
		t.Errorf("%%a+b%% matches a string of a's")
	}
	if timing.Enabled() {
		re := regexp.MustCompile(`a+b`)
		base := fastest(func() { re.MatchString(big) })
		if got := fastest(func() { m.Match([]byte(big)) }); got > 2*base+5*time.Millisecond {
			t.Errorf("regex on a 1 MB string: Match %v, regexp alone %v", got, base)
		}
	}

	// A 10 MB event: many members, nested, with the selected key last.
	var b bytes.Buffer
	b.WriteString(`{"pad":[`)
	for i := 0; b.Len() < 10<<20; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"id":` + strconv.Itoa(i) + `,"name":"item-` + strconv.Itoa(i) + `","tags":["x","y",null],"ok":true,"v":1.5e3}`)
	}
	b.WriteString(`],"k":"end"}`)
	ev := b.Bytes()
	for _, pattern := range []string{`{ $.k = "end" }`, `{ $.pad[*].name = "item-99999999" }`, `{ $.pad[*].v > 1600 || $.k = "x" }`} {
		m := mustCompile(t, parseJSON(t, pattern)).WithoutPrefilter()
		want := pattern == `{ $.k = "end" }`
		if got := m.Match(ev); got != want {
			t.Errorf("10 MB event, %s: got %v, want %v", pattern, got, want)
		}
		linearBound(t, m, ev, 5)
	}
}
