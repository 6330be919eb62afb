package bench

// Multi reports which of many needles occur in a haystack, in one pass over it: an
// Aho–Corasick automaton, the measured alternative to searching each literal on its rarest
// byte (the SetLiterals row), determinised over byte classes (the bytes of the needles plus one
// class for every other byte) so that each haystack byte costs two table loads.
// It is immutable and safe for concurrent use.
type Multi struct {
	n        int
	class    [256]uint8
	width    int32   // number of byte classes
	next     []int32 // next[state*width+class]
	outStart []int32 // the needles ending at state s are outs[outStart[s]:outStart[s+1]]
	outs     []int32
}

// NewMulti builds a Multi for needles (at most 255 distinct bytes among them, which any
// needle set has). An empty needle occurs in every haystack.
func NewMulti(needles [][]byte) *Multi {
	m := &Multi{n: len(needles)}
	for _, nd := range needles {
		for _, c := range nd {
			if m.class[c] == 0 {
				m.width++
				m.class[c] = uint8(m.width)
			}
		}
	}
	m.width++ // class 0: bytes of no needle
	// The trie of the needles, then failure links breadth first.
	type state struct {
		child map[uint8]int32
		fail  int32
		out   []int32
	}
	states := []state{{child: map[uint8]int32{}}}
	for id, nd := range needles {
		s := int32(0)
		for _, c := range nd {
			k := m.class[c]
			t, ok := states[s].child[k]
			if !ok {
				states = append(states, state{child: map[uint8]int32{}})
				t = int32(len(states) - 1)
				states[s].child[k] = t
			}
			s = t
		}
		states[s].out = append(states[s].out, int32(id))
	}
	m.next = make([]int32, len(states)*int(m.width))
	queue := []int32{0}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		for k := int32(0); k < m.width; k++ {
			t, ok := states[s].child[uint8(k)]
			if !ok {
				if s != 0 {
					m.next[s*m.width+k] = m.next[states[s].fail*m.width+k]
				}
				continue
			}
			m.next[s*m.width+k] = t
			if s != 0 {
				states[t].fail = m.next[states[s].fail*m.width+k]
			}
			states[t].out = append(states[t].out, states[states[t].fail].out...)
			queue = append(queue, t)
		}
	}
	for _, st := range states {
		m.outStart = append(m.outStart, int32(len(m.outs)))
		m.outs = append(m.outs, st.out...)
	}
	m.outStart = append(m.outStart, int32(len(m.outs)))
	return m
}

// Len returns the number of needles.
func (m *Multi) Len() int { return m.n }

// Scan sets bit i of found (len(found)*64 ≥ Len()) for every needle i that occurs in h.
// Bits already set are left set.
func (m *Multi) Scan(h []byte, found []uint64) {
	for _, id := range m.outs[m.outStart[0]:m.outStart[1]] { // empty needles
		found[id>>6] |= 1 << (id & 63)
	}
	s := int32(0)
	for _, c := range h {
		s = m.next[s*m.width+int32(m.class[c])]
		if lo, hi := m.outStart[s], m.outStart[s+1]; lo != hi {
			for _, id := range m.outs[lo:hi] {
				found[id>>6] |= 1 << (id & 63)
			}
		}
	}
}
