package grammar

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestParseSelector(t *testing.T) {
	for _, c := range []struct {
		in   string
		want string // canonical text, "" = rejected
	}{
		{"$.latency", "$.latency"}, {"$.a.b[0]", "$.a.b[0]"}, {"$.['x.y'].z", "$.['x.y'].z"}, {"$.a[*]", "$.a[*]"},
		{"$", ""}, {"$.", ""}, {"latency", ""}, {"$.a b", ""}, {"$.a=1", ""}, {"", ""}, {"$[0]", ""},
	} {
		sel, ok := ParseSelector(c.in)
		if c.want == "" {
			require.False(t, ok, c.in)
			continue
		}
		require.True(t, ok, c.in)
		require.Equal(t, c.want, sel.String())
	}
}
