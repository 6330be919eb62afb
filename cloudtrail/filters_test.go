package cloudtrail

import (
	"strings"
	"testing"

	"github.com/cwfilter/cwfilter/filterpattern"
)

func TestSecurityFilters(t *testing.T) {
	fs := SecurityFilters()
	if len(fs) != 16 || fs[0].Metric != "RootAccountUsage" || fs[15].Metric != "CallsFromWatchedIP" || fs[15].Threshold != 30 {
		t.Fatalf("unexpected built-in filters: %+v", fs)
	}
	for _, f := range fs {
		if _, err := filterpattern.Compile(f.Pattern); err != nil {
			t.Errorf("%s: %v", f.Source, err)
		}
	}
}

func TestReadFiltersErrors(t *testing.T) {
	cases := []struct{ file, err string }{
		{"", `f: no filters`},
		{"# only a comment\n\n", `f: no filters`},
		{`{"metric":"M","pattern":"x","Metric":"N"}`, `f:1: unknown key "Metric"`},
		{`{"pattern":"x"}`, `f:1: "metric" is required`},
		{`{"metric":"M"}`, `f:1: "pattern" is required`},
		{`{"metric":"M","pattern":"x","threshold":"5"}`, `f:1: "threshold" must be a number, not "5"`},
		{`{"metric":"M","metric":"N","pattern":"x"}`, `f:1: key "metric" given twice`},
		{`{"metric":"M","pattern":"x"} {}`, `f:1: text after the JSON object`},
		{`{"metric":"M","pattern":"x"`, `f:1: invalid JSON: the object is not closed`},
		{`["M"]`, `f:1: not a JSON object`},
		{"{\"metric\":\"M\",\"pattern\":\"x\"}\n\n{\"metric\":\"M\",\"pattern\":\"y\"}", `f:3: metric "M" is already defined at f:1`},
	}
	for _, c := range cases {
		_, err := ReadFilters("f", []byte(c.file))
		if err == nil || !strings.HasPrefix(err.Error(), c.err) {
			t.Errorf("%q: error %v, want one starting %q", c.file, err, c.err)
		}
	}
	fs, err := ReadFilters("f", []byte("\n{\"metric\":\"M\",\"pattern\":\"x\"}\n"))
	if err != nil || len(fs) != 1 || fs[0] != (Filter{Name: "x", Metric: "M", Pattern: "x", Threshold: 1, Source: "f:2"}) {
		t.Errorf("got %+v, %v", fs, err)
	}
}
