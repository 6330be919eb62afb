package termsearch

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestIndex(t *testing.T) {
	dense := strings.Repeat("ab", 5000) + "abX"
	for _, c := range []struct{ needle, hay string }{
		{"", "abc"}, {"a", ""}, {"a", "bca"}, {"abc", "ab"}, {"abc", "xxabcxxabc"}, {"XY", "XXY"},
		{"q", strings.Repeat("x", 100)}, {"bX", dense}, {"aZb", dense}, {"zzq", "zzzzzzzzzzzzzzzzzzzzzq"},
		{`"eventName":"ConsoleLogin"`, `{"eventName":"ConsoleLogin","x":1}`},
	} {
		f := New([]byte(c.needle))
		require.Equal(t, strings.Index(c.hay, c.needle), f.Index([]byte(c.hay)), "needle %q", c.needle)
	}
}

func TestIndexDoesNotAllocate(t *testing.T) {
	f := New([]byte("AccessDenied"))
	h := []byte(strings.Repeat(`{"eventName":"GetObject","errorCode":"NoSuchKey"}`, 20))
	require.Zero(t, testing.AllocsPerRun(100, func() { f.Index(h) }))
}

// FuzzIndex holds the rarest-byte finder to bytes.Index, its slow twin.
func FuzzIndex(f *testing.F) {
	f.Add([]byte("ab"), []byte("xxabab"))
	f.Add([]byte("eventSource"), []byte(`{"eventSource":"s3.amazonaws.com"}`))
	f.Add([]byte("aaab"), bytes.Repeat([]byte("a"), 300))
	f.Fuzz(func(t *testing.T, needle, hay []byte) {
		if got, want := New(needle).Index(hay), bytes.Index(hay, needle); got != want {
			t.Fatalf("Index(%q in %q) = %d, bytes.Index = %d", needle, hay, got, want)
		}
	})
}
