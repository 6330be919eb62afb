package cloudtrail

import (
	"bytes"
	"compress/gzip"
	"strings"
	"testing"
	"time"
)

func TestLoadAll(t *testing.T) {
	recs, err := LoadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 10007 {
		t.Errorf("%d records, want 10,007", len(recs))
	}
	if _, err := CorpusFS().Open("NOTICE.md"); err != nil {
		t.Error("the corpus notice must travel with the corpus:", err)
	}
}

func gz(s string) string {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write([]byte(s))
	w.Close()
	return b.String()
}

func TestRead(t *testing.T) {
	logFile := "\n {\n  \"Records\": [\n    {\"eventTime\": \"2024-01-01T00:00:00Z\", \"a\": [1, 2]},\n    {\"b\": {}}\n  ]\n}\n"
	cases := []struct {
		name, in string
		want     []string
		err      bool
	}{
		{"json lines", "{\"a\":1}\n\n  {\"b\":2}  \r\nnot json\n", []string{`{"a":1}`, `{"b":2}`, "not json"}, false},
		{"json lines without a final newline", `{"a":1}`, []string{`{"a":1}`}, false},
		{"log file, records compacted", logFile, []string{`{"eventTime":"2024-01-01T00:00:00Z","a":[1,2]}`, `{"b":{}}`}, false},
		{"gzip log file", gz(logFile), []string{`{"eventTime":"2024-01-01T00:00:00Z","a":[1,2]}`, `{"b":{}}`}, false},
		{"gzip json lines", gz("{\"a\":1}\n{\"b\":2}\n"), []string{`{"a":1}`, `{"b":2}`}, false},
		{"log file cut short", `{"Records":[{"a":1},{"b"`, []string{`{"a":1}`}, true},
		{"empty", "", nil, false},
	}
	for _, c := range cases {
		var got []string
		err := Scan(strings.NewReader(c.in), func(rec []byte) error {
			got = append(got, string(rec))
			return nil
		})
		if (err != nil) != c.err {
			t.Errorf("%s: error %v, want error %v", c.name, err, c.err)
		}
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}

func TestEventTime(t *testing.T) {
	utc := func(s string) time.Time { x, _ := time.Parse(time.RFC3339Nano, s); return x }
	cases := []struct {
		rec  string
		want time.Time
		err  string
	}{
		{`{"eventTime":"2022-11-10T16:24:34Z"}`, utc("2022-11-10T16:24:34Z"), ""},
		{`{"eventTime":"2022-11-10T18:24:34+02:00"}`, utc("2022-11-10T16:24:34Z"), ""},
		{`{"eventTime":"2022-11-10T16:24:34.250Z"}`, utc("2022-11-10T16:24:34.25Z"), ""},
		{`{"eventTime":"2025-02-19 16:32:39.000000000"}`, utc("2025-02-19T16:32:39Z"), ""},
		{`{"eventTime":"2022-09-29 23:04:35"}`, utc("2022-09-29T23:04:35Z"), ""},
		{`{"eventTime":"2021-01-24 04:55:45.000"}`, utc("2021-01-24T04:55:45Z"), ""},
		{`{"eventTime":"2021-01-24T04:55:45"}`, utc("2021-01-24T04:55:45Z"), ""},
		{`{"eventTime":"redacted"}`, time.Time{}, `eventTime "redacted" is not a time`},
		{`{"eventTime":null}`, time.Time{}, "no eventTime"},
		{`{"eventName":"x"}`, time.Time{}, "no eventTime"},
		{`{"eventTime":5}`, time.Time{}, "eventTime 5 is not a string"},
		{`[1]`, time.Time{}, "not a JSON object"},
	}
	for _, c := range cases {
		got, err := EventTime([]byte(c.rec))
		msg := ""
		if err != nil {
			msg = err.Error()
		}
		if msg != c.err || !got.Equal(c.want) {
			t.Errorf("%s: got %v, %q; want %v, %q", c.rec, got, msg, c.want, c.err)
		}
	}
}
