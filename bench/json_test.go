package bench

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/buger/jsonparser"
	"github.com/tidwall/gjson"

	"github.com/cwfilter/cwfilter/filterpattern"
	"github.com/cwfilter/cwfilter/filterpattern/ast"
	"github.com/cwfilter/cwfilter/internal/jsonmatch"
	"github.com/cwfilter/cwfilter/internal/jsonmatch/reference"
)

// JSON patterns over the four real CloudTrail corpora (package cloudtrail). One op is one
// pass over every event of every corpus; MB/s is over the total corpus bytes. Baselines, all
// answering the same question on the same events:
//
//	encodingjson  json.Unmarshal into map[string]any, then the reference evaluator
//	gjson         gjson.GetBytes per field, the comparison hand-coded
//	jsonparser    jsonparser.EachKey over the needed paths, the comparison hand-coded
//	memscan       bytes.IndexByte for a byte that never occurs: the memory-scan limit
//
// noprefilter is the engine with its literal prefilter off: every event is fully
// validated and walked (the bench module may import internal packages: its import path is
// under github.com/cwfilter/cwfilter).
//
// gjson and jsonparser do not validate the event; cwfilter validates all of it (EV1, EV2).

const iamPattern = `{ ($.eventSource = "iam.amazonaws.com") && ($.eventName = "Create*") }`

// cis4 is CloudWatch.4 / CIS 4.4 (IAM policy changes, 16 || conditions).
func cis4() string { return cisPatterns()[3] }

// cis4Names are the event names CIS.4 lists, for the hand-coded baselines.
var cis4Names = map[string]bool{
	"DeleteGroupPolicy": true, "DeleteRolePolicy": true, "DeleteUserPolicy": true, "PutGroupPolicy": true,
	"PutRolePolicy": true, "PutUserPolicy": true, "CreatePolicy": true, "DeletePolicy": true,
	"CreatePolicyVersion": true, "DeletePolicyVersion": true, "AttachRolePolicy": true, "DetachRolePolicy": true,
	"AttachUserPolicy": true, "DetachUserPolicy": true, "AttachGroupPolicy": true, "DetachGroupPolicy": true,
}

func jsonPattern(tb testing.TB, p string) *ast.JSON {
	tree, err := filterpattern.Parse(p)
	if err != nil {
		tb.Fatal(err)
	}
	return tree.(*ast.JSON)
}

func encodingJSON(p *ast.JSON) func([]byte) bool {
	return func(ev []byte) bool {
		var m map[string]any
		if json.Unmarshal(ev, &m) != nil {
			return false
		}
		return reference.Eval(p, m)
	}
}

func noPrefilter(tb testing.TB, p string) func([]byte) bool {
	m, err := jsonmatch.Compile(jsonPattern(tb, p))
	if err != nil {
		tb.Fatal(err)
	}
	return m.WithoutPrefilter().Match
}

func memscan(ev []byte) bool { return bytes.IndexByte(ev, 0) >= 0 }

// impl is one implementation of a row: a per-event predicate.
type impl struct {
	name  string
	match func([]byte) bool
}

func iamImpls(tb testing.TB) []impl {
	paths := [][]string{{"eventSource"}, {"eventName"}}
	return []impl{
		{"cwfilter", filterpattern.MustCompile(iamPattern).Match},
		{"noprefilter", noPrefilter(tb, iamPattern)},
		{"encodingjson", encodingJSON(jsonPattern(tb, iamPattern))},
		{"gjson", func(ev []byte) bool {
			src := gjson.GetBytes(ev, "eventSource")
			if src.Type != gjson.String || src.Str != "iam.amazonaws.com" {
				return false
			}
			name := gjson.GetBytes(ev, "eventName")
			return name.Type == gjson.String && strings.HasPrefix(name.Str, "Create")
		}},
		{"jsonparser", func(ev []byte) bool {
			src, name := false, false
			jsonparser.EachKey(ev, func(i int, v []byte, t jsonparser.ValueType, err error) {
				if t != jsonparser.String {
					return
				}
				switch i {
				case 0:
					src = string(v) == "iam.amazonaws.com"
				case 1:
					name = bytes.HasPrefix(v, []byte("Create"))
				}
			}, paths...)
			return src && name
		}},
	}
}

func cis4Impls(tb testing.TB) []impl {
	paths := [][]string{{"eventName"}}
	return []impl{
		{"cwfilter", filterpattern.MustCompile(cis4()).Match},
		{"noprefilter", noPrefilter(tb, cis4())},
		{"encodingjson", encodingJSON(jsonPattern(tb, cis4()))},
		{"gjson", func(ev []byte) bool {
			name := gjson.GetBytes(ev, "eventName")
			return name.Type == gjson.String && cis4Names[name.Str]
		}},
		{"jsonparser", func(ev []byte) bool {
			ok := false
			jsonparser.EachKey(ev, func(i int, v []byte, t jsonparser.ValueType, err error) {
				ok = t == jsonparser.String && cis4Names[string(v)]
			}, paths...)
			return ok
		}},
	}
}

// rejected returns the events the IAM pattern's prefilter rejects (no "iam.amazonaws.com",
// no backslash) and their size.
func rejected() ([][]byte, int64) {
	evs, _ := cloudTrail()
	var out [][]byte
	for _, ev := range evs {
		if !bytes.Contains(ev, []byte("iam.amazonaws.com")) && bytes.IndexByte(ev, '\\') < 0 {
			out = append(out, ev)
		}
	}
	return out, sizeOf(out)
}

// IAM: cwfilter against encoding/json + the reference evaluator, gjson and jsonparser.
// noprefilter and memscan are reference points (the README's prose refers to noprefilter).
func BenchmarkIAM(b *testing.B) {
	evs, size := cloudTrail()
	for _, im := range append(iamImpls(b), impl{"memscan", memscan}) {
		b.Run("impl="+im.name, func(b *testing.B) { run(b, evs, size, im.match) })
	}
}

// CIS4: CloudWatch.4 (16 || conditions), the same baselines as IAM.
func BenchmarkCIS4(b *testing.B) {
	evs, size := cloudTrail()
	for _, im := range append(cis4Impls(b), impl{"memscan", memscan}) {
		b.Run("impl="+im.name, func(b *testing.B) { run(b, evs, size, im.match) })
	}
}

// IAMRejected isolates the events the IAM pattern's prefilter rejects and compares their cost
// with the memory-scan limit.
func BenchmarkIAMRejected(b *testing.B) {
	evs, size := rejected()
	cw := filterpattern.MustCompile(iamPattern)
	b.Run("impl=cwfilter", func(b *testing.B) { run(b, evs, size, cw.Match) })
	b.Run("impl=memscan", func(b *testing.B) { run(b, evs, size, memscan) })
}

// The baselines answer the same question as cwfilter on every event of the corpus.
func TestJSONBaselinesAgree(t *testing.T) {
	evs, _ := cloudTrail()
	for row, impls := range map[string][]impl{"IAM": iamImpls(t), "CIS4": cis4Impls(t)} {
		want := count(evs, impls[0].match)
		if want == 0 {
			t.Errorf("%s: no event matches", row)
		}
		for _, im := range impls[1:] {
			if got := count(evs, im.match); got != want {
				t.Errorf("%s: %s matches %d events, cwfilter %d", row, im.name, got, want)
			}
		}
	}
	rej, _ := rejected()
	if n := count(rej, filterpattern.MustCompile(iamPattern).Match); n != 0 || len(rej) == 0 {
		t.Errorf("IAMRejected: %d of %d events match", n, len(rej))
	}
}
