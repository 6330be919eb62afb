package filterpattern_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cwfilter/cwfilter/filterpattern"
	"github.com/stretchr/testify/require"

	"github.com/cwfilter/cwfilter/internal/timing"
)

// Adversarial inputs through the public API. The answers on adversarial events and patterns
// are checked in every run; the timing checks run only with CWFILTER_TIMING=1 (package
// internal/timing; .ci/run sets it for one sequential step). Every timing bound is a ratio to
// a linear baseline measured in the same test on the same machine, so the checks hold on a
// loaded 2-core box yet catch super-linear behaviour:
//
//   - scaling: the time at 4n must stay under 8× the time at n (linear gives ~4×,
//     quadratic 16×);
//   - baseline: the time on a 10 MB event must stay under a stated multiple of scan(), a
//     byte-at-a-time loop over the same bytes.
//
// Timings are the fastest of a few repetitions on both sides.

const (
	small = 256 << 10 // the CloudWatch event limit
	big   = 10 << 20
)

func fastestOf(reps int, f func()) time.Duration { return fastestEach(reps, f)[0] }

// fastestEach is fastestOf for several functions whose times are compared, run in turn
// within each repetition: a burst of load (a test of another package running in parallel)
// then slows them alike instead of skewing their ratio.
func fastestEach(reps int, fs ...func()) []time.Duration {
	best := make([]time.Duration, len(fs))
	for i := range best {
		best[i] = 1<<63 - 1
	}
	for range reps {
		for i, f := range fs {
			start := time.Now()
			f()
			best[i] = min(best[i], time.Since(start))
		}
	}
	return best
}

// linearly times small (an input) and large (one 4× its size) in turn, reps times each, and
// reports their fastest times and whether large stayed within 8× small (twice linear, with
// 100µs of slack for timer noise on tiny times). A ratio above that is measured again, up to
// three rounds in all: load from a test running in parallel can skew one round, while a
// super-linear matcher (×16 when quadratic) fails every round.
func linearly(reps int, small, large func()) (t1, t4 time.Duration, ok bool) {
	for range 3 {
		ts := fastestEach(reps, small, large)
		if t1, t4 = ts[0], ts[1]; float64(t4)/float64(t1+100*time.Microsecond) <= 8 {
			return t1, t4, true
		}
	}
	return t1, t4, false
}

var sink int

// scan is the linear baseline: one pass over ev looking at every byte, the least any
// matcher must do.
func scan(ev []byte) {
	n := 0
	for _, c := range ev {
		if c == ' ' || c == '"' {
			n++
		}
	}
	sink += n
}

// grow repeats unit to at least n bytes, then appends tail.
func grow(unit, tail string, n int) []byte {
	var b bytes.Buffer
	b.Grow(n + len(tail))
	for b.Len() < n {
		b.WriteString(unit)
	}
	b.WriteString(tail)
	return b.Bytes()
}

type advCase struct {
	name    string
	pattern string
	event   func(n int) []byte // an event of about n bytes
	want    bool
	ratio   float64 // bound on Match(10 MB) / scan(10 MB)
	// heavy: a regex whose RE2 program has ~1,000 states, all live on this event. Go's
	// regexp is then O(len(event) × states) — linear, but about 15 µs per byte. Scaling is
	// checked on 16 KB and 64 KB, the 256 KB limit is timed once and 10 MB is not tried
	// (it takes minutes: see the report of issue 9).
	heavy bool
}

func jsonEvent(member func(i int) string, last string) func(int) []byte {
	return func(n int) []byte {
		var b bytes.Buffer
		b.WriteString("{")
		for i := 0; b.Len() < n; i++ {
			b.WriteString(member(i))
			b.WriteByte(',')
		}
		b.WriteString(last + "}")
		return b.Bytes()
	}
}

var lower = strings.Repeat("abcdefghijklmnopqrstuvwxyz", 1)

func manyTerms(n int, prefix string) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "%s%03d ", prefix, i)
	}
	return strings.TrimSpace(b.String())
}

