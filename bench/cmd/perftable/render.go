package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// kind is how a baseline is compared with the row's cwfilter figure.
type kind int

const (
	faster kind = iota // ratio = baseline time / cwfilter time; target: ratio ≥ target
	slower             // ratio = cwfilter time / baseline time, "N× slower"; target: ratio ≤ target
	info               // no ratio
)

type baseline struct {
	impl, label string
	kind        kind
	target      float64 // 0: no target
	allocs      bool    // show the baseline's allocs/op
}

// A row of the table: Benchmark<bench>/impl=<main> against each baseline's impl.
type row struct {
	bench, title string
	main         string // the cwfilter implementation's impl
	rate         string // the throughput unit shown: "B/s", "events/s" or "evals/s"
	baselines    []baseline
	zeroAllocs   bool // target: 0 allocs/op for main
	// summary, when set, renders the row from other rows' results instead.
	summary func(w *strings.Builder, res *results, all []row)
}

var rows = []row{
	{bench: "IAM", title: "IAM `{ ($.eventSource = \"iam.amazonaws.com\") && ($.eventName = \"Create*\") }`",
		main: "cwfilter", rate: "B/s", baselines: []baseline{
			{impl: "encodingjson", label: "`encoding/json` → `map[string]any` + reference evaluator", target: 40},
			{impl: "gjson", label: "gjson", target: 2},
			{impl: "jsonparser", label: "jsonparser `EachKey`", target: 2},
			{impl: "noprefilter", label: "cwfilter, prefilter off (every event validated and walked)", kind: info},
		}},
	{bench: "CIS4", title: "CIS CloudWatch.4 (16 `\\|\\|` conditions)", main: "cwfilter", rate: "B/s", baselines: []baseline{
		{impl: "encodingjson", label: "`encoding/json`", target: 40},
		{impl: "gjson", label: "gjson", target: 2},
		{impl: "jsonparser", label: "jsonparser", target: 2},
		{impl: "noprefilter", label: "cwfilter, prefilter off", kind: info},
	}},
	{bench: "IAMRejected", title: "IAM, prefilter-rejected events only", main: "cwfilter", rate: "B/s", baselines: []baseline{
		{impl: "memscan", label: "memory scan (`bytes.IndexByte`, absent byte)", kind: slower, target: 3},
	}},
	{bench: "Delimited", title: "space-delimited `[ip, identity, user, timestamp, request, status_code=4*, size]`",
		main: "cwfilter", rate: "B/s", baselines: []baseline{
			{impl: "fields", label: "`strings.Fields` + checks", target: 5},
		}},
	{bench: "DelimitedExtract", title: "the same pattern's seven extracted values (`AppendExtract`)",
		main: "cwfilter", rate: "B/s", baselines: []baseline{
			{impl: "fields", label: "`strings.Fields` + checks + a map of the values"},
		}},
	{bench: "Terms3", title: "3 terms `errorCode AccessDenied s3.amazonaws.com`", main: "cwfilter", rate: "B/s",
		baselines: []baseline{{impl: "bytes.Contains", label: "`bytes.Contains` loop"}}},
	regexRow("RegexAccessDenied", "AccessDenied\\|UnauthorizedOperation"),
	regexRow("RegexDigits12", "[0-9]{12}"),
	regexRow("RegexInstanceID", "i-[0-9a-f]{17}"),
	regexRow("RegexConsoleFailure", "ConsoleLogin.*Failure"),
	regexRow("RegexDigitsDash", `\d{3}-\d{3}`),
	regexRow("RegexLevels", "ERROR\\|WARN\\|FATAL"),
	regexRow("RegexWordRoot", `\broot\b`),
	regexRow("RegexAnchored", "^.{2}eventVersion"),
	regexRow("RegexAccessKey", "AKIA[0-9A-Z]{16}"),
	regexRow("RegexHost", `[a-z0-9-]+\.amazonaws\.com`),
	regexRow("RegexException", "errorCode.{1,5}[A-Za-z]+Exception"),
	regexRow("RegexIPv4", `[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}`),
	regexRow("RegexBounded", "eventName.{1,40}Delete"),
	{summary: regexSummary},
	{bench: "CISSet", title: "CIS CloudWatch.1–14 + 4.15 as one `filterpattern.Set`", main: "set", rate: "B/s",
		baselines: []baseline{
			{impl: "separate", label: "the same 15 `Pattern.Match` calls", target: 5},
			{impl: "costliest", label: "its costliest member alone", kind: slower, target: 2},
		}},
	{bench: "CISSetRegex", title: "the same 15 plus `%ConsoleLogin.*Failure%` as one `Set`, on the events without `ConsoleLogin`",
		main: "set", rate: "B/s", baselines: []baseline{
			{impl: "bound", label: "the 15 as a `Set`, then one search for `ConsoleLogin` (the regex member's cost bound)", kind: slower, target: regexMemberSlack},
			{impl: "cis", label: "the 15 as a `Set`", kind: info},
		}},
	{bench: "SetLiterals", title: "the same 15 ruled out by required literals only: rarest-byte search per literal (the Set's choice)",
		main: "rarestbyte", rate: "B/s", baselines: []baseline{{impl: "ahocorasick", label: "one Aho–Corasick pass over all literals"}}},
	{bench: "Group", title: "the same 15 as a `metricfilter.Group` (`AppendApply`)", main: "group", rate: "events/s",
		baselines: []baseline{{impl: "separate", label: "the same 15 `Pattern.Match` calls"}}},
	{bench: "Stream", title: "the same 15 `Set` over a stream, `Set.MatchLines` with 2 workers", main: "workers2", rate: "B/s",
		baselines: []baseline{
			{impl: "workers1", label: "1 worker", target: 1.7},
			{impl: "split2", label: "yardstick, no engine: the lines in memory, halved, on 2 goroutines", kind: info},
			{impl: "split1", label: "yardstick on 1 goroutine", kind: info},
		}},
	{bench: "EvaluateWindow", title: "alarm `EvaluateWindow`, steady state", main: "steady", rate: "evals/s", zeroAllocs: true,
		baselines: []baseline{{impl: "transition", label: "with a transition each call", kind: info, allocs: true}}},
}

