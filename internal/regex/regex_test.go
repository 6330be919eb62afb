package regex

import (
	"bytes"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cwfilter/cwfilter/internal/israce"
	"github.com/cwfilter/cwfilter/internal/timing"
)

// realistic are regexes a CloudWatch user writes; the corpus tests run each on every record.
var realistic = []string{
	`AccessDenied|UnauthorizedOperation`, `[0-9]{12}`, `i-[0-9a-f]{17}`, `ConsoleLogin.*Failure`,
	`\d{3}-\d{3}`, `ERROR|WARN|FATAL`, `\broot\b`, `^.{2}eventVersion`,
	`[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}`, `arn:aws:iam::[0-9]{12}:root`,
	`AKIA[0-9A-Z]{16}`, `[a-z0-9-]+\.amazonaws\.com`, `\s[45][0-9]{2}\s`, `errorCode.{1,5}[A-Za-z]+Exception`,
	`\bDelete[A-Z][a-z]+`, `userName.{1,4}admin|root`, `us-east-[12]`, `eventName..{1,3}Get`, `\d+$`, `^\{`,
	`[^a-z]{30}`, `\w+@\w+\.com`, `Create|Delete|Put`, `.`, `\bx`, `A|`, `%`, `\$`,
}

// TestCorpusAgrees: every realistic regex answers as regexp on every CloudTrail record.
func TestCorpusAgrees(t *testing.T) {
	recs := records()
	for _, body := range realistic {
		r := MustCompile(body)
		want := regexp.MustCompile(body)
		n := 0
		for _, ev := range recs {
			w := want.Match(ev)
			if got := r.Match(ev); got != w {
				t.Fatalf("%s on %s: Match = %v, regexp %v", body, ev, got, w)
			}
			if w {
				n++
			}
		}
		t.Logf("%-50s %5d of %d records", body, n, len(recs))
	}
}

// TestClauses pins what the prefilter searches.
func TestClauses(t *testing.T) {
	cases := []struct {
		body    string
		want    [][]string
		decided bool
	}{
		{`AccessDenied|UnauthorizedOperation`, [][]string{{"AccessDenied"}, {"UnauthorizedOperation"}}, true},
		{`AccessDenied|AccessDeniedException`, [][]string{{"AccessDenied"}}, true}, // the longer contains the shorter
		{`colou?r`, [][]string{{"colour"}, {"color"}}, true},
		{`a[bc]d`, [][]string{{"abd"}, {"acd"}}, true},
		{`\bAccessDenied\b`, [][]string{{"AccessDenied"}}, false},
		{`ConsoleLogin.*Failure`, [][]string{{"ConsoleLogin", "Failure"}}, false},
		{`arn:aws:iam::[0-9]{12}:root`, [][]string{{"arn:aws:iam::", ":root"}}, false},
		{`i-[0-9a-f]{17}`, [][]string{{"i-"}}, false},
		{`\d{3}-\d{3}`, [][]string{{"-"}}, false},
		{`[0-9]{12}`, nil, false},
		{`x*`, nil, false},
		{`a|[0-9]`, nil, false},                               // an alternative with no literal
		{`abc\x{FFFD}def`, [][]string{{"abc", "def"}}, false}, // U+FFFD also matches an invalid byte
		{`\x{FFFD}`, nil, false},
		{`^abc`, nil, false}, // anchored and short: the automaton alone
		{`^.*abc`, [][]string{{"abc"}}, false},
	}
	for _, c := range cases {
		r := MustCompile(c.body)
		if got := r.Clauses(); !slices.EqualFunc(got, c.want, slices.Equal) || r.Decided() != c.decided {
			t.Errorf("%s: clauses %q decided %v, want %q %v", c.body, got, r.Decided(), c.want, c.decided)
		}
	}
}

// TestUTF8: the byte automaton reads text as regexp does: a whole valid encoding is one
// rune, anything else one U+FFFD per byte; a match starts only at a rune boundary; \b sees
// every non-ASCII rune as a non-word character.
func TestUTF8(t *testing.T) {
	bodies := []string{
		`[^a]`, `.`, `^.$`, `^..$`, `^...$`, `[^\x{e9}]`, `\x{FFFD}`, `[\x{FFFD}]`, `a\x{FFFD}b`, `é`, `^é$`,
		`\pL`, `\PL`, `\pS`, `\x{800}`, `[\x{80}-\x{7ff}]`, `[\x{10000}-\x{10FFFF}]`, `\bx`, `x\b`, `é\b`, `\Bé`,
		`[^a]{3}`, `a.b`, `a.{2}b`, `\W\w`, `\x{10FFFF}`, `^\x{FFFD}{3}$`,
	}
	texts := []string{
		"", "a", "é", "\xc3", "\xa9", "\xc3\xa9", "\xc3a", "a\xc3", "\xe2\x82", "\xe2\x82a", "\xe2\x82\xac",
		"\xe0\x80\x80", "\xe0\xa0\x80", "\xed\xa0\x80", "\xed\x9f\xbf", "\xf0\x90\x80\x80", "\xf0\x80\x80\x80",
		"\xf4\x8f\xbf\xbf", "\xf4\x90\x80\x80", "\xf5", "\xff\xfe", "\xc0\x80", "\xc1\xbf", "a\xffb", "a\xc3\xa9b",
		"a\xe2\x82b", "x\xc3\xa9", "\xc3\xa9x", "xé", "éx", "\xef\xbf\xbd", "a\xef\xbf\xbdb", "\xa9\xa9\xa9",
		"\xf0\x9f\x98\x80", "\xf0\x9f\x98", "\xf0\x9f\x98x", "\U0010FFFF", "\xc3\xc3\xa9",
	}
	for _, body := range bodies {
		r := MustCompile(body)
		want := regexp.MustCompile(body)
		for _, x := range texts {
			if got, w := r.Match([]byte(x)), want.MatchString(x); got != w {
				t.Errorf("%s on %q: %v, regexp %v", body, x, got, w)
			}
		}
	}
}

