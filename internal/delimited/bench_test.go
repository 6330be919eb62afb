package delimited

import (
	"strings"
	"sync"
	"testing"

	"github.com/cwfilter/cwfilter/internal/delimited/loggen"
)

// The benchmarks run the engine and a strings.Fields-based baseline (what one would write by
// hand) over the same 100k generated access-log lines; one op is one pass over all lines.

const benchLines = 100_000

var accessLines = sync.OnceValue(func() [][]byte { return loggen.AccessLog(benchLines, loggen.Seed) })

func corpusBytes(lines [][]byte) (n int64) {
	for _, l := range lines {
		n += int64(len(l))
	}
	return n
}

// baselineFields splits like a hand-written parser: strings.Fields, then quoted/bracketed
// groups glued back together and their delimiters stripped.
func baselineFields(line string) []string {
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

// baseline4xx is the baseline for [ip, identity, user, timestamp, request, status_code=4*, size].
func baseline4xx(line []byte) bool {
	f := baselineFields(string(line))
	return len(f) >= 7 && strings.HasPrefix(f[5], "4")
}

const pattern4xx = "[ip, identity, user, timestamp, request, status_code=4*, size]"

func TestBaselineAgrees(t *testing.T) {
	m := compile(t, pattern4xx)
	lines := accessLines()
	hits := 0
	for _, l := range lines {
		got, want := m.Match(l), baseline4xx(l)
		if got != want {
			t.Fatalf("engine %v, baseline %v on %q", got, want, l)
		}
		if got {
			hits++
		}
	}
	if hits == 0 || hits == len(lines) {
		t.Fatalf("%d of %d lines match: the corpus does not exercise the filter", hits, len(lines))
	}
}

func BenchmarkAccessLog(b *testing.B) {
	lines := accessLines()
	size := corpusBytes(lines)
	run := func(b *testing.B, match func([]byte) bool) {
		b.SetBytes(size)
		b.ReportAllocs()
		hits := 0
		for b.Loop() {
			for _, l := range lines {
				if match(l) {
					hits++
				}
			}
		}
		if hits == 0 {
			b.Fatal("no line matched")
		}
	}
	b.Run("match/engine", func(b *testing.B) { run(b, compile(b, pattern4xx).Match) })
	b.Run("match/fields-baseline", func(b *testing.B) { run(b, baseline4xx) })

	m := compile(b, "[..., request=*.html*, status_code=4*, size]")
	b.Run("match-tail/engine", func(b *testing.B) { run(b, m.Match) })

	r, _ := compile(b, pattern4xx).Ref("$size")
	m4 := compile(b, pattern4xx)
	b.Run("value/engine", func(b *testing.B) {
		run(b, func(l []byte) bool { _, ok := m4.Value(l, r); return ok })
	})
	b.Run("value/fields-baseline", func(b *testing.B) {
		run(b, func(l []byte) bool {
			f := baselineFields(string(l))
			return len(f) >= 7 && strings.HasPrefix(f[5], "4") && f[6] != ""
		})
	})

	var dst []Field
	b.Run("extract/engine", func(b *testing.B) {
		run(b, func(l []byte) (ok bool) { dst, ok = m4.AppendExtract(dst[:0], l); return ok })
	})
	b.Run("extract/fields-baseline", func(b *testing.B) {
		run(b, func(l []byte) bool {
			f := baselineFields(string(l))
			if len(f) < 7 || !strings.HasPrefix(f[5], "4") {
				return false
			}
			dst = dst[:0]
			for i, v := range f[:7] {
				dst = append(dst, Field{Key: numKey(i + 1), Value: v})
			}
			return true
		})
	})
}
