package bench

import (
	"bytes"
	"regexp"
	"testing"

	"github.com/cwfilter/cwfilter/filterpattern"
)

// Regex rows (issue 16): a standalone %regex% pattern through filterpattern, impl=cwfilter,
// against impl=regexp, regexp.Match of the same body on the same events: regexp is the
// engine's twin (R7: AWS answers as RE2). Every row runs over the whole CloudTrail corpus.
// RegexYardstick/impl=memscan is the memory-scan limit of the same run, beside which the
// slowest row is shown.
//
// CISSetRegex: the CIS Set with a regex member, on the events that lack the regex's
// literals, against the CIS Set followed by a search for that literal (the cost the member
// may add) and the CIS Set alone.

// regexRows are the rows' regexes: the first, then ones picked as a user would
// write them, not tuned for.
var regexRows = []struct{ bench, body string }{
	{"RegexAccessDenied", `AccessDenied|UnauthorizedOperation`},
	{"RegexDigits12", `[0-9]{12}`},
	{"RegexInstanceID", `i-[0-9a-f]{17}`},
	{"RegexConsoleFailure", `ConsoleLogin.*Failure`},
	{"RegexDigitsDash", `\d{3}-\d{3}`},
	{"RegexLevels", `ERROR|WARN|FATAL`},
	{"RegexWordRoot", `\broot\b`},
	{"RegexAnchored", `^.{2}eventVersion`},
	{"RegexAccessKey", `AKIA[0-9A-Z]{16}`},
	{"RegexHost", `[a-z0-9-]+\.amazonaws\.com`},
	{"RegexException", `errorCode.{1,5}[A-Za-z]+Exception`},
	{"RegexIPv4", `[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}`},
	{"RegexBounded", `eventName.{1,40}Delete`},
}

func regexImpls(body string) []impl {
	return []impl{
		{"cwfilter", filterpattern.MustCompile("%" + body + "%").Match},
		{"regexp", regexp.MustCompile(body).Match},
	}
}

func benchRegex(b *testing.B, row string) {
	evs, size := cloudTrail()
	for _, r := range regexRows {
		if r.bench != row {
			continue
		}
		for _, im := range regexImpls(r.body) {
			b.Run("impl="+im.name, func(b *testing.B) { run(b, evs, size, im.match) })
		}
		return
	}
	b.Fatalf("no regex row %s", row)
}

func BenchmarkRegexAccessDenied(b *testing.B)   { benchRegex(b, "RegexAccessDenied") }
func BenchmarkRegexDigits12(b *testing.B)       { benchRegex(b, "RegexDigits12") }
func BenchmarkRegexInstanceID(b *testing.B)     { benchRegex(b, "RegexInstanceID") }
func BenchmarkRegexConsoleFailure(b *testing.B) { benchRegex(b, "RegexConsoleFailure") }
func BenchmarkRegexDigitsDash(b *testing.B)     { benchRegex(b, "RegexDigitsDash") }
func BenchmarkRegexLevels(b *testing.B)         { benchRegex(b, "RegexLevels") }
func BenchmarkRegexWordRoot(b *testing.B)       { benchRegex(b, "RegexWordRoot") }
func BenchmarkRegexAnchored(b *testing.B)       { benchRegex(b, "RegexAnchored") }
func BenchmarkRegexAccessKey(b *testing.B)      { benchRegex(b, "RegexAccessKey") }
func BenchmarkRegexHost(b *testing.B)           { benchRegex(b, "RegexHost") }
func BenchmarkRegexException(b *testing.B)      { benchRegex(b, "RegexException") }
func BenchmarkRegexIPv4(b *testing.B)           { benchRegex(b, "RegexIPv4") }
func BenchmarkRegexBounded(b *testing.B)        { benchRegex(b, "RegexBounded") }

func BenchmarkRegexYardstick(b *testing.B) {
	evs, size := cloudTrail()
	b.Run("impl=memscan", func(b *testing.B) { run(b, evs, size, memscan) })
}

// The regex of the CISSetRegex row and the literal its prefilter searches first.
const (
	setRegex        = `%ConsoleLogin.*Failure%`
	setRegexLiteral = "ConsoleLogin"
)

// withoutLiteral returns the events without setRegexLiteral and their size.
func withoutLiteral() ([][]byte, int64) {
	evs, _ := cloudTrail()
	var out [][]byte
	for _, ev := range evs {
		if !bytes.Contains(ev, []byte(setRegexLiteral)) {
			out = append(out, ev)
		}
	}
	return out, sizeOf(out)
}

func BenchmarkCISSetRegex(b *testing.B) {
	evs, size := withoutLiteral()
	cis := cisSet(b)
	withRegex := filterpattern.NewSet(append(cis, filterpattern.MustCompile(setRegex))...)
	alone := filterpattern.NewSet(cis...)
	search := filterpattern.MustCompile(setRegexLiteral) // a term pattern: one literal search
	dst := make([]int, 0, len(cis)+1)
	b.Run("impl=set", func(b *testing.B) {
		runCount(b, evs, size, func(ev []byte) int {
			dst = withRegex.Match(ev, dst[:0])
			return len(dst)
		})
	})
	b.Run("impl=bound", func(b *testing.B) {
		runCount(b, evs, size, func(ev []byte) int {
			dst = alone.Match(ev, dst[:0])
			if search.Match(ev) {
				dst = append(dst, len(cis))
			}
			return len(dst)
		})
	})
	b.Run("impl=cis", func(b *testing.B) {
		runCount(b, evs, size, func(ev []byte) int {
			dst = alone.Match(ev, dst[:0])
			return len(dst)
		})
	})
}

// Every regex row's implementations agree on every event; the CISSetRegex events lack the
// literal, so the regex member matches none of them.
func TestRegexBaselinesAgree(t *testing.T) {
	evs, _ := cloudTrail()
	for _, r := range regexRows {
		impls := regexImpls(r.body)
		for _, ev := range evs {
			if got, want := impls[0].match(ev), impls[1].match(ev); got != want {
				t.Fatalf("%s on %s: cwfilter %v, regexp %v", r.body, ev, got, want)
			}
		}
	}
	rest, _ := withoutLiteral()
	if len(rest) == 0 || count(rest, filterpattern.MustCompile(setRegex).Match) != 0 {
		t.Fatalf("CISSetRegex: %d events, or some match %s", len(rest), setRegex)
	}
}
