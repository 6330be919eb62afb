package metricfilter

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/cwfilter/cwfilter/filterpattern"
	"github.com/cwfilter/cwfilter/internal/testfile"
)

// The documented `aws logs test-metric-filter` example, output byte for byte (§11.6).
func TestCLIExample(t *testing.T) {
	matches, err := TestMetricFilter("ERROR", []string{"[ERROR] 400 BAD REQUEST", "[ERROR] 400 BAD REQUEST", "[INFO] 200 OK"})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := WriteCLIJSON(&out, matches); err != nil {
		t.Fatal(err)
	}
	const want = `{
    "matches": [
        {
            "eventNumber": 1,
            "eventMessage": "[ERROR] 400 BAD REQUEST",
            "extractedValues": {}
        },
        {
            "eventNumber": 2,
            "eventMessage": "[ERROR] 400 BAD REQUEST",
            "extractedValues": {}
        }
    ]
}
`
	if out.String() != want {
		t.Errorf("got\n%s\nwant\n%s", out.String(), want)
	}
}

func TestCLIJSONNoMatches(t *testing.T) {
	matches, err := TestMetricFilter("ERROR", []string{"ok"})
	if err != nil || matches == nil || len(matches) != 0 {
		t.Fatalf("matches %#v, err %v; want empty non-nil", matches, err)
	}
	var out bytes.Buffer
	_ = WriteCLIJSON(&out, matches)
	if want := "{\n    \"matches\": []\n}\n"; out.String() != want {
		t.Errorf("got %q, want %q", out.String(), want)
	}
	if got := string(AppendResponseJSON(nil, matches)); got != `{"matches":[]}` {
		t.Errorf("response %s", got)
	}
}

// The TestMetricFilter rows of the conformance vectors (ids api-tmf*, cli-tmf*): matching and
// extracted values, in the service's order, through the API and through the CLI rendering.
func TestDocVectorsTestMetricFilter(t *testing.T) {
	type row struct {
		ID, Pattern, Event, Expected string
		ExtractedValues              json.RawMessage
	}
	rows := 0
	for _, v := range testfile.JSONL[row](t, "../testdata/conformance/doc-vectors.jsonl") {
		if !strings.HasPrefix(v.ID, "api-tmf") && !strings.HasPrefix(v.ID, "cli-tmf") {
			continue
		}
		rows++
		matches, err := TestMetricFilter(v.Pattern, []string{v.Event})
		if err != nil {
			t.Errorf("%s: %v", v.ID, err)
			continue
		}
		if v.Expected == "no match" {
			if len(matches) != 0 {
				t.Errorf("%s: matched", v.ID)
			}
			continue
		}
		if len(matches) != 1 || matches[0].EventNumber != 1 || matches[0].EventMessage != v.Event {
			t.Errorf("%s: got %+v", v.ID, matches)
			continue
		}
		want := orderedObject(t, v.ExtractedValues)
		if got := fieldsOf(matches[0].Fields); !equalFields(got, want) {
			t.Errorf("%s: Fields %v, want %v", v.ID, got, want)
		}
		if len(matches[0].ExtractedValues) != len(want) {
			t.Errorf("%s: ExtractedValues %v", v.ID, matches[0].ExtractedValues)
		}
		var out bytes.Buffer
		_ = WriteCLIJSON(&out, matches)
		var resp struct {
			Matches []struct {
				ExtractedValues json.RawMessage `json:"extractedValues"`
			} `json:"matches"`
		}
		if err := json.Unmarshal(out.Bytes(), &resp); err != nil || len(resp.Matches) != 1 {
			t.Fatalf("%s: CLI output does not parse: %v\n%s", v.ID, err, out.String())
		}
		if got := orderedObject(t, resp.Matches[0].ExtractedValues); !equalFields(got, want) {
			t.Errorf("%s: CLI extractedValues %v, want %v", v.ID, got, want)
		}
	}
	if rows != 29 {
		t.Errorf("ran %d api-tmf/cli-tmf rows, want 29", rows)
	}
}

