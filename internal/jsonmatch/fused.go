package jsonmatch

import (
	"math/bits"

	"github.com/cwfilter/cwfilter/internal/bytemask"
)

// fusedGuards checks all the key guards of a plan, and reads the event's spelling, in one
// pass over the event: bytemask marks the anchor bytes of every key and the backslash 64
// bytes at a time, and each mark is handled in order. Searching key by key rescans the
// event once per key plus once for backslashes; on CloudTrail records that rescanning was
// most of a Set's time.
type fusedGuards struct {
	marks    *bytemask.Set
	guards   []*keyGuard // at most maxFused
	plain    []bool      // guards[g]'s key has no character a short escape stands for
	byAnchor [256]uint8  // bit g: guards[g] anchors on the byte
}

// maxFused is the most guards one fusedGuards checks: byAnchor holds their bits.
const maxFused = 8

// newFusedGuards returns the fused check of the plan's guards, or nil when there is none
// or they do not fit: more than maxFused, or their anchors and the backslash more bytes
// than bytemask marks at once.
func newFusedGuards(tests []planTest) *fusedGuards {
	f := &fusedGuards{}
	anchors := []byte{'\\'}
	for _, t := range tests {
		if t.guard == nil {
			continue
		}
		if len(f.guards) == maxFused {
			return nil
		}
		f.byAnchor[t.guard.anchor] |= 1 << len(f.guards)
		f.guards = append(f.guards, t.guard)
		f.plain = append(f.plain, t.plain)
		anchors = append(anchors, t.guard.anchor)
	}
	marks, ok := bytemask.New(anchors...)
	if len(f.guards) == 0 || !ok {
		return nil
	}
	f.marks = marks
	return f
}

// chunkWords is how many words of marks scan keeps on its stack: 1 KiB of event at a time.
const chunkWords = 16

// scan sets acc[g] to the patterns guards[g] accepts and returns event's spelling, as
// spellingOf would. At a \u escape it stops, acc unfinished: no guard is sound then.
func (f *fusedGuards) scan(event []byte, acc *[maxFused]uint64) spelling {
	sp := verbatim
	escaped := -1 // the index of the character the last backslash escapes
	var words [chunkWords]uint64
	for off := 0; off < len(event); off += 64 * chunkWords {
		chunk := event[off:min(len(event), off+64*chunkWords)]
		n := (len(chunk) + 63) / 64
		f.marks.Masks(chunk, words[:n])
		for w, m := range words[:n] {
			for ; m != 0; m &= m - 1 {
				i := off + 64*w + bits.TrailingZeros64(m)
				c := event[i]
				if c == '\\' && i != escaped { // not itself escaped: \\u is no \u
					if i+1 < len(event) && event[i+1] == 'u' {
						return anySpelling
					}
					sp, escaped = shortEscapes, i+1
				}
				for gs := f.byAnchor[c]; gs != 0; gs &= gs - 1 {
					g := bits.TrailingZeros8(gs)
					acc[g] |= f.guards[g].occurrence(event, i)
				}
			}
		}
	}
	return sp
}
