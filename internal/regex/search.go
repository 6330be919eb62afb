package regex

import (
	"bytes"
	"math/bits"

	"github.com/cwfilter/cwfilter/internal/bytemask"
	"github.com/cwfilter/cwfilter/internal/termsearch"
)

// fused finds the first occurrence of several literals in one pass over the text. Each
// literal (two bytes or more) is found through one pair of adjacent bytes: its rarest byte
// (termsearch's frequency order) and the rarer of that byte's neighbours. bytemask marks
// every byte of every pair, 64 text bytes to a word; a position marked together with the
// next one is where a pair may begin, and only there is a literal compared. Searching
// literal by literal instead rescans the text once per literal and pays a call per
// occurrence of the anchor byte: for `i-` in CloudTrail, where `i` is everywhere, three
// times the time (bench/README.md, "Regex matching").
type fused struct {
	marks   *bytemask.Set
	in      [256]bool   // the marked bytes, for a pair across two chunks
	lits    [][]byte    // by fused index
	ids     []uint8     // the prefilter's literal id of each
	at      []int       // where its pair begins in it
	pairs   [][2]byte   // its pair
	byFirst [256]uint16 // bit i: the pair of lits[i] begins with the byte
}

// maxFused is the most literals one pass finds (byFirst holds their bits).
const maxFused = 16

// rarer reports whether byte a occurs less often than b in logs, by termsearch's table: a
// two-byte Finder anchors on its rarer byte (the first of equals).
func rarer(a, b byte) bool {
	c, _ := termsearch.New([]byte{a, b}).Anchor()
	return c == a && a != b
}

// newFused returns the pass for the literals lits (ids: their prefilter ids), or nil when
// one is shorter than two bytes or their pairs need more bytes than bytemask marks.
func newFused(lits []string, ids []uint8) *fused {
	if len(lits) == 0 || len(lits) > maxFused {
		return nil
	}
	f := &fused{}
	var marked []byte
	for i, l := range lits {
		if len(l) < 2 {
			return nil
		}
		_, at := termsearch.New([]byte(l)).Anchor()
		// The pair: the anchor and its rarer neighbour.
		p := at
		switch {
		case at == len(l)-1:
			p = at - 1
		case at > 0 && rarer(l[at-1], l[at+1]):
			p = at - 1
		}
		f.lits = append(f.lits, []byte(l))
		f.ids = append(f.ids, ids[i])
		f.at = append(f.at, p)
		f.pairs = append(f.pairs, [2]byte{l[p], l[p+1]})
		f.byFirst[l[p]] |= 1 << i
		for _, c := range []byte{l[p], l[p+1]} {
			if !f.in[c] {
				f.in[c] = true
				marked = append(marked, c)
			}
		}
	}
	marks, ok := bytemask.New(marked...)
	if !ok {
		return nil
	}
	f.marks = marks
	return f
}

// chunkWords is how many words of marks scan keeps on its stack: 1 KiB of text at a time.
const chunkWords = 16

// scan records in memo (by prefilter id: index+1, or -1 when absent) the first occurrence
// of every literal, and reports whether it found any. With any set it stops at the first
// found; the literals it did not reach stay unknown (0).
func (f *fused) scan(b []byte, memo *[maxLiterals]int32, any bool) bool {
	todo := uint16(1)<<len(f.lits) - 1
	found := false
	var words [chunkWords]uint64
	for off := 0; off < len(b) && todo != 0; off += 64 * chunkWords {
		end := min(len(b), off+64*chunkWords)
		n := (end - off + 63) / 64
		f.marks.Masks(b[off:end], words[:n])
		for w := range n {
			m := words[w]
			var next uint64 // the mark of the byte after this word
			switch {
			case w+1 < n:
				next = words[w+1] & 1
			case end < len(b) && f.in[b[end]]:
				next = 1
			}
			for c := m & (m>>1 | next<<63); c != 0; c &= c - 1 {
				p := off + 64*w + bits.TrailingZeros64(c)
				for ls := f.byFirst[b[p]] & todo; ls != 0; ls &= ls - 1 {
					i := bits.TrailingZeros16(ls)
					s := p - f.at[i]
					if b[p+1] == f.pairs[i][1] && s >= 0 && s+len(f.lits[i]) <= len(b) &&
						bytes.Equal(b[s:s+len(f.lits[i])], f.lits[i]) {
						memo[f.ids[i]] = int32(s + 1)
						todo &^= 1 << i
						found = true
						if any {
							return true
						}
					}
				}
			}
		}
	}
	for ; todo != 0; todo &= todo - 1 {
		memo[f.ids[bits.TrailingZeros16(todo)]] = -1
	}
	return found
}
