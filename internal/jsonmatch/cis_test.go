package jsonmatch

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/cwfilter/cwfilter/cloudtrail"
	"github.com/cwfilter/cwfilter/internal/israce"

	"github.com/cwfilter/cwfilter/internal/jsonmatch/reference"
	"github.com/cwfilter/cwfilter/internal/testfile"
)

var update = flag.Bool("update", false, "rewrite golden files")

const (
	cisPatterns = "../../testdata/conformance/cis-patterns.jsonl"
	cisGolden   = "../../testdata/conformance/cis-counts.golden"
)

type corpus struct {
	name   string
	events [][]byte
}

// loadCorpora reads every embedded CloudTrail corpus, one event per record.
func loadCorpora(t testing.TB) []corpus {
	t.Helper()
	var out []corpus
	for _, name := range cloudtrail.Corpora() {
		events, err := cloudtrail.Load(name)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, corpus{name: name, events: events})
	}
	if len(out) != 4 {
		t.Fatalf("want 4 corpora, got %d", len(out))
	}
	return out
}

type cisPattern struct {
	Control string `json:"control"`
	Pattern string `json:"pattern"`
}

func loadCIS(t testing.TB) []cisPattern {
	t.Helper()
	return testfile.JSONL[cisPattern](t, cisPatterns)
}

func eventID(ev []byte) string {
	var x struct {
		EventID string `json:"eventID"`
	}
	_ = json.Unmarshal(ev, &x)
	return x.EventID
}

// TestCISCorpora runs every CIS pattern over the four CloudTrail corpora: the engine must
// match exactly the events the reference matches, and the counts must equal the golden file
// (so that a regression shared by both evaluators is caught too).
func TestCISCorpora(t *testing.T) {
	corpora := loadCorpora(t)
	var golden strings.Builder
	total := 0
	for i, cp := range loadCIS(t) {
		p := parseJSON(t, cp.Pattern)
		m := mustCompile(t, p)
		for _, c := range corpora {
			var got, want []string
			for _, ev := range c.events {
				if m.Match(ev) {
					got = append(got, eventID(ev))
				}
				if reference.Match(p, ev) {
					want = append(want, eventID(ev))
				}
				if m.WithoutPrefilter().Match(ev) != m.Match(ev) {
					t.Errorf("pattern %d (%s): prefilter changes the result on %s", i+1, cp.Control, ev)
				}
			}
			if !slices.Equal(got, want) {
				t.Errorf("pattern %d (%s) on %s: engine matched %d %v, reference %d %v", i+1, cp.Control, c.name, len(got), got, len(want), want)
			}
			total += len(got)
			fmt.Fprintf(&golden, "%d\t%s\t%d\t%s\n", i+1, c.name, len(got), cp.Control)
		}
	}
	if total == 0 {
		t.Error("no CIS pattern matched any event")
	}
	compareGolden(t, cisGolden, golden.String())
}

func compareGolden(t *testing.T, path, got string) {
	t.Helper()
	header := "# line of cis-patterns.jsonl, corpus, matching events, control (regenerate: go test ./internal/jsonmatch -run TestCISCorpora -update)\n"
	got = header + got
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(want) != got {
		t.Errorf("%s differs (run with -update if intended):\n--- want\n%s--- got\n%s", path, want, got)
	}
}

// TestMatchAllocs: Match allocates nothing for any CIS pattern on any real event.
func TestMatchAllocs(t *testing.T) {
	if israce.Enabled {
		t.Skip("sync.Pool drops items at random under the race detector")
	}
	corpora := loadCorpora(t)
	for i, cp := range loadCIS(t) {
		for _, m := range []*Matcher{mustCompile(t, parseJSON(t, cp.Pattern)), mustCompile(t, parseJSON(t, cp.Pattern)).WithoutPrefilter()} {
			for _, c := range corpora {
				allocs := testing.AllocsPerRun(3, func() {
					for _, ev := range c.events {
						m.Match(ev)
					}
				})
				if allocs != 0 {
					t.Errorf("pattern %d on %s: %v allocations per pass", i+1, c.name, allocs)
				}
			}
		}
	}
}
