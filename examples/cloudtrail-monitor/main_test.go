package main

import (
	"bytes"
	"compress/gzip"
	"encoding/xml"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cwfilter/cwfilter/filterpattern"
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
	checkHTML(t, page)
}

// node is an element of the HTML report read as XML.
type node struct {
	XMLName  xml.Name
	Attrs    []xml.Attr `xml:",any,attr"`
	Children []node     `xml:",any"`
	Text     string     `xml:",chardata"`
}

// all returns the elements under n (n included) named name, in document order.
func (n node) all(name string) []node {
	var out []node
	if n.XMLName.Local == name {
		out = append(out, n)
	}
	for _, c := range n.Children {
		out = append(out, c.all(name)...)
	}
	return out
}

func (n node) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// text is the element's text, its descendants' included.
func (n node) text() string {
	s := n.Text
	for _, c := range n.Children {
		s += c.text()
	}
	return s
}

// The HTML report is well-formed (it parses as XML), has one chart per metric with a labelled
// time axis and hover values, and lists the events behind each ALARM transition in a table.
func checkHTML(t *testing.T, page []byte) {
	var doc node
	require.NoError(t, xml.Unmarshal(page, &doc), "the report must be well-formed")
	svgs := doc.all("svg")
	require.Len(t, svgs, 16, "one chart per metric")
	watched := svgs[15]
	var labels, hovers []string
	for _, txt := range watched.all("text") {
		labels = append(labels, txt.text())
	}
	for _, g := range watched.all("g") {
		for _, title := range g.all("title") {
			hovers = append(hovers, title.text())
		}
	}
	assert.Subset(t, labels, []string{"2014-03-06", "17:10 UTC", "2026-01-11", "0", "56"}, "time axis and value labels")
	assert.Contains(t, hovers, "2024-08-02 09:10 – 09:14 UTC · 5-minute Sum 56 · ALARM")

	var alarmRows []node
	for _, tr := range doc.all("tr") {
		if tr.attr("class") == "alarm" && strings.Contains(tr.text(), "[56.0 (02/08/24 09:05:00)]") {
			alarmRows = append(alarmRows, tr)
		}
	}
	require.Len(t, alarmRows, 2, "the watched IP's look-back ALARM transitions")
	row := alarmRows[0]
	assert.Contains(t, row.text(), "From the look-back: the newest period (09:10–09:15) has no data")
	assert.Contains(t, row.text(), "56 matching events in 09:05–09:10, the first 5:")
	events := row.all("table")
	require.Len(t, events, 1)
	rows := events[0].all("tr")
	require.Len(t, rows, 7, "heading, 5 events, and how many more")
	var cells []string
	for _, td := range rows[1].all("td") {
		cells = append(cells, td.text())
	}
	assert.Equal(t, []string{"2024-08-02 09:07:58", "DescribeInstanceInformation", "arn:aws:iam::056392974792:user/christophe", "253.252.51.07", "0d86f878-d8c0-475c-8079-2a1243666e45"}, cells)
	assert.Equal(t, "and 51 more", rows[6].text())
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

// The -filters file is checked like a CloudFormation template: every error names the line
// (comments and blank lines count) and nothing runs.
func TestFiltersFileErrors(t *testing.T) {
	long := strings.Repeat("M", 250)
	for _, c := range []struct {
		name, file string
		args       []string
		want       string // stderr after "cloudtrail-monitor: FILE"
	}{
		{"unknown key", "# CIS\n\n{\"metric\":\"A\",\"pattern\":\"x\",\"treshold\":3}\n",
			nil, `:3: unknown key "treshold" (the keys are name, metric, pattern, threshold)`},
		{"keys are case-sensitive", `{"Metric":"A","pattern":"x"}`,
			nil, `:1: unknown key "Metric" (the keys are name, metric, pattern, threshold)`},
		{"missing metric", "{\"metric\":\"A\",\"pattern\":\"x\"}\n{\"pattern\":\"{ $.a = 1 }\"}",
			nil, `:2: "metric" is required: a string (the MetricName)`},
		{"null metric", `{"metric":null,"pattern":"x"}`,
			nil, `:1: "metric" is required: a string (the MetricName)`},
		{"missing pattern", `{"metric":"A"}`,
			nil, `:1: "pattern" is required: a string (the FilterPattern; "" matches every event)`},
		{"empty file", "",
			nil, `: no filters (only blank lines and comments); each line is {"name","metric","pattern","threshold"}`},
		{"only comments", "# a\n\n  # b\n",
			nil, `: no filters (only blank lines and comments); each line is {"name","metric","pattern","threshold"}`},
		{"pattern error with caret", "{\"metric\":\"A\",\"pattern\":\"x\"}\n{\"metric\":\"B\",\"pattern\":\"{ $.a == 1 }\"}\n",
			nil, ":2: Invalid metric filter pattern (1:8)\n | { $.a == 1 }\n | .......^\n"},
		{"metric name rejected by PutMetricFilter", `{"metric":"Root:Usage","pattern":"x"}`,
			nil, `:1: 1 validation error detected: Value 'Root:Usage' at 'metricTransformations.1.member.metricName' failed to satisfy constraint: Member must satisfy regular expression pattern: [^:*$]*`},
		{"empty metric name", `{"metric":"","pattern":"x"}`,
			nil, `:1: 1 validation error detected: Value '' at 'metricTransformations.1.member.metricName' failed to satisfy constraint: Member must have length greater than or equal to 1`},
		{"metric name too long for its alarm", `{"metric":"` + long + `","pattern":"x"}`,
			nil, `:1: its alarm: `},
		{"metric defined twice", "{\"metric\":\"A\",\"pattern\":\"x\"}\n{\"metric\":\"A\",\"pattern\":\"y\"}",
			nil, `:2: metric "A" is already defined at `},
		{"threshold not a number", `{"metric":"A","pattern":"x","threshold":"5"}`,
			nil, `:1: "threshold" must be a number, not "5"`},
		{"key twice", `{"metric":"A","pattern":"x","metric":"B"}`,
			nil, `:1: key "metric" given twice`},
		{"not an object", `["A","x"]`,
			nil, `:1: not a JSON object: each line is {"name","metric","pattern","threshold"}`},
		{"text after the object", `{"metric":"A","pattern":"x"} {"metric":"B","pattern":"y"}`,
			nil, `:1: text after the JSON object (one filter per line)`},
		{"object not closed", `{"metric":"A","pattern":"x"`,
			nil, `:1: invalid JSON: the object is not closed`},
		{"-ip without the watched filter", `{"metric":"A","pattern":"x"}`,
			[]string{"-ip", "192.0.2.1"}, "\x00-ip and -ip-threshold set the CallsFromWatchedIP filter, which the -filters file does not define"},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "filters.jsonl")
			require.NoError(t, os.WriteFile(path, []byte(c.file), 0o644))
			var out, errOut bytes.Buffer
			require.Equal(t, 1, run(append([]string{"-filters", path}, c.args...), strings.NewReader(""), &out, &errOut))
			want := "cloudtrail-monitor: " + path + c.want
			if rest, ok := strings.CutPrefix(c.want, "\x00"); ok {
				want = "cloudtrail-monitor: " + rest
			}
			assert.True(t, strings.HasPrefix(errOut.String(), want), "got  %q\nwant %q…", errOut.String(), want)
			assert.Empty(t, out.String())
		})
	}
}

