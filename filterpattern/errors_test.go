package filterpattern_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cwfilter/cwfilter/filterpattern"
	"github.com/cwfilter/cwfilter/internal/testfile"
)

// errorCase is one row of testdata/conformance/errors.jsonl: a pattern AWS rejects, with the
// exact message, position and rendering, and the rule it checks.
type errorCase struct {
	Pattern string `json:"pattern"`
	Context string `json:"context"`
	Code    string `json:"code"`
	Message string `json:"message"`
	Offset  int    `json:"offset"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Render  string `json:"render"`
	Rule    string `json:"rule"`
}

var contexts = map[string]filterpattern.Context{
	"":                filterpattern.ContextMetricFilter,
	"subscription":    filterpattern.ContextSubscriptionFilter,
	"filterlogevents": filterpattern.ContextFilterLogEvents,
}

func TestSyntaxErrors(t *testing.T) {
	for _, c := range testfile.JSONL[errorCase](t, "../testdata/conformance/errors.jsonl") {
		t.Run(c.Rule+" "+c.Pattern, func(t *testing.T) {
			ctx, ok := contexts[c.Context]
			require.True(t, ok, "unknown context %q", c.Context)
			_, err := filterpattern.Compile(c.Pattern, filterpattern.WithContext(ctx))
			var se *filterpattern.SyntaxError
			require.ErrorAs(t, err, &se)
			assert.Equal(t, c.Message, err.Error(), "Error() is AWS's text unchanged")
			assert.Equal(t, filterpattern.SyntaxError{Code: c.Code, Msg: c.Message, Pattern: c.Pattern, Offset: c.Offset, Line: c.Line, Column: c.Column}, *se)
			assert.Equal(t, c.Render, se.Render())
		})
	}
}

func TestLengthLimit(t *testing.T) {
	long := make([]byte, 1025)
	for i := range long {
		long[i] = 'a'
	}
	_, err := filterpattern.Compile(string(long[:1024]))
	require.NoError(t, err, "1024 characters are allowed")

	_, err = filterpattern.Compile(string(long))
	var se *filterpattern.SyntaxError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, "1 validation error detected: Value '"+string(long)+"' at 'filterPattern' failed to satisfy constraint: Member must have length less than or equal to 1024", se.Msg)
	assert.Equal(t, 1024, se.Offset, "offset of the 1025th character")

	// The limit counts characters, not bytes (D-47): 1024 × 'é' is 2048 bytes and allowed.
	_, err = filterpattern.Compile(strings.Repeat("é", 1024))
	require.NoError(t, err)
	_, err = filterpattern.Compile(strings.Repeat("é", 1025))
	require.ErrorAs(t, err, &se)
	assert.Equal(t, 2048, se.Offset)

	_, err = filterpattern.Compile(string(long)+" x", filterpattern.WithMaxLength(0))
	assert.NoError(t, err, "0 means unlimited")
}
