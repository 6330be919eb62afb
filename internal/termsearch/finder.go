// Package termsearch finds a fixed byte string in a haystack. bytes.Index anchors on the
// needle's first byte, which is slow when that byte is common in logs ('"', 'e', ' ');
// Finder anchors on the needle's rarest byte by a frequency table taken from real logs,
// and falls back to bytes.Index when the anchor turns out dense in the haystack.
package termsearch

//go:generate go run gen_table.go ../../cloudtrail/corpus/aws-docs-examples.jsonl.gz ../../cloudtrail/corpus/console-cartographer.jsonl.gz ../../cloudtrail/corpus/panther-analysis.jsonl.gz ../../cloudtrail/corpus/stratus-red-team.jsonl.gz

import "bytes"

// Finder searches for one needle. It is immutable and safe for concurrent use.
type Finder struct {
	needle []byte
	anchor byte // the rarest byte of needle
	at     int  // its index in needle
}

// New returns a Finder for needle (copied).
func New(needle []byte) *Finder {
	f := &Finder{needle: append([]byte(nil), needle...)}
	for i, c := range f.needle {
		if i == 0 || byteRank[c] < byteRank[f.anchor] {
			f.anchor, f.at = c, i
		}
	}
	return f
}

// Needle returns the searched bytes.
func (f *Finder) Needle() []byte { return f.needle }

// Anchor returns the byte the search anchors on and its index in the needle, for callers
// that visit every occurrence in a loop of their own.
func (f *Finder) Anchor() (byte, int) { return f.anchor, f.at }

// denseAfter and denseRatio decide when the anchor is dense in this haystack: after
// denseAfter false candidates, if they come more often than one per denseRatio bytes
// scanned, bytes.Index (SIMD on the first byte plus Rabin–Karp) is the better tool.
const (
	denseAfter = 8
	denseRatio = 16
)

// Index returns the index of the first occurrence of the needle in h, or -1.
func (f *Finder) Index(h []byte) int {
	n := len(f.needle)
	switch {
	case n == 0:
		return 0
	case n == 1:
		return bytes.IndexByte(h, f.anchor)
	case n > len(h):
		return -1
	}
	tail := n - 1 - f.at // bytes of the needle after the anchor
	i, misses := f.at, 0
	for i < len(h)-tail {
		j := bytes.IndexByte(h[i:len(h)-tail], f.anchor)
		if j < 0 {
			return -1
		}
		start := i + j - f.at
		// The needle's ends reject most false anchors without a call.
		if h[start] == f.needle[0] && h[start+n-1] == f.needle[n-1] && bytes.Equal(h[start:start+n], f.needle) {
			return start
		}
		i += j + 1
		if misses++; misses >= denseAfter && misses*denseRatio > i {
			if k := bytes.Index(h[start+1:], f.needle); k >= 0 {
				return start + 1 + k
			}
			return -1
		}
	}
	return -1
}

// Contains reports whether the needle occurs in h.
func (f *Finder) Contains(h []byte) bool { return f.Index(h) >= 0 }
