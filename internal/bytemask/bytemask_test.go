package bytemask

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// simdVersion selects one implementation of masks for a test; use returns the undo.
type simdVersion struct {
	name string
	use  func() (undo func())
}

// simdVersions: the versions of masks this build and CPU can run, the default first (on
// amd64 without purego: AVX2 where the CPU has it, else SSE2).
var simdVersions = []simdVersion{{"default", func() func() { return func() {} }}}

// The SIMD marking agrees with the byte loop, for every set size, length and offset.
func TestMasksMatchGeneric(t *testing.T) {
	for _, v := range simdVersions {
		t.Run(v.name, func(t *testing.T) {
			defer v.use()()
			testMasksMatchGeneric(t)
		})
	}
}

func testMasksMatchGeneric(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	src := make([]byte, 64*9+7)
	for i := range src {
		src[i] = byte(r.IntN(8)) + 'a' // dense hits
	}
	for n := 1; n <= MaxBytes; n++ {
		s, ok := New([]byte("abcdefgh")[:n]...)
		if !ok {
			t.Fatalf("New of %d bytes refused", n)
		}
		for _, size := range []int{0, 1, 63, 64, 65, 127, 128, 64*9 - 1} {
			for off := range 7 {
				in := src[off : off+size]
				words := (size + 63) / 64
				got, want := make([]uint64, words), make([]uint64, words)
				s.Masks(in, got)
				masksGeneric(s, in, want)
				if !slices.Equal(got, want) {
					t.Fatalf("%d bytes, size %d, offset %d: %x, want %x", n, size, off, got, want)
				}
				if size >= 64 && got[0] == 0 {
					t.Fatalf("%d bytes, size %d, offset %d: no hit in dense input", n, size, off)
				}
			}
		}
	}
}

// A src shorter than a block is padded with zeros: their marks must not show.
func TestMasksShortWithZero(t *testing.T) {
	for _, v := range simdVersions {
		undo := v.use()
		s, _ := New(0, 'x')
		dst := []uint64{^uint64(0)}
		s.Masks([]byte{'x', 0, 'y'}, dst)
		undo()
		if dst[0] != 0b011 {
			t.Errorf("%s: marks %b, want 11", v.name, dst[0])
		}
	}
}

func TestNew(t *testing.T) {
	s, ok := New('a', 'b', 'a')
	if !ok || s.n != 2 || !s.table['a'] || !s.table['b'] || s.table['c'] {
		t.Fatalf("New(a, b, a) = %+v, %v", s, ok)
	}
	if _, ok := New([]byte("abcdefghi")...); ok {
		t.Fatalf("New of 9 bytes accepted")
	}
	empty, _ := New()
	dst := []uint64{7, 7}
	empty.Masks(make([]byte, 65), dst)
	if dst[0] != 0 || dst[1] != 0 {
		t.Fatalf("empty set marked %x", dst)
	}
}

func TestMasksAllocates(t *testing.T) {
	s, _ := New('"', '\\')
	src, dst := make([]byte, 1024), make([]uint64, 16)
	if n := testing.AllocsPerRun(100, func() { s.Masks(src, dst); s.Masks(src[:10], dst) }); n != 0 {
		t.Fatalf("%v allocations", n) // a short src is padded on the stack
	}
}

func FuzzMasks(f *testing.F) {
	f.Add([]byte(`{"eventName":"x","a\\u0041":1}`), []byte(`"\N`))
	f.Fuzz(func(t *testing.T, src, set []byte) {
		s, ok := New(set...)
		if !ok {
			return
		}
		words := (len(src) + 63) / 64
		want := make([]uint64, words)
		masksGeneric(s, src, want)
		for _, v := range simdVersions {
			undo := v.use()
			got := make([]uint64, words)
			s.Masks(src, got)
			undo()
			if !slices.Equal(got, want) {
				t.Fatalf("%s: %x, want %x", v.name, got, want)
			}
		}
	})
}
