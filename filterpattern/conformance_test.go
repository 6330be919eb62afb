package filterpattern_test

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/cwfilter/cwfilter/filterpattern"
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

func loadJSONL[T any](t *testing.T, path string) []T {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	var rows []T
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var row T
		require.NoError(t, json.Unmarshal(sc.Bytes(), &row), "%s", sc.Text())
		rows = append(rows, row)
	}
	require.NoError(t, sc.Err())
	require.NotEmpty(t, rows)
	return rows
}

func TestDocVectors(t *testing.T) {
	for _, v := range loadJSONL[docVector](t, "../testdata/conformance/doc-vectors.jsonl") {
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
