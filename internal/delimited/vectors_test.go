package delimited

import (
	"strings"
	"testing"

	"github.com/cwfilter/cwfilter/filterpattern/ast"
	"github.com/cwfilter/cwfilter/internal/grammar"
	"github.com/cwfilter/cwfilter/internal/testfile"
	"github.com/google/go-cmp/cmp"
)

// vector is one row of a JSONL test file. The conformance file gives extractedValues as a map;
// our own files give fields as ordered [key, value] pairs, so token order is checked too.
type vector struct {
	ID              string            `json:"id"`
	Pattern         string            `json:"pattern"`
	Event           string            `json:"event"`
	Expected        string            `json:"expected"`
	ExtractedValues map[string]string `json:"extractedValues"`
	Fields          [][2]string       `json:"fields"`
}

func readVectors(t *testing.T, path string) []vector {
	t.Helper()
	return testfile.JSONL[vector](t, path)
}

// TestConformance runs the space-delimited rows of the shared conformance file at engine level.
func TestConformance(t *testing.T) {
	n := 0
	for _, v := range readVectors(t, "../../testdata/conformance/doc-vectors.jsonl") {
		if !strings.HasPrefix(strings.TrimLeft(v.Pattern, " \t\n\v\f\r"), "[") {
			continue
		}
		n++
		t.Run(v.ID, func(t *testing.T) { checkVector(t, v) })
	}
	if n < 70 {
		t.Fatalf("only %d space-delimited rows found", n)
	}
}

func TestCases(t *testing.T) {
	for _, file := range []string{"cases.jsonl", "formats.jsonl"} {
		for _, v := range readVectors(t, "../../testdata/delimited/"+file) {
			t.Run(file+"/"+v.ID, func(t *testing.T) { checkVector(t, v) })
		}
	}
}

// checkVector checks every entry point of the engine, and the reference, against one vector.
func checkVector(t *testing.T, v vector) {
	p, err := grammar.Parse(v.Pattern, grammar.MetricFilter)
	if v.Expected == "error" {
		if err == nil {
			_, err = Compile(p.(*ast.Delimited))
		}
		if err == nil {
			t.Fatalf("%q compiled, want an error", v.Pattern)
		}
		return
	}
	if err != nil {
		t.Fatalf("parse %q: %v", v.Pattern, err)
	}
	d := p.(*ast.Delimited)
	m, err := Compile(d)
	if err != nil {
		t.Fatal(err)
	}
	want := v.Expected == "match"
	if got := m.Match([]byte(v.Event)); got != want {
		t.Fatalf("Match(%q) = %v, want %v", v.Event, got, want)
	}
	if got := m.MatchString(v.Event); got != want {
		t.Fatalf("MatchString(%q) = %v, want %v", v.Event, got, want)
	}
	ext, ok := m.AppendExtract(nil, []byte(v.Event))
	if ok != want {
		t.Fatalf("AppendExtract ok = %v, want %v", ok, want)
	}
	extS, _ := m.AppendExtractString(nil, v.Event)
	if diff := cmp.Diff(ext, extS); diff != "" {
		t.Fatalf("AppendExtract vs AppendExtractString (-bytes +string):\n%s", diff)
	}
	ref, refOK := Reference(d, v.Event)
	if refOK != want {
		t.Fatalf("Reference ok = %v, want %v", refOK, want)
	}
	if diff := cmp.Diff(ref, ext); diff != "" {
		t.Fatalf("engine differs from reference (-ref +engine):\n%s", diff)
	}
	if !want {
		return
	}
	if v.ExtractedValues != nil {
		got := map[string]string{}
		for _, f := range ext {
			got[f.Key] = f.Value
		}
		if diff := cmp.Diff(v.ExtractedValues, got); diff != "" {
			t.Fatalf("extracted values (-want +got):\n%s", diff)
		}
	}
	if v.Fields != nil {
		got := make([][2]string, len(ext))
		for i, f := range ext {
			got[i] = [2]string{f.Key, f.Value}
		}
		if diff := cmp.Diff(v.Fields, got); diff != "" {
			t.Fatalf("extracted fields (-want +got):\n%s", diff)
		}
	}
	checkValues(t, m, v.Event, ext)
}

// checkValues reads every extracted key back through Ref/Value, and a few absent keys.
func checkValues(t *testing.T, m *Matcher, event string, ext []Field) {
	t.Helper()
	present := map[string]bool{}
	for _, f := range ext {
		present[f.Key] = true
		r, ok := m.Ref(f.Key)
		if !ok {
			t.Fatalf("Ref(%q) not resolvable", f.Key)
		}
		got, ok := m.ValueString(event, r)
		if !ok || got != f.Value {
			t.Fatalf("ValueString(%q) = %q, %v; want %q", f.Key, got, ok, f.Value)
		}
		gotB, ok := m.Value([]byte(event), r)
		if !ok || string(gotB) != f.Value {
			t.Fatalf("Value(%q) = %q, %v; want %q", f.Key, gotB, ok, f.Value)
		}
	}
	for _, key := range []string{"$1", "$2", "$3", "$7", "$999"} {
		if present[key] {
			continue
		}
		if r, ok := m.Ref(key); ok {
			if got, ok := m.ValueString(event, r); ok {
				t.Fatalf("ValueString(%q) = %q, want absent", key, got)
			}
		}
	}
}
