package main

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The main job on the embedded corpus: the watched IP makes 56 calls between 09:05 and 09:10
// on 2 Aug 2024, which crosses the 30-call threshold with AWS's reason text.
func TestReplayEmbeddedCorpus(t *testing.T) {
	var out, errOut bytes.Buffer
	html := filepath.Join(t.TempDir(), "report.html")
	require.Equal(t, 0, run([]string{"-html", html}, nil, &out, &errOut), errOut.String())
	text := out.String()
	assert.Contains(t, text, "      56  CallsFromWatchedIP")
	assert.Contains(t, text, "CallsFromWatchedIP-alarm           OK -> ALARM\n      Threshold Crossed: 1 datapoint [56.0 (02/08/24 09:05:00)] was greater than or equal to the threshold (30.0).")
	assert.Contains(t, text, `Subject: ALARM: "CallsFromWatchedIP-alarm" in US East (N. Virginia)`)
	assert.Contains(t, text, `"NewStateReason":"Threshold Crossed: 1 datapoint [56.0 (02/08/24 09:05:00)] was greater than or equal to the threshold (30.0)."`)
	page, err := os.ReadFile(html)
	require.NoError(t, err)
	assert.Equal(t, 16, strings.Count(string(page), "<svg"), "one chart per metric")
}

// Input formats: a CloudTrail log file {"Records":[…]} (gzip) and JSON Lines on stdin give the
// same replay.
func TestInputFormats(t *testing.T) {
	records := []string{
		`{"eventTime":"2024-01-01T10:00:10Z","eventName":"ConsoleLogin","errorMessage":"Failed authentication","sourceIPAddress":"198.51.100.7"}`,
		`{"eventTime":"2024-01-01T10:00:20Z","eventName":"ConsoleLogin","errorMessage":"Failed authentication","sourceIPAddress":"198.51.100.7"}`,
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	_, _ = zw.Write([]byte(`{"Records": [` + records[0] + `, ` + records[1] + `]}`))
	require.NoError(t, zw.Close())
	path := filepath.Join(t.TempDir(), "trail.json.gz")
	require.NoError(t, os.WriteFile(path, gz.Bytes(), 0o644))

	var fromFile, fromStdin, errOut bytes.Buffer
	args := []string{"-ip", "198.51.100.7", "-ip-threshold", "2", "-notifications", "none"}
	require.Equal(t, 0, run(append(args, path), nil, &fromFile, &errOut), errOut.String())
	require.Equal(t, 0, run(append(args, "-"), strings.NewReader(strings.Join(records, "\n")), &fromStdin, &errOut), errOut.String())
	assert.Equal(t, fromFile.String(), fromStdin.String())
	assert.Contains(t, fromFile.String(), "       2  ConsoleAuthenticationFailures")
	assert.Contains(t, fromFile.String(), "CallsFromWatchedIP-alarm           OK -> ALARM\n      Threshold Crossed: 1 datapoint [2.0 (01/01/24 09:56:00)] was greater than or equal to the threshold (2.0).", "sliding: the window at 10:01 is [09:56, 10:01)")
}

func TestFiltersFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "filters.jsonl")
	require.NoError(t, os.WriteFile(path, []byte("# comment\n{\"metric\":\"Logins\",\"pattern\":\"{ $.eventName = ConsoleLogin }\"}\n"), 0o644))
	var out, errOut bytes.Buffer
	require.Equal(t, 0, run([]string{"-filters", path, "-notifications", "none"}, nil, &out, &errOut), errOut.String())
	assert.Regexp(t, `\n +\d+  Logins +`, out.String())

	require.NoError(t, os.WriteFile(path, []byte(`{"pattern":"{ $.a == 1 }"}`), 0o644))
	out.Reset()
	errOut.Reset()
	require.Equal(t, 1, run([]string{"-filters", path}, nil, &out, &errOut))
	assert.Contains(t, errOut.String(), "Invalid metric filter pattern")
}