// With one key or none per object, Go's encoder with the CLI's settings prints the same
// bytes as the CLI (§11.6): our writer must agree with it there.
func TestCLIJSONMatchesEncoder(t *testing.T) {
	matches, err := TestMetricFilter("[a]", []string{"x <&> y", `q"uo\te`, "tab\there \x01 é"})
	if err != nil {
		t.Fatal(err)
	}
	var ours, theirs bytes.Buffer
	_ = WriteCLIJSON(&ours, matches)
	type rec struct {
		EventNumber     int64             `json:"eventNumber"`
		EventMessage    string            `json:"eventMessage"`
		ExtractedValues map[string]string `json:"extractedValues"`
	}
	var recs []rec
	for _, m := range matches {
		recs = append(recs, rec{m.EventNumber, m.EventMessage, m.ExtractedValues})
	}
	enc := json.NewEncoder(&theirs)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "    ")
	_ = enc.Encode(map[string]any{"matches": recs})
	if ours.String() != theirs.String() {
		t.Errorf("ours\n%s\nencoder\n%s", ours.String(), theirs.String())
	}
}

func TestTestMetricFilterValidation(t *testing.T) {
	many := make([]string, 51)
	for i := range many {
		many[i] = "m"
	}
	long := strings.Repeat("x", 1025)
	cases := []struct {
		name, pattern string
		msgs          []string
		field, err    string
	}{
		{"none", "ERROR", nil, "logEventMessages",
			"1 validation error detected: Value '[]' at 'logEventMessages' failed to satisfy constraint: Member must have length greater than or equal to 1"},
		{"51", "ERROR", many, "logEventMessages",
			"1 validation error detected: Value '[" + strings.Repeat("m, ", 50) + "m]' at 'logEventMessages' failed to satisfy constraint: Member must have length less than or equal to 50"},
		{"empty message", "ERROR", []string{"a", ""}, "logEventMessages.2.member",
			"1 validation error detected: Value '' at 'logEventMessages.2.member' failed to satisfy constraint: Member must have length greater than or equal to 1"},
		{"request before pattern", long, []string{""}, "logEventMessages.1.member",
			"1 validation error detected: Value '' at 'logEventMessages.1.member' failed to satisfy constraint: Member must have length greater than or equal to 1"},
	}
	for _, c := range cases {
		_, err := TestMetricFilter(c.pattern, c.msgs)
		var ve *ValidationError
		if !errors.As(err, &ve) || ve.Field != c.field || ve.Error() != c.err {
			t.Errorf("%s: got %v (%T)", c.name, err, err)
		}
	}
	_, err := TestMetricFilter(long, []string{"a"})
	var se *filterpattern.SyntaxError
	if !errors.As(err, &se) || !strings.HasSuffix(se.Error(), "Member must have length less than or equal to 1024") {
		t.Errorf("long pattern: %v", err)
	}
	if m, err := TestMetricFilter("x", many[:50]); err != nil || len(m) != 0 {
		t.Errorf("50 messages: %v %v", m, err)
	}
}

func TestTestMetricFilterExtract(t *testing.T) {
	// Extracted values only for space-delimited patterns; EventNumber 1-based (§7.6).
	m, err := TestMetricFilter(`{ $.a = 1 }`, []string{`{"a":2}`, `{"a":1}`})
	if err != nil || len(m) != 1 || m[0].EventNumber != 2 || m[0].ExtractedValues == nil || len(m[0].ExtractedValues) != 0 {
		t.Fatalf("%+v %v", m, err)
	}
	m, err = TestMetricFilter(`[a,]`, []string{"x y z"})
	if err != nil || len(m) != 1 || m[0].ExtractedValues["$a"] != "x" || m[0].ExtractedValues["$2"] != "y z" {
		t.Fatalf("%+v %v", m, err)
	}
	var out bytes.Buffer
	_ = WriteCLIJSON(&out, m)
	if !strings.Contains(out.String(), "\"extractedValues\": {\n                \"$a\": \"x\",\n                \"$2\": \"y z\"\n            }") {
		t.Errorf("ordered object:\n%s", out.String())
	}
	if got := string(AppendResponseJSON(nil, m)); got != `{"matches":[{"eventNumber":1,"eventMessage":"x y z","extractedValues":{"$a":"x","$2":"y z"}}]}` {
		t.Errorf("response %s", got)
	}
}

// orderedObject reads a JSON object's members in document order.
func orderedObject(t *testing.T, raw json.RawMessage) []filterpattern.Field {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(raw))
	var out []filterpattern.Field
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("not an object: %s", raw)
	}
	for dec.More() {
		k, _ := dec.Token()
		v, _ := dec.Token()
		out = append(out, filterpattern.Field{Key: k.(string), Value: v.(string)})
	}
	return out
}

func fieldsOf(f filterpattern.Fields) []filterpattern.Field { return f }

func equalFields(a, b []filterpattern.Field) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