func adversarialCases() []advCase {
	terms200 := manyTerms(200, "t") // 999 characters
	terms150 := manyTerms(150, "t") // with ? or - prefixes: 899 characters
	return []advCase{
		// Unstructured terms.
		{"terms/near-misses", `ERROR -DEBUG "disk full"`, func(n int) []byte { return grow("ERRO DEBU disk ful disk  full ", "ERROR disk full", n) }, true, 40, false},
		{"terms/aaa…b needle", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab", func(n int) []byte { return grow("a", "", n) }, false, 40, false},
		{"terms/200 terms all present", terms200, func(n int) []byte { return grow("t00 t0 t1 ", terms200, n) }, true, 400, false},
		{"terms/150 optional absent", "?" + strings.ReplaceAll(terms150, " ", " ?"), func(n int) []byte { return grow("t00 t0 t1 ", "", n) }, false, 400, false},
		{"terms/150 excluded absent", "x -" + strings.ReplaceAll(terms150, " ", " -"), func(n int) []byte { return grow("t00 t0 t1 ", "x", n) }, true, 400, false},

		// Standalone regexes, including large bounded repeats (RE2 expands them).
		{"regex/.* then digits", `%ERROR.*[0-9]{3}x%`, func(n int) []byte { return grow("ERROR 12 ab 1 ", "ERROR 123x", n) }, true, 400, false},
		{"regex/[ab]{0,1000}c", `%[ab]{0,1000}c%`, func(n int) []byte { return grow("ab", "", n) }, false, 0, true},
		{"regex/[a-z]{1000}Z", `%[a-z]{1000}Z%`, func(n int) []byte { return grow(lower, "", n) }, false, 0, true},
		{"regex/x{1000} at the end", `%^[a-z ]*x{1000}$%`, func(n int) []byte { return grow("ab ", strings.Repeat("x", 1000), n) }, true, 400, false},

		// JSON.
		{"json/glob on a long string", `{ $.msg = "*a*a*a*a*b" && $.n > 5 }`, func(n int) []byte {
			return []byte(`{"n":9,"msg":"` + string(grow("a", "", n)) + `"}`)
		}, false, 200, false},
		{"json/many members, last decides", `{ $.k = "v" && $.x NOT EXISTS }`, jsonEvent(func(i int) string { return fmt.Sprintf(`"m%d":[1,{"a":null},"s"]`, i) }, `"k":"v"`), true, 200, false},
		{"json/two regexes at the quota", `{ $.a = %[a-z]{0,1000}Z% || $.b = %x[0-9]+y% }`, func(n int) []byte {
			return []byte(`{"b":"x123y","a":"` + string(grow(lower, "", n)) + `"}`)
		}, true, 0, true},
		{"json/wildcard over a wide array", `{ $.a[*].b = 7 }`, jsonEvent(func(i int) string { return fmt.Sprintf(`"a":[{"b":%d},{"b":"x"}]`, i%5) }, `"a":[{"b":7}]`), true, 200, false},
		{"json/escapes everywhere", `{ $.a = "*é*" }`, func(n int) []byte {
			return []byte(`{"a":"` + string(grow(`\u00e8\n\"\\`, `\u00e9`, n)) + `"}`)
		}, true, 200, false},

		// Space-delimited.
		{"delimited/ellipsis, many tokens", `[ip, user, ..., status = 5*, size > 100]`, func(n int) []byte { return grow("10.0.0.1 bob GET /x ", "500 2000", n) }, true, 200, false},
		{"delimited/raw remainder", `[a, b, c = *x*]`, func(n int) []byte { return grow("tok ", "x", n) }, true, 200, false},
		{"delimited/200 fields", `[` + strings.Repeat(",", 199) + ` last = "*z"]`, func(n int) []byte { return grow("t ", "z", n) }, true, 200, false},
		{"delimited/unclosed [ and \"", `[first, ..., last = x]`, func(n int) []byte { return grow(`[a "b `, "x", n) }, true, 200, false},
		{"delimited/groups", `[a, ..., b = "*q*"]`, func(n int) []byte { return grow(`"x y" [z w] `, "[q]", n) }, true, 200, false},
		{"delimited/two regexes at the quota", `[a = %[a-z]{0,1000}Z%, ..., b = %[0-9]+x%]`, func(n int) []byte { return grow(lower, " 1 2 3 123x", n) }, false, 0, true},
	}
}

// Every pattern kind on events of 256 KB, 1 MB and 10 MB (size limit lifted): the answer
// is right at every size, time grows linearly, and 10 MB stays within the stated multiple
// of a byte-at-a-time scan. By default only the answers at 256 KB and 1 MB are checked.
func TestAdversarialEventsLinear(t *testing.T) {
	for _, c := range adversarialCases() {
		t.Run(c.name, func(t *testing.T) {
			p, err := filterpattern.Compile(c.pattern, filterpattern.WithMaxEventSize(0))
			if err != nil {
				t.Fatalf("Compile(%q): %v", c.pattern, err)
			}
			if c.heavy {
				heavyRegex(t, p, c.event, c.want, c.name == "regex/[ab]{0,1000}c")
				return
			}
			ev1, ev4 := c.event(small), c.event(4*small)
			for _, ev := range [][]byte{ev1, ev4} {
				if got := p.Match(ev); got != c.want {
					t.Fatalf("%d bytes: Match = %v, want %v", len(ev), got, c.want)
				}
			}
			if timing.Off(t) {
				return
			}
			t1, t4, ok := linearly(5, func() { p.Match(ev1) }, func() { p.Match(ev4) })
			if !ok {
				t.Errorf("256 KB %v, 1 MB %v: ×%.1f for 4× the bytes", t1, t4, float64(t4)/float64(t1))
			}
			if testing.Short() {
				return
			}
			ev := c.event(big)
			var got bool
			tm := fastestOf(2, func() { got = p.Match(ev) })
			if got != c.want {
				t.Fatalf("10 MB: Match = %v, want %v", got, c.want)
			}
			base := fastestOf(3, func() { scan(ev) })
			ratio := float64(tm) / float64(base)
			t.Logf("256KB %v, 1MB %v (×%.1f); 10MB %v = %.0f× scan (%v)", t1, t4, float64(t4)/float64(t1), tm, ratio, base)
			if ratio > c.ratio {
				t.Errorf("10 MB: Match %v is %.0f× a linear scan (%v); bound %.0f×", tm, ratio, base, c.ratio)
			}
			if tm > 5*time.Second {
				t.Errorf("10 MB: Match took %v", tm)
			}
		})
	}
}

// heavyRegex checks a regex case whose cost per byte is large: linear from 4 KB to 16 KB,
// with the 256 KB time projected from 16 KB (and measured when full is set).
func heavyRegex(t *testing.T, p *filterpattern.Pattern, event func(int) []byte, want, full bool) {
	ev1, ev4 := event(4<<10), event(16<<10)
	if got := p.Match(ev4); got != want {
		t.Fatalf("16 KB: Match = %v, want %v", got, want)
	}
	if timing.Off(t) {
		return
	}
	t1, t4, ok := linearly(3, func() { p.Match(ev1) }, func() { p.Match(ev4) })
	if !ok {
		t.Errorf("4 KB %v, 16 KB %v: ×%.1f for 4× the bytes", t1, t4, float64(t4)/float64(t1))
	}
	base := fastestOf(5, func() { scan(ev4) })
	t.Logf("heavy: 4KB %v, 16KB %v (×%.1f) = %.0f× scan; 256KB projected %v", t1, t4, float64(t4)/float64(t1),
		float64(t4)/float64(base), (t4 * 16).Round(time.Millisecond))
	if !full || testing.Short() {
		return
	}
	ev := event(small)
	var got bool
	tm := fastestOf(1, func() { got = p.Match(ev) })
	if got != want {
		t.Fatalf("256 KB: Match = %v, want %v", got, want)
	}
	t.Logf("heavy: 256KB measured %v", tm)
	if tm > 15*time.Second {
		t.Errorf("256 KB: Match took %v", tm)
	}
}

// Extract walks every token of a space-delimited event: linear too.
func TestAdversarialExtractLinear(t *testing.T) {
	p := filterpattern.MustCompile(`[a, ..., b]`, filterpattern.WithMaxEventSize(0))
	ev1, ev4 := grow(`x "y z" [w] `, "end", small), grow(`x "y z" [w] `, "end", 4*small)
	buf, _ := p.AppendExtract(nil, ev4)
	if v, _ := buf.Get("$b"); v != "end" || len(buf) < 4*small/12*3 {
		t.Fatalf("extracted %d fields, $b = %q", len(buf), v)
	}
	if timing.Off(t) {
		return
	}
	t1, t4, ok := linearly(5, func() { buf, _ = p.AppendExtract(buf[:0], ev1) }, func() { buf, _ = p.AppendExtract(buf[:0], ev4) })
	if !ok {
		t.Errorf("Extract 256 KB %v, 1 MB %v", t1, t4)
	}
	t.Logf("Extract 256KB %v, 1MB %v (×%.1f)", t1, t4, float64(t4)/float64(t1))
}

// A Set of CIS-style patterns guarded on eventName, errorCode and type (one pass checks those
// keys) on events built to defeat that pass: the guarded keys repeated with rejected values, their anchor bytes everywhere with no
// key around them, escapes, one long value. The answer is each member's own, and time grows
// linearly.
func TestAdversarialSetLinear(t *testing.T) {
	srcs := []string{
		`{($.eventName=CreateTrail) || ($.eventName=UpdateTrail) || ($.eventName=DeleteTrail)}`,
		`{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}`,
		`{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}`,
		`{($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication")}`,
	}
	var ps []*filterpattern.Pattern
	for _, src := range srcs {
		ps = append(ps, filterpattern.MustCompile(src, filterpattern.WithMaxEventSize(0)))
	}
	set := filterpattern.NewSet(ps...)
	cases := []struct {
		name             string
		head, unit, tail string // the event: head, unit repeated to the size, tail
	}{
		{"guarded keys, rejected values", `{`, `"eventName":"CreateTrails","errorCode":"Access","type":"User",`, `"eventName":"CreateTrail"}`},
		{"anchor bytes without keys", `{"a":"`, `NNNyyyCCC\"eventNam`, `"}`},
		{"escapes", `{"a":"`, `\"\\\/\n`, `","eventName":"DeleteTrail"}`},
		{"one long value", `{"eventName":"`, `aN`, `","eventName":"UpdateTrail"}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			event := func(n int) []byte { return append([]byte(c.head), grow(c.unit, c.tail, n)...) }
			ev1, ev4 := event(small), event(4*small)
			var dst []int
			for _, ev := range [][]byte{ev1, ev4} {
				dst = set.Match(ev, dst[:0])
				if want := separately(ps, ev); !slices.Equal(dst, want) {
					t.Fatalf("%d bytes: Set %v, separate Match calls %v", len(ev), dst, want)
				}
			}
			if timing.Off(t) {
				return
			}
			t1, t4, ok := linearly(5, func() { dst = set.Match(ev1, dst[:0]) }, func() { dst = set.Match(ev4, dst[:0]) })
			if !ok {
				t.Errorf("256 KB %v, 1 MB %v: ×%.1f for 4× the bytes", t1, t4, float64(t4)/float64(t1))
			}
			t.Logf("256KB %v, 1MB %v (×%.1f), matched %v", t1, t4, float64(t4)/float64(t1), dst)
		})
	}
}

// nested wraps core in parens until the pattern (open + … + close) is exactly n characters.
func nested(open, core, close string, n int) string {
	k := (n - len(open) - len(core) - len(close)) / 2
	s := open + strings.Repeat("(", k) + core + strings.Repeat(")", k) + close
	if len(s) < n {
		s = open + " " + s[len(open):]
	}
	return s
}

// balanced is a full binary tree of && / || over conditions, as deep as fits in n.
func balanced(cond func(i int) string, depth int, i *int) string {
	if depth == 0 {
		*i++
		return cond(*i)
	}
	op := " && "
	if depth%2 == 0 {
		op = " || "
	}
	return "(" + balanced(cond, depth-1, i) + op + balanced(cond, depth-1, i) + ")"
}

// The longest legal patterns (1,024 characters) with maximum nesting compile and give the
// right answer; with timing checks on, they compile quickly and match linearly.
func TestAdversarialLongestPatterns(t *testing.T) {
	var i int
	tree := "{ " + balanced(func(i int) string { return fmt.Sprintf("$.k%d = %d", i%10, i%10) }, 5, &i) + " }"
	i = 0
	ftree := "[" + balanced(func(i int) string { return fmt.Sprintf("f != %d", i) }, 5, &i) + ", ...]"
	cases := []struct {
		pattern string
		event   func(int) []byte
		want    bool
	}{
		{nested("{ ", "$.a = 1", " }", 1024), jsonEvent(func(i int) string { return fmt.Sprintf(`"x%d":%d`, i, i) }, `"a":1`), true},
		{nested("[", "f = 1", ", ...]", 1024), func(n int) []byte { return grow("1 ", "", n) }, true},
		{nested("[", "f = %[0-9]{0,1000}x%", ", ...]", 1024), func(n int) []byte { return grow("1 ", "", n) }, false},
		{tree, jsonEvent(func(i int) string { return fmt.Sprintf(`"y%d":[%d]`, i, i) }, `"k0":0,"k1":1,"k2":2,"k3":3,"k4":4,"k5":5,"k6":6,"k7":7,"k8":8,"k9":9`), true},
		{ftree, func(n int) []byte { return grow("1 ", "", n) }, true},
		{"{ $." + strings.Repeat("a", 1024-len("{ $. = 1 }")) + " = 1 }", jsonEvent(func(i int) string { return fmt.Sprintf(`"a":%d`, i) }, `"a":1`), false},
		{"{ $.a" + strings.Repeat("[0]", (1024-len("{ $.a = 1 }"))/3) + " = 1 }", func(n int) []byte { return []byte(`{"a":` + string(grow("[1,", "", n)) + "1" + `}`) }, false},
		{"{ $.a[*]" + strings.Repeat(".b", (1024-len("{ $.a[*] = 1 }"))/2) + " = 1 }", jsonEvent(func(i int) string { return fmt.Sprintf(`"a%d":{"b":[%d]}`, i, i) }, `"z":1`), false},
	}
	for _, c := range cases {
		if n := len([]rune(c.pattern)); n > 1024 {
			t.Fatalf("test bug: pattern of %d characters", n)
		}
		var p *filterpattern.Pattern
		var err error
		tc := fastestOf(1, func() { p, err = filterpattern.Compile(c.pattern, filterpattern.WithMaxEventSize(0)) })
		if err != nil {
			t.Errorf("Compile(%.60q… %d chars): %v", c.pattern, len(c.pattern), err)
			continue
		}
		ev1, ev4 := c.event(small), c.event(4*small)
		if got := p.Match(ev1); got != c.want {
			t.Errorf("%.60q…: Match = %v, want %v", c.pattern, got, c.want)
		}
		if !timing.Enabled() {
			continue
		}
		if tc > time.Second {
			t.Errorf("Compile(%.60q…) took %v", c.pattern, tc)
		}
		t1, t4, ok := linearly(5, func() { p.Match(ev1) }, func() { p.Match(ev4) })
		base := fastestOf(5, func() { scan(ev4) })
		t.Logf("%-5v %.50q…: compile %v, 256KB %v, 1MB %v (×%.1f, %.0f× scan)", p.Kind(), c.pattern, tc, t1, t4,
			float64(t4)/float64(t1), float64(t4)/float64(base))
		if !ok {
			t.Errorf("%.60q…: 256 KB %v, 1 MB %v", c.pattern, t1, t4)
		}
		if t4 > 2*time.Second {
			t.Errorf("%.60q…: 1 MB took %v", c.pattern, t4)
		}
	}
}

// Pathological pattern texts compile (or fail with a *SyntaxError) at the 1,024 character
// limit. With timing checks on, they do so quickly, and — with the limit lifted — compile
// time grows about linearly: 16× the text takes less than 100× the time (quadratic would be
// 256×; single runs of a 64 KB compile are noisy).
func TestAdversarialCompile(t *testing.T) {
	gens := []struct {
		name string
		gen  func(n int) string
	}{
		{"( only", func(n int) string { return strings.Repeat("(", n) }},
		{"\" only", func(n int) string { return strings.Repeat(`"`, n) }},
		{"{ and (", func(n int) string { return "{" + strings.Repeat("(", n-2) + "}" }},
		{"{ ( unclosed", func(n int) string { return "{ " + strings.Repeat("(", n-11) + "$.a = 1 }" }},
		{"[ and (", func(n int) string { return "[" + strings.Repeat("(", n-2) + "]" }},
		{"% and [", func(n int) string { return "%" + strings.Repeat("[", n-2) + "%" }},
		{"long selector", func(n int) string { return "{ $." + strings.Repeat("a", n-10) + " = 1 }" }},
		{"dotted selector", func(n int) string { return "{ $" + strings.Repeat(".a", (n-9)/2) + " = 1 }" }},
		{"indexed selector", func(n int) string { return "{ $.a" + strings.Repeat("[9]", (n-11)/3) + " = 1 }" }},
		{"quoted selector", func(n int) string { return "{ $.['" + strings.Repeat("x", n-14) + "'] = 1 }" }},
		{"unclosed quote", func(n int) string { return `{ $.a = "` + strings.Repeat(`\"`, (n-11)/2) + " }" }},
		{"many escapes", func(n int) string { return `{ $.a = "` + strings.Repeat(`\"`, (n-12)/2) + `" }` }},
		{"unnamed fields", func(n int) string { return "[" + strings.Repeat(",", n-2) + "]" }},
		{"named fields", func(n int) string {
			var b strings.Builder
			b.WriteString("[")
			for i := 0; b.Len() < n-12; i++ {
				fmt.Fprintf(&b, "f%d,", i)
			}
			return b.String() + "last]"
		}},
		{"duplicate fields", func(n int) string { return "[" + strings.Repeat("a,", (n-2)/2) + "]" }},
		{"and chain", func(n int) string { return "{ $.a = 1" + strings.Repeat(" && $.a = 1", (n-11)/11) + " }" }},
		{"or chain in a field", func(n int) string { return "[a = 1" + strings.Repeat(" || a = 1", (n-7)/9) + "]" }},
		{"many terms", func(n int) string { return strings.Repeat("ab ", n/3) }},
		{"many quoted terms", func(n int) string { return strings.Repeat(`"a b" `, n/6) }},
		{"regex alternation", func(n int) string { return "%" + strings.Repeat("a|", (n-3)/2) + "b%" }},
		{"regex nested repeat", func(n int) string { return "%" + strings.Repeat("[a]{0,1000}", (n-2)/11) + "%" }},
		{"multibyte", func(n int) string { return strings.Repeat("é", n) }},
	}
	for _, g := range gens {
		pattern := g.gen(1024)
		if len([]rune(pattern)) > 1024 {
			t.Fatalf("%s: test bug: %d characters", g.name, len([]rune(pattern)))
		}
		var err error
		tc := fastestOf(1, func() { _, err = filterpattern.Compile(pattern) })
		var se *filterpattern.SyntaxError
		if err != nil && !errors.As(err, &se) {
			t.Errorf("%s: error %T %v is not a *SyntaxError", g.name, err, err)
		}
		if !timing.Enabled() {
			continue
		}
		if tc > time.Second {
			t.Errorf("%s: Compile took %v", g.name, tc)
		}
		if g.name == "regex nested repeat" { // 64 KB of {0,1000} is millions of RE2 states
			continue
		}
		// Scaling with the length limit lifted: 4 KB vs 64 KB of the same shape.
		p1, p16 := g.gen(4096), g.gen(16*4096)
		t1 := fastestOf(3, func() { filterpattern.Compile(p1, filterpattern.WithMaxLength(0)) })
		t16 := fastestOf(1, func() { filterpattern.Compile(p16, filterpattern.WithMaxLength(0)) })
		outcome := "ok"
		if err != nil {
			outcome = err.Error()
			if len(outcome) > 50 {
				outcome = outcome[:50] + "…"
			}
		}
		t.Logf("%-20s 1KB %-10v (%s); unlimited 4KB %v, 64KB %v (×%.1f)", g.name, tc, outcome, t1, t16, float64(t16)/float64(t1))
		if scale := float64(t16) / float64(t1+200*time.Microsecond); scale > 100 {
			msg := fmt.Sprintf("%s: compiling 4 KB took %v, 64 KB %v: super-linear", g.name, t1, t16)
			if knownSlowCompile[g.name] && os.Getenv("CWFILTER_KNOWN_ISSUES") == "" {
				t.Log("KNOWN ISSUE (only with WithMaxLength(0)): " + msg)
			} else {
				t.Error(msg)
			}
		}
	}
}

// knownSlowCompile: shapes whose compile time is super-linear once the 1,024-character
// limit is lifted (reported in issue 9; at the default limit they take milliseconds).
var knownSlowCompile = map[string]bool{"{ and (": true, "{ ( unclosed": true, "[ and (": true, "indexed selector": true, "dotted selector": true}

// Regression (issue 9): a legal-looking pattern whose RE2 program is huge. Every repeat
// count is within R9's 1,000 and the pattern is 1,015 characters, but Go's regexp would
// simulate ~92,000 states per byte (minutes for a 256 KB event). Compile rejects regexes
// over grammar.MaxRegexProgram instructions; one large repeat still compiles.
func TestAdversarialRegexProgramSize(t *testing.T) {
	_, err := filterpattern.Compile("%" + strings.Repeat("[a]{0,1000}", 92) + "b%")
	var se *filterpattern.SyntaxError
	require.ErrorAs(t, err, &se)
	require.Equal(t, "Failed to compile regular expression.", se.Msg)
	require.Equal(t, 0, se.Offset)
	_, err = filterpattern.Compile(`{ $.a = %[a-z]{0,1000}x% }`)
	require.NoError(t, err)
}

// Regression (issue 9): with the length limit lifted, a deeply nested pattern overflowed the
// goroutine stack in the parser — a fatal error no recover() can catch. Nesting is now
// bounded (grammar.MaxNesting). Run in a child process so a crash cannot take the test
// binary down.
func TestAdversarialDeepNestingUnlimitedLength(t *testing.T) {
	if os.Getenv("CWFILTER_DEEP_CHILD") != "" {
		_, err := filterpattern.Compile("["+strings.Repeat("(", 1<<20)+"]", filterpattern.WithMaxLength(0))
		var se *filterpattern.SyntaxError
		if !errors.As(err, &se) {
			fmt.Println("not a SyntaxError:", err)
			os.Exit(3)
		}
		os.Exit(0)
	}
	if testing.Short() {
		t.Skip("starts a child process")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestAdversarialDeepNestingUnlimitedLength$")
	cmd.Env = append(os.Environ(), "CWFILTER_DEEP_CHILD=1")
	out, err := cmd.CombinedOutput()
	if err == nil {
		return
	}
	first, _, _ := strings.Cut(string(out), "\n")
	t.Fatalf("Compile(\"[\" + 1M \"(\" + \"]\", WithMaxLength(0)) did not end with a SyntaxError: %v: %s", err, first)
}
