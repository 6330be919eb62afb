package main

import (
	"bytes"
	"compress/gzip"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

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

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// golden compares got with testdata/name, or rewrites the file with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "go test ./examples/cloudtrail-monitor -update writes it")
	assert.Equal(t, string(want), string(got), "%s differs (rerun with -update if the change is intended)", path)
}

// The JSON Lines files of the default replay: the schema another pipeline reproduces.
func TestJSONLinesGolden(t *testing.T) {
	dir := t.TempDir()
	tr, dp := filepath.Join(dir, "transitions.jsonl"), filepath.Join(dir, "datapoints.jsonl")
	var out, errOut bytes.Buffer
	require.Equal(t, 0, run([]string{"-notifications", "none", "-transitions", tr, "-datapoints", dp}, nil, &out, &errOut), errOut.String())
	for _, f := range []struct{ path, golden string }{{tr, "transitions.jsonl"}, {dp, "datapoints.jsonl"}} {
		got, err := os.ReadFile(f.path)
		require.NoError(t, err)
		golden(t, f.golden, got)
	}
	assert.Contains(t, out.String(), "Alarm transitions: "+tr+" (")
}

// The exact lines for a small input: key order, {} for no dimensions, epoch-aligned periods
// (a sliding alarm window does not move them), float64 numbers, no HTML escaping. The sliding
// window re-alarms from its look-back twice after the data stops (09:15, 09:20).
func TestJSONLinesSchema(t *testing.T) {
	records := []string{
		`{"eventTime":"2024-02-08T09:04:59Z","eventName":"ConsoleLogin","errorMessage":"Failed authentication","sourceIPAddress":"198.51.100.7"}`,
		`{"eventTime":"2024-02-08T09:05:00Z","eventName":"ConsoleLogin","errorMessage":"Failed authentication","sourceIPAddress":"198.51.100.7"}`,
		`{"eventTime":"2024-02-08T09:09:10Z","eventName":"ConsoleLogin","errorMessage":"Failed authentication","sourceIPAddress":"198.51.100.7"}`,
	}
	filters := filepath.Join(t.TempDir(), "filters.jsonl")
	require.NoError(t, os.WriteFile(filters, []byte(`{"name":"<failed> & logins","metric":"Failed<&>","pattern":"{ $.errorMessage = \"Failed authentication\" }","threshold":2}`+"\n"), 0o644))
	dir := t.TempDir()
	tr, dp := filepath.Join(dir, "t.jsonl"), filepath.Join(dir, "d.jsonl")
	var out, errOut bytes.Buffer
	require.Equal(t, 0, run([]string{"-filters", filters, "-notifications", "none", "-transitions", tr, "-datapoints", dp, "-"},
		strings.NewReader(strings.Join(records, "\n")), &out, &errOut), errOut.String())
	got, err := os.ReadFile(dp)
	require.NoError(t, err)
	assert.Equal(t, `{"namespace":"CloudTrailMetrics","metric":"Failed<&>","dimensions":{},"periodStart":"2024-02-08T09:00:00Z","period":300,"sampleCount":1,"sum":1,"minimum":1,"maximum":1,"average":1}
{"namespace":"CloudTrailMetrics","metric":"Failed<&>","dimensions":{},"periodStart":"2024-02-08T09:05:00Z","period":300,"sampleCount":2,"sum":2,"minimum":1,"maximum":1,"average":1}
`, string(got))
	got, err = os.ReadFile(tr)
	require.NoError(t, err)
	assert.Equal(t, `{"alarm":"Failed<&>-alarm","time":"2024-02-08T09:04:00Z","from":"INSUFFICIENT_DATA","to":"OK","reason":"Threshold Crossed: no datapoints were received for 1 periods and 1 missing datapoints were treated as [NonBreaching]."}
{"alarm":"Failed<&>-alarm","time":"2024-02-08T09:06:00Z","from":"OK","to":"ALARM","reason":"Threshold Crossed: 1 datapoint [2.0 (08/02/24 09:01:00)] was greater than or equal to the threshold (2.0)."}
{"alarm":"Failed<&>-alarm","time":"2024-02-08T09:11:00Z","from":"ALARM","to":"OK","reason":"Threshold Crossed: 1 datapoint [1.0 (08/02/24 09:06:00)] was not greater than or equal to the threshold (2.0)."}
{"alarm":"Failed<&>-alarm","time":"2024-02-08T09:15:00Z","from":"OK","to":"ALARM","reason":"Threshold Crossed: 1 datapoint [2.0 (08/02/24 09:05:00)] was greater than or equal to the threshold (2.0)."}
{"alarm":"Failed<&>-alarm","time":"2024-02-08T09:16:00Z","from":"ALARM","to":"OK","reason":"Threshold Crossed: 1 datapoint [1.0 (08/02/24 09:06:00)] was not greater than or equal to the threshold (2.0)."}
{"alarm":"Failed<&>-alarm","time":"2024-02-08T09:20:00Z","from":"OK","to":"ALARM","reason":"Threshold Crossed: 1 datapoint [2.0 (08/02/24 09:05:00)] was greater than or equal to the threshold (2.0)."}
{"alarm":"Failed<&>-alarm","time":"2024-02-08T09:21:00Z","from":"ALARM","to":"OK","reason":"Threshold Crossed: 1 datapoint [1.0 (08/02/24 09:06:00)] was not greater than or equal to the threshold (2.0)."}
`, string(got))
}

func TestAlignedStart(t *testing.T) {
	for _, c := range []struct {
		t    time.Time
		want string
	}{
		{time.Date(2024, 2, 8, 9, 4, 59, 0, time.UTC), "2024-02-08T09:00:00Z"},
		{time.Date(2024, 2, 8, 9, 5, 0, 0, time.UTC), "2024-02-08T09:05:00Z"},
		{time.Date(1969, 12, 31, 23, 59, 0, 0, time.UTC), "1969-12-31T23:55:00Z"},
		{time.Date(2024, 2, 8, 10, 7, 0, 0, time.FixedZone("x", 3600+30*60)), "2024-02-08T08:35:00Z"},
	} {
		assert.Equal(t, c.want, formatTime(time.Unix(alignedStart(c.t, 5*time.Minute), 0)), c.t)
	}
}
