//go:build !purego

package bytemask

// useAVX2: the CPU and the OS support AVX2 (32-byte compares); otherwise SSE2 does.
var useAVX2 = hasAVX2()

func masks(s *Set, src []byte, dst []uint64) {
	in := src
	if len(src) < 64 {
		// The SIMD code reads whole blocks: a short src is padded, and the padding's marks
		// cleared below.
		var block [64]byte
		copy(block[:], src)
		in = block[:]
	}
	if useAVX2 {
		masksAVX2(&in[0], len(in), &dst[0], &s.vecs[0], s.n)
	} else {
		masksSSE2(&in[0], len(in), &dst[0], &s.vecs[0], s.n)
	}
	if len(src) < 64 {
		dst[0] &= 1<<len(src) - 1
	}
}

// masksSSE2 and masksAVX2 mark the n ≥ 64 bytes at src into (n+63)/64 words at dst,
// comparing them with the nv ≥ 1 vectors at vecs.
//
//go:noescape
func masksSSE2(src *byte, n int, dst *uint64, vecs *[32]byte, nv int)

//go:noescape
func masksAVX2(src *byte, n int, dst *uint64, vecs *[32]byte, nv int)

func hasAVX2() bool