// A valid file: comments, a default threshold of 1, and its own threshold for the watched IP,
// which -ip-threshold replaces only when given.
func TestFiltersFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "filters.jsonl")
	require.NoError(t, os.WriteFile(path, []byte(`# comment
{"metric":"Logins","pattern":"{ $.eventName = ConsoleLogin }"}
{"name":"watched","metric":"CallsFromWatchedIP","pattern":"{ $.sourceIPAddress = \"198.51.100.7\" }","threshold":2}
`), 0o644))
	records := strings.NewReader(`{"eventTime":"2024-01-01T10:00:10Z","eventName":"ConsoleLogin","sourceIPAddress":"198.51.100.7"}
{"eventTime":"2024-01-01T10:00:20Z","eventName":"ConsoleLogin","sourceIPAddress":"198.51.100.7"}`)
	var out, errOut bytes.Buffer
	require.Equal(t, 0, run([]string{"-filters", path, "-notifications", "none", "-"}, records, &out, &errOut), errOut.String())
	assert.Regexp(t, `\n +2  Logins +`, out.String())
	assert.Contains(t, out.String(), "Logins-alarm                       OK -> ALARM\n      Threshold Crossed: 1 datapoint [2.0 (01/01/24 09:56:00)] was greater than or equal to the threshold (1.0).")
	assert.Contains(t, out.String(), "CallsFromWatchedIP-alarm           OK -> ALARM\n      Threshold Crossed: 1 datapoint [2.0 (01/01/24 09:56:00)] was greater than or equal to the threshold (2.0).",
		"the file's threshold, not -ip-threshold's default")
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
	assert.Equal(t, `{"alarm":"Failed<&>-alarm","time":"2024-02-08T09:04:00Z","from":"INSUFFICIENT_DATA","to":"OK","reason":"Threshold Crossed: no datapoints were received for 1 period and 1 missing datapoint was treated as [NonBreaching]."}
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

// Records left out are counted by reason on stderr and in the report; every spelling of
// eventTime the cloudtrail package reads is replayed at the same instant.
func TestLeftOut(t *testing.T) {
	rec := func(eventTime string) string {
		return `{"eventTime":` + eventTime + `,"eventName":"ConsoleLogin","sourceIPAddress":"198.51.100.7"}`
	}
	spellings := []string{
		rec(`"2024-01-01T10:00:10Z"`), rec(`"2024-01-01T10:00:10.123Z"`), rec(`"2024-01-01T11:00:10+01:00"`),
		rec(`"2024-01-01 10:00:10"`), rec(`"2024-01-01 10:00:10.5"`), rec(`"2024-01-01T10:00:10"`),
	}
	big := `{"eventTime":"2024-01-01T10:00:10Z","eventName":"ConsoleLogin","requestParameters":{"policy":"` +
		strings.Repeat("x", filterpattern.DefaultMaxEventSize) + `"}}`
	for _, c := range []struct {
		name    string
		records []string
		stderr  string // "" means nothing on stderr
		report  string
	}{
		{"every spelling", spellings, "",
			"Replayed 6 of 6 CloudTrail records from 2024-01-01T10:00:10Z to 2024-01-01T10:00:10Z (1 day with events).\n\n"},
		{"bad eventTimes, most frequent first", append([]string{
			rec(`"redacted"`), rec(`"..."`), rec(`"..."`), `{"eventName":"ConsoleLogin"}`, rec(`null`), rec(`1704103210`),
			`not json`, `["2024-01-01T10:00:10Z"]`, rec(`"2024-01-01"`), rec(`"10:00:10"`),
		}, spellings[0]),
			`cloudtrail-monitor: 10 records left out: eventTime "..." is not a time (2), no eventTime (2), not a JSON object (2), eventTime "10:00:10" is not a time (1), eventTime "2024-01-01" is not a time (1), eventTime "redacted" is not a time (1), eventTime 1704103210 is not a string (1)` + "\n",
			"Replayed 1 of 11 CloudTrail records from 2024-01-01T10:00:10Z to 2024-01-01T10:00:10Z (1 day with events).\n10 records left out: "},
		{"oversized and invalid UTF-8", []string{
			spellings[0], big, rec(`"2024-01-01T10:00:11Z"`)[:40] + "\xff\xfe" + rec(`"2024-01-01T10:00:11Z"`)[40:],
		}, "cloudtrail-monitor: 2 records left out: larger than 1,048,550 bytes, CloudWatch Logs' event size limit (1), not valid UTF-8 (1)\n",
			"Replayed 1 of 3 CloudTrail records from"},
		{"more reasons than listed", []string{
			spellings[0], rec(`"a"`), rec(`"b"`), rec(`"c"`), rec(`"d"`), rec(`"e"`), rec(`"f"`), rec(`"g"`), rec(`"h"`), rec(`"i"`), rec(`"j"`), rec(`"j"`),
		}, `cloudtrail-monitor: 11 records left out: eventTime "j" is not a time (2), eventTime "a" is not a time (1), eventTime "b" is not a time (1), eventTime "c" is not a time (1), eventTime "d" is not a time (1), eventTime "e" is not a time (1), eventTime "f" is not a time (1), eventTime "g" is not a time (1), 2 other reasons (2)` + "\n",
			"Replayed 1 of 12"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			require.Equal(t, 0, run([]string{"-notifications", "none", "-"}, strings.NewReader(strings.Join(c.records, "\n")), &out, &errOut), errOut.String())
			assert.Equal(t, c.stderr, errOut.String())
			assert.True(t, strings.HasPrefix(out.String(), c.report), out.String())
			if c.stderr != "" {
				assert.Contains(t, out.String(), strings.TrimSuffix(strings.TrimPrefix(c.stderr, "cloudtrail-monitor: "), "\n")+".\n", "the report says it too")
			}
		})
	}
}

// A run that leaves out every record says why before it fails.
func TestNothingToReplay(t *testing.T) {
	var out, errOut bytes.Buffer
	assert.Equal(t, 1, run([]string{"-"}, strings.NewReader(`{"eventTime":"redacted"}`), &out, &errOut))
	assert.Equal(t, "cloudtrail-monitor: 1 record left out: eventTime \"redacted\" is not a time (1)\ncloudtrail-monitor: no events with an eventTime to replay\n", errOut.String())
	assert.Empty(t, out.String())
}

// -window: the watched IP's burst in the embedded corpus alarms three times with the sliding
// window (twice from the look-back, said where it happens) and once with the wall-clock one.
func TestWindow(t *testing.T) {
	const alarmed = "CallsFromWatchedIP-alarm           OK -> ALARM"
	for _, c := range []struct {
		window      string
		alarms      int
		lookBacks   string
		firstReason string
	}{
		{"sliding", 3, "  4 transitions were decided from the look-back (marked above).\n",
			"  2024-08-02 09:09  " + alarmed + "\n      Threshold Crossed: 1 datapoint [53.0 (02/08/24 09:04:00)] was greater than or equal to the threshold (30.0).\n      53 matching events in 09:04–09:09, the first 5:\n"},
		{"wallclock", 1, "",
			"  2024-08-02 09:10  " + alarmed + "\n      Threshold Crossed: 1 datapoint [56.0 (02/08/24 09:05:00)] was greater than or equal to the threshold (30.0).\n      56 matching events in 09:05–09:10, the first 5:\n"},
	} {
		t.Run(c.window, func(t *testing.T) {
			var out, errOut bytes.Buffer
			require.Equal(t, 0, run([]string{"-window", c.window, "-notifications", "none"}, nil, &out, &errOut), errOut.String())
			text := out.String()
			assert.Equal(t, c.alarms, strings.Count(text, alarmed))
			assert.Contains(t, text, c.firstReason)
			if c.lookBacks == "" {
				assert.NotContains(t, text, "look-back")
			} else {
				assert.Contains(t, text, c.lookBacks)
			}
		})
	}
}

// Flag values outside their choices are usage errors, not silently another choice.
func TestFlagValues(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-window", "tumbling"}, `-window "tumbling": want sliding or wallclock`},
		{[]string{"-notifications", "alarms"}, `-notifications "alarms": want alarm, all or none`},
		{[]string{"-threshold", "NaN"}, `-threshold NaN: want a finite number`},
		{[]string{"-ip-threshold", "Inf"}, `-ip-threshold +Inf: want a finite number`},
	} {
		var out, errOut bytes.Buffer
		assert.Equal(t, 2, run(c.args, nil, &out, &errOut), c.args)
		assert.Equal(t, "cloudtrail-monitor: "+c.want+"\n", errOut.String())
		assert.Empty(t, out.String())
	}
}

