package filterpattern_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cwfilter/cwfilter/cloudtrail"
	"github.com/cwfilter/cwfilter/filterpattern"
	"github.com/cwfilter/cwfilter/internal/israce"
)

func loadCorpus(tb testing.TB) ([][]byte, int64) {
	tb.Helper()
	recs, err := cloudtrail.LoadAll()
	require.NoError(tb, err)
	var n int64
	for _, r := range recs {
		n += int64(len(r))
	}
	return recs, n
}

// Unstructured semantics beyond the documentation vectors (§2.2).
func TestTermSemantics(t *testing.T) {
	for _, c := range []struct {
		pattern, event string
		want           bool
	}{
		{"fail", "failover done", true},      // substring, not token
		{`"disk full"`, "disk  full", false}, // phrase spacing is exact
		{"?warn disk", "warn only", false},   // ? ignored next to a plain term
		{"?warn -disk", "warn only", true},   // ? ignored next to a - term: ≡ -disk
		{"?warn -disk", "disk warn", false},  //
		{"-DEBUG -TRACE", "INFO ok", true},   // only exclusions
		{"-DEBUG -TRACE", "TRACE x", false},  //
		{"ERROR", "error", false},            // case-sensitive
		{`"a\"b"`, `say a"b`, true},          // \" decodes
		{`"a\\b"`, `path a\b`, true},         // \\ decodes
		{`"a\nb"`, `lit a\nb`, true},         // other escapes stay two characters
		{`"*"`, "a*b", true},                 // * is literal in a phrase
		{"Größe", "die Größe", true},         // non-ASCII words
		{`" "`, "nospace", false},            // a quoted space is a phrase
		{"db-error", "db ok", true},          // ≡ db -error
		{"db-error", "db error", false},      //
		{"", "anything", true},               // match-all
		{"   ", "", true},                    //
		{"%^a.c$%", "abc", true},             // standalone regex, unanchored search
		{"%b%", "abc", true},                 //
		{"%\\x28%", "f(x)", true},            // \xhh (R9)
		{"%a.c%", "a\nc", false},             // . does not match \n (R9)
	} {
		p := filterpattern.MustCompile(c.pattern)
		require.Equal(t, c.want, p.MatchString(c.event), "%q on %q", c.pattern, c.event)
	}
}

func TestMatchDoesNotAllocate(t *testing.T) {
	if israce.Enabled {
		t.Skip("sync.Pool (used by regexp) allocates at random under the race detector")
	}
	recs, _ := loadCorpus(t)
	for _, pat := range []string{
		"errorCode AccessDenied s3.amazonaws.com", `?ConsoleLogin ?"AccessDenied"`, "-Describe -List -Get", "%arn:aws:iam::[0-9]+:root%", "",
	} {
		p := filterpattern.MustCompile(pat)
		allocs := testing.AllocsPerRun(5, func() {
			for _, r := range recs[:2000] {
				p.Match(r)
			}
		})
		require.Zero(t, allocs, "pattern %q allocates", pat)
	}
}

// AppendExtractString into a reused buffer allocates nothing: the values are substrings of
// the event; AppendExtract gives the same fields.
func TestAppendExtractStringAllocs(t *testing.T) {
	p := filterpattern.MustCompile("[ip, user, ..., status=4*, size]")
	event := `10.0.0.1 bob - [x] "GET /" 404 512`
	want, ok := p.AppendExtract(nil, []byte(event))
	require.True(t, ok)
	dst := make(filterpattern.Fields, 0, 16)
	allocs := testing.AllocsPerRun(100, func() { dst, _ = p.AppendExtractString(dst[:0], event) })
	require.Zero(t, allocs)
	require.Equal(t, want, dst)
}

// Events beyond the size limit never match, whatever the pattern (DefaultMaxEventSize is
// CloudWatch Logs' 1,048,550 bytes); WithMaxEventSize(0) lifts the limit.
func TestMaxEventSize(t *testing.T) {
	big := bytes.Repeat([]byte("x"), filterpattern.DefaultMaxEventSize+1)
	atLimit := big[:filterpattern.DefaultMaxEventSize]
	for _, pat := range []string{"", "x", "%x%", "[a]"} {
		p := filterpattern.MustCompile(pat)
		require.True(t, p.Match(atLimit), "%q at the limit", pat)
		require.False(t, p.Match(big), "%q over the limit", pat)
		_, ok := p.Extract(big)
		require.False(t, ok)
		require.True(t, filterpattern.MustCompile(pat, filterpattern.WithMaxEventSize(0)).Match(big))
	}
	small := filterpattern.MustCompile(`{ $.a = 1 }`, filterpattern.WithMaxEventSize(10))
	require.True(t, small.MatchString(`{"a":1}`))
	require.False(t, small.MatchString(`{"a":1,"b":2}`))
}
