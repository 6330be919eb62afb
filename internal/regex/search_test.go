package regex

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/cwfilter/cwfilter/internal/termsearch"
)

// TestFusedScan holds the one-pass literal search to bytes.Index: the first occurrence of
// every literal, placed at every offset around the 64-byte words and the 1 KiB chunks of
// the pass, over fillers dense in the literals' bytes.
func TestFusedScan(t *testing.T) {
	sets := [][]string{
		{"i-"}, {"root"}, {"::"}, {"oo"}, {"AccessDenied", "UnauthorizedOperation"},
		{"ERROR", "WARN", "FATAL"}, {"ab", "ba", "aab"}, {"arn:aws:iam::", ":root"},
	}
	fillers := []string{"x", "i", "-", "ro", "o", "a", "ab", ":", "i-i-", "rooo"}
	for _, lits := range sets {
		ids := make([]uint8, len(lits))
		for i := range ids {
			ids[i] = uint8(i)
		}
		f := newFused(lits, ids)
		if f == nil {
			t.Fatalf("%q: no fused pass", lits)
		}
		for _, filler := range fillers {
			for _, size := range []int{0, 1, 63, 64, 65, 1023, 1024, 1025, 2100} {
				for _, at := range []int{0, 1, 62, 63, 64, 1022, 1023, 1024, 2047, size} {
					for k, l := range lits {
						if at > size {
							continue
						}
						base := strings.Repeat(filler, size/len(filler)+1)[:size]
						ev := []byte(base[:at] + l + base[at:])
						check(t, f, lits, ev, k == 0)
					}
				}
			}
		}
	}
}

func check(t *testing.T, f *fused, lits []string, ev []byte, any bool) {
	t.Helper()
	var memo [maxLiterals]int32
	found := f.scan(ev, &memo, any)
	someFound := false
	for i, l := range lits {
		want := bytes.Index(ev, []byte(l))
		someFound = someFound || want >= 0
		got := int(memo[i]) - 1
		if memo[i] == 0 {
			if !any {
				t.Fatalf("%q in %q: %q not decided", lits, ev, l)
			}
			continue // not reached after the first find
		}
		if memo[i] < 0 {
			got = -1
		}
		if got != want {
			t.Fatalf("%q in %.80q (%d bytes): %q at %d, want %d", lits, ev, len(ev), l, got, want)
		}
	}
	if found != someFound {
		t.Fatalf("%q in %.80q: found %v, want %v", lits, ev, found, someFound)
	}
}

// TestBoundaryBefore holds boundaryBefore to regexp's decoding from the text start: the
// last rune boundary at or before every position of texts mixing valid and invalid UTF-8.
func TestBoundaryBefore(t *testing.T) {
	for _, s := range []string{
		"abc", "é€\U0001F600", "\xe2\x82", "\xe2\x82\xac\xac\xac\xac", "a\xf0\x9f\x98\x80\x80b",
		"\xc3\xc3\xa9", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\x80\x80\x80\x80\x80", "x\xe0\xa0\x80\xff",
	} {
		b := []byte(s)
		var starts []int // rune boundaries, as utf8.DecodeRune steps from 0
		for i := 0; i < len(b); {
			starts = append(starts, i)
			_, w := utf8.DecodeRune(b[i:])
			i += w
		}
		starts = append(starts, len(b))
		for i := 0; i <= len(b); i++ {
			want := 0
			for _, st := range starts {
				if st <= i {
					want = st
				}
			}
			if got := boundaryBefore(b, i); got != want {
				t.Errorf("%q at %d: %d, want %d", s, i, got, want)
			}
		}
	}
}

// BenchmarkLiteralSearch compares the one-pass search of a prefilter's literals with
// termsearch's rarest-byte finder per literal, over every CloudTrail record: the first
// occurrence of each literal (impl=finder stops at none it needs either).
func BenchmarkLiteralSearch(b *testing.B) {
	recs := records()
	size := int64(0)
	for _, r := range recs {
		size += int64(len(r))
	}
	for _, lits := range [][]string{{"i-"}, {"root"}, {"ConsoleLogin", "Failure"}, {"ERROR", "WARN", "FATAL"}, {"AccessDenied", "UnauthorizedOperation"}} {
		ids := make([]uint8, len(lits))
		var finders []*termsearch.Finder
		for i, l := range lits {
			ids[i] = uint8(i)
			finders = append(finders, termsearch.New([]byte(l)))
		}
		f := newFused(lits, ids)
		name := strings.Join(lits, "|")
		b.Run(name+"/impl=fused", func(b *testing.B) {
			b.SetBytes(size)
			for b.Loop() {
				for _, r := range recs {
					var memo [maxLiterals]int32
					f.scan(r, &memo, false)
				}
			}
		})
		b.Run(name+"/impl=finder", func(b *testing.B) {
			b.SetBytes(size)
			for b.Loop() {
				for _, r := range recs {
					for _, fd := range finders {
						fd.Index(r)
					}
				}
			}
		})
	}
}
