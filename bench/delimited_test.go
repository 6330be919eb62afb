package bench

import (
	"strings"
	"testing"

	"github.com/cwfilter/cwfilter/filterpattern"
	"github.com/cwfilter/cwfilter/internal/delimited/loggen"
)

// Space-delimited patterns through the public API against a strings.Fields-based baseline
// (what one would write by hand), over the same 100k generated access-log lines. One op is
// one pass over all lines.

const delimitedLines = 100_000

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

func BenchmarkDelimitedAccessLog(b *testing.B) {
	lines := loggen.AccessLog(delimitedLines, loggen.Seed)
	var size int64
	for _, l := range lines {
		size += int64(len(l))
	}
	run := func(b *testing.B, match func([]byte) bool) int {
		b.SetBytes(size)
		b.ReportAllocs()
		hits := 0
		for b.Loop() {
			hits = 0
			for _, l := range lines {
				if match(l) {
					hits++
				}
			}
		}
		return hits
	}
	p := filterpattern.MustCompile("[ip, identity, user, timestamp, request, status_code=4*, size]")
	var engine, baseline int
	b.Run("engine", func(b *testing.B) { engine = run(b, p.Match) })
	b.Run("fields-baseline", func(b *testing.B) {
		baseline = run(b, func(l []byte) bool {
			f := fieldsBaseline(string(l))
			return len(f) >= 7 && strings.HasPrefix(f[5], "4")
		})
	})
	if engine != baseline || engine == 0 {
		b.Fatalf("engine matched %d lines, baseline %d", engine, baseline)
	}
}