// TestFallback: a regex whose automaton would exceed its bounds is matched by regexp.
func TestFallback(t *testing.T) {
	for _, body := range []string{`a.{20}b`, `[ab]{0,900}[cd]{0,900}[ef]{0,900}x`} {
		r := MustCompile(body)
		if r.dfa != nil {
			t.Fatalf("%s: %d states, want the fallback", body, len(r.dfa.eot))
		}
		want := regexp.MustCompile(body)
		for _, x := range []string{"a" + strings.Repeat("z", 20) + "b", "aa" + strings.Repeat("z", 19) + "bb", "abcdefx", "x"} {
			if got, w := r.Match([]byte(x)), want.MatchString(x); got != w {
				t.Errorf("%s on %q: %v, regexp %v", body, x, got, w)
			}
		}
	}
}

// TestMatchDoesNotAllocate: no allocation per Match, whatever decides it.
func TestMatchDoesNotAllocate(t *testing.T) {
	if israce.Enabled {
		t.Skip("sync.Pool (regexp's fallback) drops items at random under the race detector")
	}
	recs := records()[:2000]
	for _, body := range append(realistic, `a.{20}b`) {
		r := MustCompile(body)
		if a := testing.AllocsPerRun(2, func() {
			for _, ev := range recs {
				r.Match(ev)
			}
		}); a != 0 {
			t.Errorf("%s: %v allocations per pass", body, a)
		}
	}
}

// TestConcurrentUse: one Regexp used by 8 goroutines at once (run with -race) gives the
// sequential answers.
func TestConcurrentUse(t *testing.T) {
	recs := records()[:1000]
	for _, body := range []string{`i-[0-9a-f]{17}`, `ConsoleLogin.*Failure`, `\bx`} {
		r := MustCompile(body)
		want := make([]bool, len(recs))
		for i, ev := range recs {
			want[i] = r.Match(ev)
		}
		var wg sync.WaitGroup
		for g := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for k := range len(recs) {
					i := (k*7 + g*31) % len(recs)
					if r.Match(recs[i]) != want[i] {
						t.Errorf("%s, goroutine %d: record %d differs", body, g, i)
						return
					}
				}
			}()
		}
		wg.Wait()
	}
}

// TestLinear: adversarial regexes and events take time linear in the event, 64 KB against
// 256 KB, within a bound of a plain byte scan (run with CWFILTER_TIMING=1).
func TestLinear(t *testing.T) {
	timing.Skip(t)
	lower := "abcdefghijklmnopqrstuvwxyz"
	cases := []struct {
		body       string
		unit, tail string // the event repeats unit, then ends with tail
		want       bool
		bound      float64 // 256 KB time / byte scan time; 0: regexp decides (no bound)
	}{
		{`a+b`, "a", "", false, 40},
		{`a*b`, "a", "", false, 40},
		{`[a-z]{1000}Z`, lower, "0Z", false, 40},
		{`[ab]{0,1000}c`, "ab", "c", true, 40},
		{`[ab]{0,1000}c`, "ab", "", false, 40},
		{`^[a-z ]*x{1000}$`, "ab ", "x", false, 40},
		{`(?:a|aa)+b`, "a", "", false, 40}, // not the dialect (no parentheses), the engine anyway
		{`a{1000}b`, "a", "ab", true, 40},
		{`a{1000}b`, "a", "", false, 40},
		{`\ba.*a\b`, "a ", "", true, 40},
		{`[^\n]*\x{FFFD}z`, "\xe2\x82", "", false, 40},
		{`[^\n]*\x{FFFD}z`, "\xe2\x82", "\n\xffz", true, 40},
		{`x[^y]{0,200}y`, "x\xc3\xa9", "", false, 40},
		{`.{1000}`, "\xff\xc3", "", true, 0}, // over the automaton's bounds
		{`a.{20}b`, "a", "", false, 0},
	}
	for _, c := range cases {
		r := MustCompile(c.body)
		event := func(n int) []byte { return append(bytes.Repeat([]byte(c.unit), n/len(c.unit)), c.tail...) }
		small, large := event(64<<10), event(256<<10)
		if got := r.Match(large); got != c.want {
			t.Fatalf("%s: Match = %v, want %v", c.body, got, c.want)
		}
		if (r.dfa == nil) != (c.bound == 0) {
			t.Errorf("%s: automaton %v, bound %v", c.body, r.dfa != nil, c.bound)
		}
		t1, t4 := fastestOf(func() { r.Match(small) }), fastestOf(func() { r.Match(large) })
		scan := fastestOf(func() { byteScan(large) })
		ratio := float64(t4) / float64(scan)
		t.Logf("%-24s %-10q 64 KB %v, 256 KB %v (×%.1f), %.1f× a byte scan", c.body, c.tail, t1, t4, float64(t4)/float64(t1), ratio)
		if t4 > 8*t1 {
			t.Errorf("%s: 64 KB %v, 256 KB %v: not linear", c.body, t1, t4)
		}
		if c.bound > 0 && ratio > c.bound {
			t.Errorf("%s: 256 KB takes %.0f× a byte scan, bound %.0f×", c.body, ratio, c.bound)
		}
	}
}

// byteScan reads every byte through a table, as the automaton's loop does, without its
// state: the yardstick of TestLinear.
func byteScan(b []byte) int {
	n := 0
	for _, c := range b {
		n += int(scanTable[c])
	}
	return n
}

var scanTable [256]uint8

func fastestOf(f func()) time.Duration { return timing.Fastest(5, f)[0] }