// regexRow is the row of a standalone regex: cwfilter against regexp.Match on the same
// events, never slower (body is Markdown, | escaped).
func regexRow(bench, body string) row {
	return row{bench: bench, title: "regex `%" + body + "%`", main: "cwfilter", rate: "B/s",
		baselines: []baseline{{impl: "regexp", label: "`regexp.Match`", target: 1}}}
}

// The regex rows' joint targets (issue 16): the geometric mean of their ratios to regexp, and
// the throughput of the slowest, shown beside the memory scan of the same run.
const (
	regexGeomeanTarget = 8
	regexSlowestTarget = 500e6 // B/s
	// regexMemberSlack is the CISSetRegex target: the Set with the regex member takes no
	// longer than the Set and the member's literal search, up to the noise of a median.
	regexMemberSlack = 1.05
)

// regexSummary renders the regex rows' joint targets from their results.
func regexSummary(w *strings.Builder, res *results, all []row) {
	var logSum float64
	n := 0
	slowest, slowTime := "", 0.0
	for _, r := range all {
		if r.summary != nil || !strings.HasPrefix(r.bench, "Regex") || len(r.baselines) == 0 {
			continue
		}
		main, ok1 := res.get(r.bench, r.main, "sec/op")
		base, ok2 := res.get(r.bench, r.baselines[0].impl, "sec/op")
		if !ok1 || !ok2 {
			continue
		}
		logSum += math.Log(base.median / main.median)
		n++
		if main.median > slowTime {
			slowest, slowTime = r.bench, main.median
		}
	}
	if n == 0 {
		fmt.Fprintf(w, "| regex rows: geometric mean | not in this run | | `regexp.Match` | — | ≥ %d× |\n", regexGeomeanTarget)
		return
	}
	g := math.Exp(logSum / float64(n))
	ratio := times(g)
	if g >= regexGeomeanTarget {
		ratio = "**" + ratio + "**"
	}
	fmt.Fprintf(w, "| regex rows: geometric mean of the %d ratios | | | `regexp.Match` | %s | %s |\n", n, ratio,
		mark("≥ "+strconv.Itoa(regexGeomeanTarget)+"×", g >= regexGeomeanTarget))
	var title, bodyText string
	for _, r := range all {
		if r.bench == slowest {
			title, bodyText = r.title, figure(res, r.bench, r.main, "B/s")
		}
	}
	rate, _ := res.get(slowest, "cwfilter", "B/s")
	scan := "memory scan (`bytes.IndexByte`, absent byte), same run: not in this run"
	if _, ok := res.get("RegexYardstick", "memscan", "sec/op"); ok {
		scan = "memory scan (`bytes.IndexByte`, absent byte), same run: " + figure(res, "RegexYardstick", "memscan", "B/s")
	}
	fmt.Fprintf(w, "| regex rows: the slowest, %s | %s | | %s | — | %s |\n", title, bodyText, scan,
		mark("≥ "+bytesPerSec(regexSlowestTarget), rate.median >= regexSlowestTarget))
}

