// Package bytemask marks where any of a few bytes occurs, 64 bytes of input to a word, so
// that a caller looking for several needles at once scans the input a single time and
// then visits the candidates in order. On amd64 the marking is SSE2 (every amd64 CPU has
// it) or AVX2 where the CPU has it; elsewhere, and with the purego build tag, a table loop
// does it.
package bytemask

// MaxBytes is the most bytes one Set marks.
const MaxBytes = 8

// Set is a set of at most MaxBytes bytes. It is immutable and safe for concurrent use.
type Set struct {
	vecs  [MaxBytes][32]byte // each byte repeated 32 times, for the SIMD compare
	n     int
	table [256]bool
}

// New returns the Set of bs, or false when bs holds more than MaxBytes distinct bytes.
func New(bs ...byte) (*Set, bool) {
	s := &Set{}
	for _, c := range bs {
		if s.table[c] {
			continue
		}
		if s.n == MaxBytes {
			return nil, false
		}
		s.table[c] = true
		for i := range s.vecs[s.n] {
			s.vecs[s.n][i] = c
		}
		s.n++
	}
	return s, true
}

// Masks sets bit i of dst[w] when src[64*w+i] is in the set, for the (len(src)+63)/64
// words dst must have room for; bits past the end of src are clear.
func (s *Set) Masks(src []byte, dst []uint64) {
	words := (len(src) + 63) / 64
	if len(dst) < words {
		panic("bytemask: dst shorter than (len(src)+63)/64")
	}
	if words == 0 {
		return
	}
	if s.n == 0 {
		clear(dst[:words])
		return
	}
	masks(s, src, dst[:words])
}

// masksGeneric is Masks one byte at a time: the twin the SIMD version is tested against.
func masksGeneric(s *Set, src []byte, dst []uint64) {
	for w := range dst {
		var m uint64
		for i, c := range src[64*w : min(len(src), 64*w+64)] {
			if s.table[c] {
				m |= 1 << i
			}
		}
		dst[w] = m
	}
}
