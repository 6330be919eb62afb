package bench

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// multiDifferential checks Multi.Scan against bytes.Contains for every needle.
func multiDifferential(t *testing.T, needles [][]byte, h []byte) {
	t.Helper()
	m := NewMulti(needles)
	found := make([]uint64, (len(needles)+63)/64)
	m.Scan(h, found)
	for i, nd := range needles {
		want := bytes.Contains(h, nd)
		if got := found[i>>6]&(1<<(i&63)) != 0; got != want {
			t.Fatalf("needle %q in %q: Scan says %v, bytes.Contains %v", nd, h, got, want)
		}
	}
}

func TestMulti(t *testing.T) {
	cases := []struct {
		needles []string
		h       string
	}{
		{[]string{"he", "she", "his", "hers"}, "ushers"},
		{[]string{"a", "aa", "aaa"}, "aa"},
		{[]string{"Policy", "Vpc", "Gateway", "Route"}, `{"eventName":"CreateRoute"}`},
		{[]string{"", "x"}, ""},
		{[]string{"abcd", "bc", "c"}, "abx"},
	}
	for _, c := range cases {
		var nds [][]byte
		for _, s := range c.needles {
			nds = append(nds, []byte(s))
		}
		multiDifferential(t, nds, []byte(c.h))
	}
}

func FuzzMulti(f *testing.F) {
	f.Add([]byte("he\x00she\x00his\x00hers"), []byte("ushers"))
	f.Add([]byte("abab\x00bab\x00b"), []byte("abababa"))
	f.Fuzz(func(t *testing.T, needles, h []byte) {
		if len(needles) > 200 {
			return
		}
		multiDifferential(t, bytes.Split(needles, []byte{0}), h)
	})
}

func TestMultiRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	word := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = "abc"[r.IntN(3)]
		}
		return b
	}
	for range 2000 {
		var nds [][]byte
		for range 1 + r.IntN(8) {
			nds = append(nds, word(r.IntN(5)))
		}
		multiDifferential(t, nds, word(r.IntN(40)))
	}
}