// The text report of a small burst: the events behind each ALARM transition (the first 5 and
// how many more; the caller's ARN or, without one, its type; "-" for a missing field) and the
// look-back note where the sliding window re-alarms after the data stopped.
func TestTransitionDetails(t *testing.T) {
	ev := func(at, name, identity, id string) string {
		return `{"eventTime":"2024-02-08T09:` + at + `Z","eventName":"` + name + `","userIdentity":` + identity +
			`,"sourceIPAddress":"198.51.100.7"` + id + `}`
	}
	user := `{"type":"IAMUser","arn":"arn:aws:iam::123456789012:user/alice"}`
	records := []string{
		ev("04:59", "ListBuckets", user, `,"eventID":"e1"`),
		ev("05:00", "GetObject", `{"type":"Root"}`, `,"eventID":"e2"`),
		ev("05:01", "PutObject", `{"type":"AWSService","invokedBy":"s3.amazonaws.com"}`, ""),
		ev("05:02", "ListBuckets", user, `,"eventID":"e4"`),
		ev("05:03", "ListBuckets", user, `,"eventID":"e5"`),
		ev("05:04", "ListBuckets", user, `,"eventID":"e6"`),
		ev("05:05", "ListBuckets", user, `,"eventID":"e7"`),
		ev("09:10", "ListBuckets", user, `,"eventID":"e8"`), // 09:09:10
	}
	var out, errOut bytes.Buffer
	require.Equal(t, 0, run([]string{"-ip", "198.51.100.7", "-ip-threshold", "5", "-notifications", "none", "-"},
		strings.NewReader(strings.Join(records, "\n")), &out, &errOut), errOut.String())
	text := out.String()
	text = text[strings.Index(text, "  2024-02-08 09:06  CallsFromWatchedIP"):]
	text = text[:strings.Index(text, "\n\n")]
	const (
		alice  = "  ListBuckets  arn:aws:iam::123456789012:user/alice  198.51.100.7  e"
		burst1 = "      7 matching events in 09:01–09:06, the first 5:\n" +
			"        2024-02-08 09:04:59" + alice + "1\n" +
			"        2024-02-08 09:05:00  GetObject    Root                                  198.51.100.7  e2\n" +
			"        2024-02-08 09:05:01  PutObject    AWSService                            198.51.100.7  -\n" +
			"        2024-02-08 09:05:02" + alice + "4\n" +
			"        2024-02-08 09:05:03" + alice + "5\n" +
			"        and 2 more\n"
		burst2 = "      7 matching events in 09:05–09:10, the first 5:\n" +
			"        2024-02-08 09:05:00  GetObject    Root                                  198.51.100.7  e2\n" +
			"        2024-02-08 09:05:01  PutObject    AWSService                            198.51.100.7  -\n" +
			"        2024-02-08 09:05:02" + alice + "4\n" +
			"        2024-02-08 09:05:03" + alice + "5\n" +
			"        2024-02-08 09:05:04" + alice + "6\n" +
			"        and 2 more\n"
		alarm1 = "      Threshold Crossed: 1 datapoint [7.0 (08/02/24 09:01:00)] was greater than or equal to the threshold (5.0).\n"
		alarm2 = "      Threshold Crossed: 1 datapoint [7.0 (08/02/24 09:05:00)] was greater than or equal to the threshold (5.0).\n"
		ok     = "      Threshold Crossed: 1 datapoint [1.0 (08/02/24 09:06:00)] was not greater than or equal to the threshold (5.0).\n"
	)
	note := func(newest, used string) string {
		return "      From the look-back: the newest period (" + newest + ") has no data, so the alarm used the most\n" +
			"      recent datapoint (" + used + "), as CloudWatch does; re-evaluating after a metric stops can change the\n" +
			"      state again (AWS user guide). -window wallclock evaluates fixed 5-minute periods instead of\n" +
			"      sliding ones.\n"
	}
	assert.Equal(t, "  2024-02-08 09:06  CallsFromWatchedIP-alarm           OK -> ALARM\n"+alarm1+burst1+
		"  2024-02-08 09:11  CallsFromWatchedIP-alarm           ALARM -> OK\n"+ok+
		"  2024-02-08 09:15  CallsFromWatchedIP-alarm           OK -> ALARM\n"+alarm2+note("09:10–09:15", "09:05")+burst2+
		"  2024-02-08 09:16  CallsFromWatchedIP-alarm           ALARM -> OK\n"+ok+note("09:11–09:16", "09:06")+
		"  2024-02-08 09:20  CallsFromWatchedIP-alarm           OK -> ALARM\n"+alarm2+note("09:15–09:20", "09:05")+burst2+
		"  2024-02-08 09:21  CallsFromWatchedIP-alarm           ALARM -> OK\n"+ok+note("09:16–09:21", "09:06")+
		"  4 transitions were decided from the look-back (marked above).", text)
}