// render returns the generated block: header lines and the table.
func render(res *results, controls []string) string {
	var w strings.Builder
	c := res.config
	get := func(k string) string {
		if v := c[k]; v != "" {
			return v
		}
		return "?"
	}
	fmt.Fprintln(&w, "<!-- Generated by bench/perf.sh (bench/cmd/perftable) from bench/results/latest.txt: do not edit by hand. -->")
	rounds := get("count") + " rounds"
	if rounds == "1 rounds" {
		rounds = "1 round"
	}
	fmt.Fprintf(&w, "`%s`, %s. Every figure is benchstat's median of %s, each running every benchmark once\n",
		get("command"), get("date"), rounds)
	fmt.Fprintf(&w, "(`%s`, the test binary of `bench/`), the time of one pass over a whole input;\n", get("gotest"))
	fmt.Fprintln(&w, "every ratio divides two medians of that same run.")
	fmt.Fprintln(&w)
	fmt.Fprintf(&w, "- Machine: %s; load average %s when the run started, %s when it ended.\n",
		get("machine"), get("load"), get("load-end"))
	fmt.Fprintf(&w, "- Go: %s; benchstat: `%s`.\n", get("go"), get("benchstat"))
	fmt.Fprintf(&w, "- Corpus: the %s real CloudTrail records of `cloudtrail/corpus` (%s); access logs: %s generated lines "+
		"(`internal/delimited/loggen`, fixed seed, %s); stream: the records joined with `\\n`, repeated to %s.\n",
		thousands(c["corpus-records"]), megabytes(c["corpus-bytes"]), thousands(c["accesslog-lines"]),
		megabytes(c["accesslog-bytes"]), megabytes(c["stream-bytes"]))
	if n, _ := strconv.Atoi(c["count"]); n >= 6 {
		fmt.Fprintln(&w, "- ± is benchstat's 95% confidence interval around the median.")
	} else {
		fmt.Fprintln(&w, "- No confidence intervals: benchstat needs at least 6 rounds for one (`bench/perf.sh` runs 6 by default).")
	}
	fmt.Fprintln(&w)
	fmt.Fprintln(&w, "| benchmark | cwfilter | allocs/op | baseline (same run) | ratio | target |")
	fmt.Fprintln(&w, "|---|---|---|---|---|---|")
	for _, r := range rows {
		renderRow(&w, res, r, controls)
	}
	return w.String()
}

func renderRow(w *strings.Builder, res *results, r row, controls []string) {
	if r.summary != nil {
		r.summary(w, res, rows)
		return
	}
	main, ok := res.get(r.bench, r.main, "sec/op")
	if !ok {
		why := "not in this run"
		for i, b := range r.baselines {
			if i == 0 {
				fmt.Fprintf(w, "| %s | %s | | %s | — | %s |\n", r.title, why, b.label, targetText(b, 0, false))
			} else {
				fmt.Fprintf(w, "| | | | %s | — | %s |\n", b.label, targetText(b, 0, false))
			}
		}
		return
	}
	mainCell := figure(res, r.bench, r.main, r.rate)
	allocs := "?"
	allocsOK := false
	if a, ok := res.get(r.bench, r.main, "allocs/op"); ok {
		allocs = count(a.median)
		allocsOK = a.median == 0
	}
	for i, b := range r.baselines {
		label := b.label
		if pat, ok := res.get(r.bench, b.impl, "cis-pattern"); ok {
			if n := int(pat.median); n >= 1 && n <= len(controls) {
				label += fmt.Sprintf(" (%s)", controls[n-1])
			}
		}
		base, ok := res.get(r.bench, b.impl, "sec/op")
		cell, ratio, target := label+": not in this run", "—", targetText(b, 0, false)
		if ok {
			cell = label + ": " + figure(res, r.bench, b.impl, r.rate)
			if b.allocs {
				if a, ok := res.get(r.bench, b.impl, "allocs/op"); ok {
					cell += ", " + count(a.median) + " allocs/op"
				}
			}
			ratio, target = compare(b, main.median, base.median)
		}
		if r.zeroAllocs && i == 0 {
			target = mark("0 allocs/op", allocsOK)
		}
		if i == 0 {
			fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s |\n", r.title, mainCell, allocs, cell, ratio, target)
		} else {
			fmt.Fprintf(w, "| | | | %s | %s | %s |\n", cell, ratio, target)
		}
	}
}

