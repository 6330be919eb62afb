package main

import (
	"os"
	"strings"
	"testing"
)

// testdata/benchstat.csv is benchstat's `-format csv -col /impl` output for a made-up run of
// some rows (6 runs each, ±1% noise).
func TestRender(t *testing.T) {
	f, err := os.Open("testdata/benchstat.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	res, err := parse(f)
	if err != nil {
		t.Fatal(err)
	}
	if got := res.config["machine"]; got != "linux/amd64, 2 cores, AMD EPYC" {
		t.Errorf("machine = %q", got)
	}
	controls, err := cisControls("../../../testdata/conformance/cis-patterns.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	out := render(res, controls)
	for _, want := range []string{
		"`bench/perf.sh`, 2026-12-01 06:00 UTC. Every figure is benchstat's median of 6 rounds, each running every benchmark once\n" +
			"(`bench.test -test.run '^$' -test.bench . -test.count 1 -test.timeout 0`, the test binary of `bench/`)",
		"Machine: linux/amd64, 2 cores, AMD EPYC; load average 0.10 0.20 0.30 when the run started, 0.40 0.50 0.60 when it ended.",
		"the 10,007 real CloudTrail records of `cloudtrail/corpus` (5.6 MB)",
		"| 760 µs ±1% (7.4 GB/s) | 0 | `encoding/json` → `map[string]any` + reference evaluator: 72.7 ms ±1% (76.9 MB/s) | **96×** | ≥ 40× ✓ |",
		"| | | | gjson: 1.30 ms ±1% (4.3 GB/s) | 1.7× | ≥ 2× — **missed** |",
		"| | | | jsonparser `EachKey`: not in this run | — | ≥ 2× |",
		"(`bytes.IndexByte`, absent byte): 110 µs ±1% (27.4 GB/s) | 4.7× slower | ≤ 3× — **missed** |",
		"| the same 15 `Pattern.Match` calls: 12.1 ms ±1% (463 MB/s) | **6.1×** | ≥ 5× ✓ |",
		"its costliest member alone (CloudWatch.5 / CIS 4.5): 1.20 ms ±1% (4.7 GB/s) | **1.7× slower** | ≤ 2× ✓ |",
		"| alarm `EvaluateWindow`, steady state | 106 ns ±0% (9.50M evaluations/s) | 0 | with a transition each call: 1.24 µs ±1% (800k evaluations/s), 1 allocs/op | — | 0 allocs/op ✓ |",
		"with 2 workers | not in this run | | 1 worker | — | ≥ 1.7× |",
		"| regex `%AccessDenied\\|UnauthorizedOperation%` | 1.00 ms ±1% (5.6 GB/s) | 0 | `regexp.Match`: 100 ms ±1% (56.0 MB/s) | **100×** | ≥ 1× ✓ |",
		"| regex `%i-[0-9a-f]{17}%` | 4.00 ms ±2% (1.4 GB/s) | 0 | `regexp.Match`: 2.00 ms ±1% (2.8 GB/s) | 0.50× | ≥ 1× — **missed** |",
		"| regex `%\\d{3}-\\d{3}%` | not in this run | | `regexp.Match` | — | ≥ 1× |",
		"| regex rows: geometric mean of the 3 ratios | | | `regexp.Match` | **11×** | ≥ 8× ✓ |",
		"| regex rows: the slowest, regex `%i-[0-9a-f]{17}%` | 4.00 ms ±2% (1.4 GB/s) | | memory scan (`bytes.IndexByte`, absent byte), same run: 200 µs ±1% (28.0 GB/s) | — | ≥ 500 MB/s ✓ |",
		"(the regex member's cost bound): 1.65 ms ±1% | **1.0× slower** | ≤ 1.05× ✓ |",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
}

func TestReplaceBlock(t *testing.T) {
	readme := "# x\n\n<!-- perf:begin -->\nold\ntable\n<!-- perf:end -->\n\nprose\n"
	got, err := replaceBlock(readme, "new\n")
	if err != nil {
		t.Fatal(err)
	}
	if want := "# x\n\n<!-- perf:begin -->\nnew\n<!-- perf:end -->\n\nprose\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if _, err := replaceBlock("no markers\n", "x"); err == nil {
		t.Error("no error without markers")
	}
}

func TestFormats(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{duration(0.0726), "72.6 ms"}, {duration(105e-9), "105 ns"}, {duration(2.5), "2.50 s"},
		{times(95.4), "95×"}, {times(4.26), "4.3×"}, {times(0.84), "0.84×"},
		{thousands("10007"), "10,007"}, {thousands("100000"), "100,000"}, {thousands("7"), "7"},
		{megabytes("5587658"), "5.6 MB"}, {bytesPerSec(7.3e9), "7.3 GB/s"}, {si(678e3), "678k"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
