package metricfilter

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/cwfilter/cwfilter/cloudtrail"
	"github.com/cwfilter/cwfilter/filterpattern"
	"github.com/cwfilter/cwfilter/internal/israce"
	"github.com/cwfilter/cwfilter/internal/testfile"
)

var t0 = time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)

func mustFilter(t testing.TB, name, pattern, value string, dims map[string]string) *Filter {
	t.Helper()
	f, err := New(Config{FilterName: name, FilterPattern: pattern, MetricTransformations: []Transformation{
		{MetricName: name, MetricNamespace: "NS", MetricValue: value, Dimensions: dims, Unit: "Count"}}})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// AppendApply without dimensions allocates nothing (the matching hot path never allocates; CONTRIBUTING.md, "Allocation-free paths").
func TestAppendApplyAllocs(t *testing.T) {
	if israce.Enabled {
		t.Skip("allocation counts are not meaningful under -race")
	}
	def := 0.0
	withDefault, _ := New(Config{FilterPattern: `{ $.kind = "req" }`, MetricTransformations: []Transformation{
		{MetricName: "m", MetricNamespace: "n", MetricValue: "$.ms", DefaultValue: &def}}})
	cases := []struct {
		f      *Filter
		events []string
	}{
		{mustFilter(t, "terms", "ERROR", "1", nil), []string{"an ERROR", "fine"}},
		{mustFilter(t, "json", `{ $.kind = "req" }`, "$.ms", nil), []string{`{"kind":"req","ms":12.5}`, `{"kind":"req","ms":"4\u0032"}`, `{"kind":"x"}`}},
		{withDefault, []string{`{"kind":"req"}`, `{"kind":"no"}`}},
		{mustFilter(t, "space", "[ip, user, size]", "$size", nil), []string{"1.2.3.4 bob 1534", "1.2.3.4 bob"}},
		{mustFilter(t, "regex", "%E+R%", "2", nil), []string{"EER", "x"}},
	}
	dst := make([]Datum, 0, 8)
	for _, c := range cases {
		for _, e := range c.events {
			ev := LogEvent{Timestamp: t0, Message: e}
			c.f.AppendApply(dst[:0], ev) // warm the filter's scratch space
			if n := testing.AllocsPerRun(200, func() { dst = c.f.AppendApply(dst[:0], ev) }); n != 0 {
				t.Errorf("%s on %q: %v allocs", c.f.Name(), e, n)
			}
		}
	}
	g, err := NewGroup(cases[0].f, cases[1].f, cases[3].f, cases[4].f)
	if err != nil {
		t.Fatal(err)
	}
	ev := LogEvent{Timestamp: t0, Message: `{"kind":"req","ms":1,"e":"ERROR EER"}`}
	g.AppendApply(dst[:0], ev)
	if n := testing.AllocsPerRun(200, func() { dst = g.AppendApply(dst[:0], ev) }); n != 0 {
		t.Errorf("Group.AppendApply: %v allocs", n)
	}
	if len(dst) != 3 {
		t.Errorf("group published %d data, want 3 (terms, json, regex)", len(dst))
	}
}

func TestGroupQuotas(t *testing.T) {
	var fs []*Filter
	for i := range 101 {
		fs = append(fs, mustFilter(t, fmt.Sprint("f", i), "x", "1", nil))
	}
	_, err := NewGroup(fs...)
	var ve *ValidationError
	if !errors.As(err, &ve) || ve.Code != CodeLimitExceeded {
		t.Errorf("101 filters: %v", err)
	}
	if _, err := NewGroup(fs[:100]...); err != nil {
		t.Errorf("100 filters: %v", err)
	}
	// §7.7: the 6th filter containing a regex is refused, standalone or inside a structured pattern.
	regexes := []string{`%a%`, `{ $.a = %b% }`, `[x = %c%, y]`, `{ ($.a = 1) || ($.b = %d%) }`, `%e%`, `%f%`}
	var rs []*Filter
	for i, p := range regexes {
		rs = append(rs, mustFilter(t, fmt.Sprint("r", i), p, "1", nil))
	}
	_, err = NewGroup(append(rs, fs[:10]...)...)
	if !errors.As(err, &ve) || ve.Code != CodeLimitExceeded ||
		ve.Error() != "Resource limit exceeded. Maximum of 5 filter patterns containing regular expressions per log group." {
		t.Errorf("6 regex filters: %v", err)
	}
	if _, err := NewGroup(append(rs[:5], fs[:95]...)...); err != nil {
		t.Errorf("5 regex filters: %v", err)
	}
	if _, err := NewGroup(fs[0], fs[0]); err == nil {
		t.Error("duplicate filter names accepted")
	}
}

// A Group publishes what its filters publish one by one, in the documented order.
func TestGroupEqualsFilters(t *testing.T) {
	def := 0.0
	dflt, _ := New(Config{FilterName: "dflt", FilterPattern: "WARN", MetricTransformations: []Transformation{
		{MetricName: "w", MetricNamespace: "NS", MetricValue: "1", DefaultValue: &def}}})
	fs := []*Filter{
		mustFilter(t, "val", `{ $.kind = "req" }`, "$.ms", map[string]string{"Op": "$.op"}),
		dflt,
		mustFilter(t, "all", "", "1", nil),
	}
	g, err := NewGroup(fs...)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{`{"kind":"req","ms":3,"op":"GET"}`, "WARN x", "other"} {
		ev := LogEvent{Timestamp: t0, Message: m}
		got := g.Apply(ev)
		var want []Datum
		for _, f := range []*Filter{fs[1], fs[2], fs[0]} { // plain filters first, then the others
			want = f.AppendApply(want, ev)
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%q: group %v, filters %v", m, got, want)
		}
	}
}

// cisGroup is the first 15 CIS / Security Hub patterns as one log group's metric filters.
func cisGroup(tb testing.TB) *Group {
	tb.Helper()
	var fs []*Filter
	for _, row := range testfile.JSONL[struct{ Pattern string }](tb, "../testdata/conformance/cis-patterns.jsonl")[:15] {
		fs = append(fs, mustFilter(tb, fmt.Sprint("cis", len(fs)+1), row.Pattern, "1", nil))
	}
	g, err := NewGroup(fs...)
	if err != nil {
		tb.Fatal(err)
	}
	return g
}

func TestCISGroupOverCorpus(t *testing.T) {
	g := cisGroup(t)
	events, err := cloudtrail.LoadAll()
	if err != nil {
		t.Fatal(err)
	}
	var dst []Datum
	total, perMetric := 0, map[string]int{}
	for _, e := range events {
		dst = g.AppendApply(dst[:0], LogEvent{Timestamp: t0, Message: string(e)})
		total += len(dst)
		for _, d := range dst {
			perMetric[d.MetricName]++
		}
	}
	// Every datum is one match; the per-filter counts must equal Pattern.Match's.
	for _, f := range g.Filters() {
		n := 0
		for _, e := range events {
			if f.Pattern().Match(e) {
				n++
			}
		}
		if got := perMetric[f.metric]; got != n {
			t.Errorf("%s: %d data, %d matches", f.Name(), got, n)
		}
	}
	if total == 0 {
		t.Error("no CIS filter matched the corpus")
	}
	t.Logf("%d events, %d data points", len(events), total)
}

// TestGroupApplyAll: ApplyAll hands back, in order and for any number of workers, what
// AppendApply returns event by event.
func TestGroupApplyAll(t *testing.T) {
	g := cisGroup(t)
	records, err := cloudtrail.LoadAll()
	if err != nil {
		t.Fatal(err)
	}
	events := make([]LogEvent, len(records))
	for i, r := range records {
		events[i] = LogEvent{Timestamp: t0.Add(time.Duration(i) * time.Second), Message: string(r)}
	}
	for _, workers := range []int{1, 2, 0} {
		next := 0
		err := g.ApplyAll(events, workers, func(i int, data []Datum) error {
			if i != next {
				t.Fatalf("workers=%d: event %d emitted, want %d", workers, i, next)
			}
			next++
			if want := g.Apply(events[i]); !reflect.DeepEqual(data, want) && len(data)+len(want) > 0 {
				t.Errorf("workers=%d event %d: %v, want %v", workers, i, data, want)
			}
			return nil
		})
		if err != nil || next != len(events) {
			t.Fatalf("workers=%d: %v after %d of %d events", workers, err, next, len(events))
		}
	}
}

// An event larger than CloudWatch Logs ingests never reaches a filter (D-59): it publishes
// nothing, not even a filter's DefaultValue, through a Filter or a Group.
func TestOversizedEventPublishesNothing(t *testing.T) {
	def := 0.0
	f, err := New(Config{FilterName: "d", FilterPattern: "ERROR", MetricTransformations: []Transformation{
		{MetricName: "Errors", MetricNamespace: "NS", MetricValue: "1", DefaultValue: &def}}})
	if err != nil {
		t.Fatal(err)
	}
	g, err := NewGroup(f)
	if err != nil {
		t.Fatal(err)
	}
	big := LogEvent{Timestamp: t0, Message: strings.Repeat("x", filterpattern.DefaultMaxEventSize+1)}
	limit := LogEvent{Timestamp: t0, Message: big.Message[1:]}
	for name, apply := range map[string]func(LogEvent) []Datum{"Filter": f.Apply, "Group": g.Apply} {
		if d := apply(big); len(d) != 0 {
			t.Errorf("%s: an oversized event published %v", name, d)
		}
		if d := apply(limit); len(d) != 1 || d[0].Value != 0 {
			t.Errorf("%s: an event at the limit published %v, want the default value", name, d)
		}
	}
}