// compare returns the ratio and target cells of baseline b, given the two median times.
func compare(b baseline, main, base float64) (ratio, target string) {
	switch b.kind {
	case faster:
		q := base / main
		met := b.target == 0 && q >= 1 || b.target > 0 && q >= b.target
		ratio = times(q)
		if met {
			ratio = "**" + ratio + "**"
		}
		return ratio, targetText(b, q, true)
	case slower:
		q := main / base
		if q < 1 {
			ratio = times(1/q) + " faster"
		} else {
			ratio = times(q) + " slower"
		}
		if b.target > 0 && q <= b.target {
			ratio = "**" + ratio + "**"
		}
		return ratio, targetText(b, q, true)
	}
	return "—", "—"
}

// targetText is b's target, marked met or missed when measured.
func targetText(b baseline, q float64, measured bool) string {
	if b.target == 0 {
		return "—"
	}
	switch b.kind {
	case faster:
		t := "≥ " + strconv.FormatFloat(b.target, 'g', -1, 64) + "×"
		if !measured {
			return t
		}
		return mark(t, q >= b.target)
	case slower:
		t := "≤ " + strconv.FormatFloat(b.target, 'g', -1, 64) + "×"
		if !measured {
			return t
		}
		return mark(t, q <= b.target)
	}
	return "—"
}

func mark(target string, met bool) string {
	if met {
		return target + " ✓"
	}
	return target + " — **missed**"
}

// figure is an implementation's median time per op, with its confidence interval when
// benchstat gives one, and its throughput.
func figure(res *results, bench, impl, rate string) string {
	t, _ := res.get(bench, impl, "sec/op")
	s := duration(t.median) + ci(t.ci)
	if r, ok := res.get(bench, impl, rate); ok {
		switch rate {
		case "B/s":
			s += " (" + bytesPerSec(r.median) + ")"
		case "events/s":
			s += " (" + si(r.median) + " events/s)"
		case "evals/s":
			s += " (" + si(r.median) + " evaluations/s)"
		}
	}
	return s
}

func ci(s string) string {
	if s == "" || s == "∞" {
		return ""
	}
	return " ±" + s
}

// duration formats seconds with three significant digits.
func duration(sec float64) string {
	switch {
	case sec >= 1:
		return sig3(sec) + " s"
	case sec >= 1e-3:
		return sig3(sec*1e3) + " ms"
	case sec >= 1e-6:
		return sig3(sec*1e6) + " µs"
	}
	return sig3(sec*1e9) + " ns"
}

func sig3(v float64) string {
	switch {
	case v >= 100:
		return strconv.FormatFloat(math.Round(v), 'f', 0, 64)
	case v >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}

func bytesPerSec(v float64) string {
	switch {
	case v >= 1e9:
		return strconv.FormatFloat(v/1e9, 'f', 1, 64) + " GB/s"
	case v >= 1e6:
		return sig3(v/1e6) + " MB/s"
	}
	return sig3(v/1e3) + " kB/s"
}

// si formats a rate with a k or M suffix.
func si(v float64) string {
	switch {
	case v >= 1e6:
		return sig3(v/1e6) + "M"
	case v >= 1e3:
		return strconv.FormatFloat(math.Round(v/1e3), 'f', 0, 64) + "k"
	}
	return sig3(v)
}

// times formats a ratio: 95×, 4.3×, 0.84×.
func times(q float64) string {
	switch {
	case q >= 10:
		return strconv.FormatFloat(math.Round(q), 'f', 0, 64) + "×"
	case q >= 1:
		return strconv.FormatFloat(q, 'f', 1, 64) + "×"
	}
	return strconv.FormatFloat(q, 'f', 2, 64) + "×"
}

func count(v float64) string {
	if v == math.Trunc(v) {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}

// thousands writes an integer with comma separators ("10,007"); "?" when absent.
func thousands(s string) string {
	n, err := strconv.Atoi(s)
	if err != nil {
		return "?"
	}
	d := strconv.Itoa(n)
	var out []byte
	for i := range len(d) {
		if i > 0 && (len(d)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, d[i])
	}
	return string(out)
}

// megabytes formats a byte count in MB (10^6 bytes); "?" when absent.
func megabytes(s string) string {
	n, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return "?"
	}
	return strconv.FormatFloat(n/1e6, 'f', 1, 64) + " MB"
}
