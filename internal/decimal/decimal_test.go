package decimal

import (
	"math/big"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestCompare(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"7", "7.0", 0}, {"7", "7e0", 0}, {"70", "7e1", 0}, {"0.07", "7e-2", 0}, {"-0", "0", 0}, {"0.000", "-0e5", 0},
		{"007", "7", 0}, {"9007199254740993", "9007199254740992", 1}, {"1", "2", -1}, {"-1", "-2", 1},
		{"1.5", "1.45", 1}, {"100", "1e2", 0}, {"1e2147483647", "1", 1}, {"1e-2147483647", "0", 1}, {"-5", "0", -1},
		{"123456789012345678901234567890", "123456789012345678901234567891", -1},
	} {
		av, ok := Parse(c.a, Literal)
		require.True(t, ok, c.a)
		bv, ok := Parse(c.b, Literal)
		require.True(t, ok, c.b)
		require.Equal(t, c.want, Compare([]byte(c.a), av, []byte(c.b), bv), "%s vs %s", c.a, c.b)
	}
}

func TestParseGrammar(t *testing.T) {
	for _, c := range []struct {
		s       string
		literal bool
		loose   bool
	}{
		{"7", true, true}, {"+7", true, true}, {"7.", false, true}, {".5", false, true}, {"1.5e3", true, true},
		{"1e", false, false}, {"e1", false, false}, {"", false, false}, {"-", false, false}, {"1.5.2", false, false},
		{"5e9999999999", false, false}, {"1e2147483647", true, true}, {"1e2147483648", false, false},
		{"0.5e-2147483647", false, false}, // F − E = 1 + 2147483647 is out of range (L3)
		{" 7", false, false}, {"0x10", false, false},
	} {
		_, ok := Parse(c.s, Literal)
		require.Equal(t, c.literal, ok, "literal %q", c.s)
		_, ok = Parse(c.s, Loose)
		require.Equal(t, c.loose, ok, "loose %q", c.s)
	}
}

// FuzzCompare holds Compare to math/big on numbers with small exponents.
func FuzzCompare(f *testing.F) {
	f.Add("1.50", "15e-1")
	f.Add("-0.0", "0")
	f.Fuzz(func(t *testing.T, a, b string) {
		av, ok1 := Parse(a, Loose)
		bv, ok2 := Parse(b, Loose)
		if !ok1 || !ok2 || len(a) > 40 || len(b) > 40 || av.Adj > 400 || av.Adj < -400 || bv.Adj > 400 || bv.Adj < -400 {
			return
		}
		ar, ok1 := new(big.Rat).SetString(trimPlusDot(a))
		br, ok2 := new(big.Rat).SetString(trimPlusDot(b))
		if !ok1 || !ok2 {
			t.Skip()
		}
		if got, want := Compare([]byte(a), av, []byte(b), bv), ar.Cmp(br); got != want {
			t.Fatalf("Compare(%q, %q) = %d, big.Rat says %d", a, b, got, want)
		}
	})
}

// trimPlusDot rewrites the loose spellings big.Rat does not take ("7.", ".5").
func trimPlusDot(s string) string {
	out := []byte{}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '.' && (i+1 == len(s) || s[i+1] < '0' || s[i+1] > '9') {
			continue
		}
		if c == '.' && (i == 0 || s[i-1] < '0' || s[i-1] > '9') {
			out = append(out, '0')
		}
		out = append(out, c)
	}
	return string(out)
}
