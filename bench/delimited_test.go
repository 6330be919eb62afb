package bench

import (
	"strings"
	"testing"

	"github.com/cwfilter/cwfilter/filterpattern"
)

// Space-delimited patterns through the public API against a strings.Fields-based baseline
// (what one would write by hand), over the same 100k generated access-log lines
// (internal/delimited/loggen, fixed seed). One op is one pass over all lines.

const delimitedPattern = "[ip, identity, user, timestamp, request, status_code=4*, size]"

// fieldsBaseline splits like a hand-written parser: strings.Fields, then quoted/bracketed
// groups glued back together and their delimiters stripped.
func fieldsBaseline(line string) []string {
	raw := strings.Fields(line)
	out := raw[:0]
	for i := 0; i < len(raw); i++ {
		t := raw[i]
		var closer string
		switch t[0] {
		case '"':
			closer = `"`
		case '[':
			closer = "]"
		}
		if closer != "" {
			j := i
			for j+1 < len(raw) && (j == i && len(t) == 1 || !strings.HasSuffix(raw[j], closer)) {
				j++
			}
			t = strings.Join(raw[i:j+1], " ")
			t = strings.TrimSuffix(t[1:], closer)
			i = j
		}
		out = append(out, t)
	}
	return out
}

func delimitedImpls() []impl {
	return []impl{
		{"cwfilter", filterpattern.MustCompile(delimitedPattern).Match},
		{"fields", func(l []byte) bool {
			f := fieldsBaseline(string(l))
			return len(f) >= 7 && strings.HasPrefix(f[5], "4")
		}},
	}
}

// Delimited: the access-log 4xx filter against strings.Fields and hand-written checks.
func BenchmarkDelimited(b *testing.B) {
	lines, size := accessLog()
	for _, im := range delimitedImpls() {
		b.Run("impl="+im.name, func(b *testing.B) { run(b, lines, size, im.match) })
	}
}

// delimitedExtractImpls extract the filter's seven values from each matching line: cwfilter's
// AppendExtract (what TestMetricFilter reports, and metric values read), and the baseline's
// fields keyed as TestMetricFilter keys them.
func delimitedExtractImpls() []impl {
	p := filterpattern.MustCompile(delimitedPattern)
	var fields filterpattern.Fields
	var values map[string]string
	return []impl{
		{"cwfilter", func(l []byte) (ok bool) {
			fields, ok = p.AppendExtract(fields[:0], l)
			return ok
		}},
		{"fields", func(l []byte) bool {
			f := fieldsBaseline(string(l))
			if len(f) < 7 || !strings.HasPrefix(f[5], "4") {
				return false
			}
			if values == nil {
				values = map[string]string{}
			}
			for i, name := range delimitedNames {
				values[name] = f[i]
			}
			return true
		}},
	}
}

var delimitedNames = [...]string{"$ip", "$identity", "$user", "$timestamp", "$request", "$status_code", "$size"}

// DelimitedExtract: the same filter's extracted values, against the baseline's fields.
func BenchmarkDelimitedExtract(b *testing.B) {
	lines, size := accessLog()
	for _, im := range delimitedExtractImpls() {
		b.Run("impl="+im.name, func(b *testing.B) { run(b, lines, size, im.match) })
	}
}

func TestDelimitedBaselineAgrees(t *testing.T) {
	lines, _ := accessLog()
	impls := delimitedImpls()
	for _, l := range lines {
		if got, want := impls[0].match(l), impls[1].match(l); got != want {
			t.Fatalf("cwfilter %v, baseline %v on %q", got, want, l)
		}
	}
	if n := count(lines, impls[0].match); n == 0 || n == len(lines) {
		t.Fatalf("%d of %d lines match: the corpus does not exercise the filter", n, len(lines))
	}
}
