package glob

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestGlob(t *testing.T) {
	for _, c := range []struct {
		g, s string
		want bool
	}{
		{"*", "", true}, {"Create*", "CreateUser", true}, {"Create*", "xCreate", false},
		{"*Operation", "UnauthorizedOperation", true}, {"*Denied*", "AccessDeniedException", true},
		{"a*b", "a*b", true}, {"a*b", "axb", false}, // an interior * is a literal star
		{"**", "", true}, {"", "", true}, {"", "x", false}, {"*a", "a", true}, {"a*", "a", true},
	} {
		g := Compile(c.g)
		require.Equal(t, c.want, g.Match([]byte(c.s)), "%q on %q", c.g, c.s)
		require.Equal(t, c.want, Reference(c.g, c.s), "reference %q on %q", c.g, c.s)
	}
}

func FuzzGlob(f *testing.F) {
	f.Add("*a*", "bab")
	f.Add("a*", "ab")
	f.Fuzz(func(t *testing.T, g, s string) {
		c := Compile(g)
		if got, want := c.Match([]byte(s)), Reference(g, s); got != want {
			t.Fatalf("glob %q on %q: %v, reference %v", g, s, got, want)
		}
	})
}
