package filterpattern_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/cwfilter/cwfilter/filterpattern"
	"github.com/cwfilter/cwfilter/internal/testfile"
)

// docVector is one row of testdata/conformance/doc-vectors.jsonl: AWS documentation examples
// (and rows derived from the rules of docs/), each a pattern, an event and the expected outcome.
type docVector struct {
	ID              string            `json:"id"`
	Pattern         string            `json:"pattern"`
	Event           string            `json:"event"`
	Expected        string            `json:"expected"` // "match", "no match" or "error"
	ExtractedValues map[string]string `json:"extractedValues"`
}

func TestDocVectors(t *testing.T) {
	for _, v := range testfile.JSONL[docVector](t, "../testdata/conformance/doc-vectors.jsonl") {
		t.Run(v.ID, func(t *testing.T) {
			p, err := filterpattern.Compile(v.Pattern)
			if v.Expected == "error" {
				require.Error(t, err)
				var se *filterpattern.SyntaxError
				require.ErrorAs(t, err, &se)
				return
			}
			require.NoError(t, err)
			fields, ok := p.Extract([]byte(v.Event))
			require.Equal(t, v.Expected == "match", ok, "pattern %q on %q", v.Pattern, v.Event)
			require.Equal(t, ok, p.MatchString(v.Event))
			if ok {
				if diff := cmp.Diff(v.ExtractedValues, fields.Map()); diff != "" {
					t.Errorf("extracted values (-want +got):\n%s", diff)
				}
			}
		})
	}
}
