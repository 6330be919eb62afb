package metricfilter

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cwfilter/cwfilter/filterpattern"
	"github.com/cwfilter/cwfilter/internal/testfile"
)

// ruleRow is one line of testdata/metricfilter/{publish,validate}.jsonl.
type ruleRow struct {
	Rule        string            `json:"rule"`
	Pattern     string            `json:"pattern"`
	Value       *string           `json:"value"`
	Default     *float64          `json:"default"`
	Dims        map[string]string `json:"dims"`
	System      []string          `json:"system"`
	Event       string            `json:"event"`
	Time        string            `json:"time"`
	Want        []wantDatum       `json:"want"`
	Name        *string           `json:"name"`
	Namespace   *string           `json:"namespace"`
	Unit        string            `json:"unit"`
	FilterName  string            `json:"filterName"`
	LogGroup    string            `json:"logGroup"`
	Extra       int               `json:"extra"`
	None        bool              `json:"none"`
	Transformed bool              `json:"transformed"`
	Field       string            `json:"field"`
	Err         string            `json:"err"`
}

type wantDatum struct {
	Value float64           `json:"value"`
	Dims  map[string]string `json:"dims"`
	Time  string            `json:"time"`
}

func readRows(t *testing.T, name string) []ruleRow {
	t.Helper()
	return testfile.JSONLStrict[ruleRow](t, "../testdata/metricfilter/"+name)
}

func (r ruleRow) config() Config {
	tr := Transformation{MetricName: "M", MetricNamespace: "NS", MetricValue: "1",
		DefaultValue: r.Default, Dimensions: r.Dims, Unit: r.Unit}
	if r.Value != nil {
		tr.MetricValue = *r.Value
	}
	if r.Name != nil {
		tr.MetricName = *r.Name
	}
	if r.Namespace != nil {
		tr.MetricNamespace = *r.Namespace
	}
	cfg := Config{FilterName: r.FilterName, LogGroupName: r.LogGroup, FilterPattern: r.Pattern,
		EmitSystemFieldDimensions: r.System, AccountID: "123456789012", Region: "eu-west-1",
		ApplyOnTransformedLogs: r.Transformed}
	if !r.None {
		cfg.MetricTransformations = []Transformation{tr}
		for range r.Extra {
			cfg.MetricTransformations = append(cfg.MetricTransformations, tr)
		}
	}
	return cfg
}

// TestPublishingRules runs testdata/metricfilter/publish.jsonl: each row names the rule
// (§7.3, §7.4, DM6–DM8) it checks, one event and the data points it must publish.
func TestPublishingRules(t *testing.T) {
	defaultTime := time.Date(2024, 1, 2, 10, 0, 30, 500, time.UTC)
	for _, r := range readRows(t, "publish.jsonl") {
		t.Run(r.Rule, func(t *testing.T) {
			f, err := New(r.config())
			if err != nil {
				t.Fatal(err)
			}
			ts := defaultTime
			if r.Time != "" {
				if ts, err = time.Parse(time.RFC3339Nano, r.Time); err != nil {
					t.Fatal(err)
				}
			}
			got := f.Apply(LogEvent{Timestamp: ts, Message: r.Event})
			want := make([]Datum, 0, len(r.Want))
			for _, w := range r.Want {
				wt := defaultTime.Truncate(time.Minute)
				if w.Time != "" {
					wt, _ = time.Parse(time.RFC3339, w.Time)
				}
				want = append(want, Datum{Namespace: "NS", MetricName: "M", Dimensions: w.Dims,
					Value: w.Value, Unit: "None", Timestamp: wt})
			}
			if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b time.Time) bool {
				return a.Equal(b) && a.Location() == time.UTC && b.Location() == time.UTC
			})); len(want)+len(got) > 0 && diff != "" {
				t.Errorf("%s on %q (-want +got):\n%s", r.Pattern, r.Event, diff)
			}
			// Batching never changes results (§7.3): AppendApply onto existing data agrees.
			prefix := []Datum{{MetricName: "prev"}}
			if again := f.AppendApply(prefix, LogEvent{Timestamp: ts, Message: r.Event}); len(again) != 1+len(got) {
				t.Errorf("AppendApply gave %d data, Apply %d", len(again)-1, len(got))
			}
		})
	}
}

// TestValidationRules runs testdata/metricfilter/validate.jsonl: New must accept or reject each
// configuration with AWS's text, naming the field (§7.1, §7.2, §7.5, D-26..D-30).
func TestValidationRules(t *testing.T) {
	for _, r := range readRows(t, "validate.jsonl") {
		t.Run(r.Rule, func(t *testing.T) {
			_, err := New(r.config())
			if r.Err == "" {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("error %v (%T), want *ValidationError", err, err)
			}
			if ve.Error() != r.Err || ve.Field != r.Field || ve.Code != CodeInvalidParameter {
				t.Errorf("got %s / %q / %q\nwant %s / %q", ve.Code, ve.Field, ve.Error(), r.Field, r.Err)
			}
		})
	}
}

func TestPatternErrorIsSyntaxError(t *testing.T) {
	_, err := New(Config{FilterPattern: "{ $.a = ", MetricTransformations: []Transformation{{MetricName: "m", MetricNamespace: "n", MetricValue: "1"}}})
	var se *filterpattern.SyntaxError
	if !errors.As(err, &se) || se.Error() != "If a filter pattern starts with '{' it must end with '}'" {
		t.Fatalf("got %v (%T)", err, err)
	}
	// Request constraints come before the pattern.
	_, err = New(Config{FilterPattern: "{", MetricTransformations: []Transformation{{MetricName: "m", MetricNamespace: "n", MetricValue: ""}}})
	var ve *ValidationError
	if !errors.As(err, &ve) || ve.Field != "metricTransformations.1.member.metricValue" {
		t.Fatalf("got %v (%T), want the metricValue length error", err, err)
	}
}

func TestSevenThreeExample(t *testing.T) {
	// §7.3's example: WARN a, INFO b, WARN c in one minute -> 2, 5, 2.
	def := 5.0
	f, err := New(Config{FilterPattern: "WARN", MetricTransformations: []Transformation{
		{MetricName: "Warnings", MetricNamespace: "App", MetricValue: "2", DefaultValue: &def}}})
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	var data []Datum
	for i, m := range []string{"WARN a", "INFO b", "WARN c"} {
		data = f.AppendApply(data, LogEvent{Timestamp: t0.Add(time.Duration(i) * time.Second), Message: m})
	}
	var vals []float64
	for _, d := range data {
		vals = append(vals, d.Value)
	}
	if !cmp.Equal(vals, []float64{2, 5, 2}) {
		t.Fatalf("values %v", vals)
	}
}

// §7.4 parseMetricNumber (D-29).
func TestParseMetricNumber(t *testing.T) {
	for s, want := range map[string]float64{"42": 42, "-3": -3, "+.5": 0.5, "5.": 5, "1e3": 1000, "2.5E-1": 0.25, "007": 7} {
		if got, ok := ParseMetricNumber(s); !ok || got != want {
			t.Errorf("ParseMetricNumber(%q) = %v %v, want %v", s, got, ok, want)
		}
	}
	for _, s := range []string{"", " 1", "1 ", "0x10", "1_000", "NaN", "Inf", "Infinity", "1e400", ".", "e5", "1e", "--1", "1.2.3"} {
		if got, ok := ParseMetricNumber(s); ok {
			t.Errorf("ParseMetricNumber(%q) = %v, want not numeric", s, got)
		}
	}
}
