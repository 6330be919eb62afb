package bench

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/buger/jsonparser"
	"github.com/tidwall/gjson"

	"github.com/cwfilter/cwfilter/filterpattern"
	"github.com/cwfilter/cwfilter/filterpattern/ast"
	"github.com/cwfilter/cwfilter/internal/jsonmatch"
	"github.com/cwfilter/cwfilter/internal/jsonmatch/reference"
)

// JSON patterns over the four real CloudTrail corpora (../testdata/cloudtrail). One op is one
// pass over every event of every corpus; MB/s is over the total corpus bytes. Baselines, all
// answering the same question on the same events:
//
//	encodingjson  json.Unmarshal into map[string]any, then the reference evaluator
//	gjson         gjson.GetBytes per field, the comparison hand-coded
//	jsonparser    jsonparser.EachKey over the needed paths, the comparison hand-coded
//	memscan       bytes.IndexByte for a byte that never occurs: the memory-scan limit
//
// cwfilter-noprefilter is the engine with its literal prefilter off: every event is fully
// validated and walked (the bench module may import internal packages: its import path is
// under github.com/cwfilter/cwfilter).
//
// gjson and jsonparser do not validate the event; cwfilter validates all of it (EV1, EV2).

const iamPattern = `{ ($.eventSource = "iam.amazonaws.com") && ($.eventName = "Create*") }`

var (
	loadOnce sync.Once
	events   [][]byte
	total    int64
	cis4     string
)

func load(b *testing.B) {
	loadOnce.Do(func() {
		files, _ := filepath.Glob("../testdata/cloudtrail/*.jsonl.gz")
		for _, name := range files {
			f, err := os.Open(name)
			if err != nil {
				panic(err)
			}
			zr, err := gzip.NewReader(f)
			if err != nil {
				panic(err)
			}
			data, err := io.ReadAll(zr)
			f.Close()
			if err != nil {
				panic(err)
			}
			for _, line := range bytes.Split(data, []byte("\n")) {
				if len(line) > 0 {
					events = append(events, line)
					total += int64(len(line))
				}
			}
		}
		f, err := os.Open("../testdata/conformance/cis-patterns.jsonl")
		if err != nil {
			panic(err)
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		for i := 1; sc.Scan(); i++ {
			if i == 4 { // CloudWatch.4 / CIS 4.4 — IAM policy changes
				var row struct{ Pattern string }
				if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
					panic(err)
				}
				cis4 = row.Pattern
			}
		}
	})
	if len(events) == 0 || cis4 == "" {
		b.Fatal("corpora or CIS patterns missing")
	}
}

// cis4Names are the event names CIS.4 lists, for the hand-coded baselines.
var cis4Names = map[string]bool{
	"DeleteGroupPolicy": true, "DeleteRolePolicy": true, "DeleteUserPolicy": true, "PutGroupPolicy": true,
	"PutRolePolicy": true, "PutUserPolicy": true, "CreatePolicy": true, "DeletePolicy": true,
	"CreatePolicyVersion": true, "DeletePolicyVersion": true, "AttachRolePolicy": true, "DetachRolePolicy": true,
	"AttachUserPolicy": true, "DetachUserPolicy": true, "AttachGroupPolicy": true, "DetachGroupPolicy": true,
}

// run times match over all events and reports the matches as a metric (so that every
// baseline can be seen to agree).
func run(b *testing.B, evs [][]byte, size int64, match func([]byte) bool) {
	b.SetBytes(size)
	b.ReportAllocs()
	b.ResetTimer()
	n := 0
	for range b.N {
		n = 0
		for _, ev := range evs {
			if match(ev) {
				n++
			}
		}
	}
	b.ReportMetric(float64(n), "matches")
}

func jsonPattern(b *testing.B, p string) *ast.JSON {
	tree, err := filterpattern.Parse(p)
	if err != nil {
		b.Fatal(err)
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

func noPrefilter(b *testing.B, p string) func([]byte) bool {
	m, err := jsonmatch.Compile(jsonPattern(b, p))
	if err != nil {
		b.Fatal(err)
	}
	return m.WithoutPrefilter().Match
}

func memscan(ev []byte) bool { return bytes.IndexByte(ev, 0) >= 0 }

func BenchmarkIAM(b *testing.B) {
	load(b)
	cw := filterpattern.MustCompile(iamPattern)
	b.Run("cwfilter", func(b *testing.B) { run(b, events, total, cw.Match) })
	b.Run("cwfilter-noprefilter", func(b *testing.B) { run(b, events, total, noPrefilter(b, iamPattern)) })
	b.Run("encodingjson", func(b *testing.B) { run(b, events, total, encodingJSON(jsonPattern(b, iamPattern))) })
	b.Run("gjson", func(b *testing.B) {
		run(b, events, total, func(ev []byte) bool {
			src := gjson.GetBytes(ev, "eventSource")
			if src.Type != gjson.String || src.Str != "iam.amazonaws.com" {
				return false
			}
			name := gjson.GetBytes(ev, "eventName")
			return name.Type == gjson.String && strings.HasPrefix(name.Str, "Create")
		})
	})
	paths := [][]string{{"eventSource"}, {"eventName"}}
	b.Run("jsonparser", func(b *testing.B) {
		run(b, events, total, func(ev []byte) bool {
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
		})
	})
	b.Run("memscan", func(b *testing.B) { run(b, events, total, memscan) })
}

func BenchmarkCIS4(b *testing.B) {
	load(b)
	cw := filterpattern.MustCompile(cis4)
	b.Run("cwfilter", func(b *testing.B) { run(b, events, total, cw.Match) })
	b.Run("cwfilter-noprefilter", func(b *testing.B) { run(b, events, total, noPrefilter(b, cis4)) })
	b.Run("encodingjson", func(b *testing.B) { run(b, events, total, encodingJSON(jsonPattern(b, cis4))) })
	b.Run("gjson", func(b *testing.B) {
		run(b, events, total, func(ev []byte) bool {
			name := gjson.GetBytes(ev, "eventName")
			return name.Type == gjson.String && cis4Names[name.Str]
		})
	})
	paths := [][]string{{"eventName"}}
	b.Run("jsonparser", func(b *testing.B) {
		run(b, events, total, func(ev []byte) bool {
			ok := false
			jsonparser.EachKey(ev, func(i int, v []byte, t jsonparser.ValueType, err error) {
				ok = t == jsonparser.String && cis4Names[string(v)]
			}, paths...)
			return ok
		})
	})
	b.Run("memscan", func(b *testing.B) { run(b, events, total, memscan) })
}

// BenchmarkIAMRejected isolates the events the IAM pattern's prefilter rejects (no
// "iam.amazonaws.com", no backslash) and compares their cost with the memory-scan limit.
func BenchmarkIAMRejected(b *testing.B) {
	load(b)
	var rejected [][]byte
	var size int64
	for _, ev := range events {
		if !bytes.Contains(ev, []byte("iam.amazonaws.com")) && bytes.IndexByte(ev, '\\') < 0 {
			rejected = append(rejected, ev)
			size += int64(len(ev))
		}
	}
	cw := filterpattern.MustCompile(iamPattern)
	b.Run("cwfilter", func(b *testing.B) { run(b, rejected, size, cw.Match) })
	b.Run("memscan", func(b *testing.B) { run(b, rejected, size, memscan) })
}
