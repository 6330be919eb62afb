// Command cloudtrail-monitor replays CloudTrail events through CloudWatch Logs metric filters
// and CloudWatch alarms, exactly as AWS would evaluate them, and prints what would happen.
//
// With no arguments it replays the embedded real CloudTrail corpus (package cloudtrail) in
// event-time order through the CIS / Security Hub CloudWatch.1–14 metric filters plus two of
// its own (IAM Create* calls; calls from one source IP, alarm at ≥ 30 per 5 minutes). It
// aggregates 5-minute Sum periods, evaluates one alarm per metric ("<metric>-alarm": Sum ≥
// threshold in one 5-minute period, missing data not breaching) every simulated minute
// (while data is recent; idle stretches are skipped, as nothing can change in them), and
// prints per-filter match counts, every alarm transition with AWS's reason text, and the SNS
// notification each ALARM transition would send. Under each ALARM transition it lists the
// events behind the datapoints the reason cites (time, eventName, the caller's ARN or its type,
// source IP, eventID; the first 5 and how many more).
//
// Alarms slide their 5-minute periods with the evaluation minute by default, as AWS does.
// When the newest periods have no data, CloudWatch decides on the most recent datapoints of
// the evaluation range (the look-back), so after a burst an alarm can go back and forth as
// the window re-cuts it, citing datapoints that go back in time; AWS's user guide warns that
// re-evaluation after a metric stops may change the state again. The report marks every
// transition decided from the look-back. -window wallclock evaluates periods aligned to the
// clock (every 5 minutes from midnight UTC) instead, which the window cannot re-cut: the
// corpus's watched-IP burst then alarms once instead of three times.
//
// Records are replayed at their eventTime, in any spelling package cloudtrail reads (RFC 3339,
// or "2006-01-02 15:04:05" / "2006-01-02T15:04:05" as UTC, fractions allowed). A record is left
// out, and counted by reason on stderr and in the report ("17 records left out: no eventTime
// (15), …"), when it has no such eventTime, or when CloudWatch Logs would not hold it as it is:
// larger than filterpattern.DefaultMaxEventSize (1,048,550 bytes; PutLogEvents refuses such an
// event, so it never reaches a log group or a metric filter), or not valid UTF-8 (log events
// are UTF-8 text: a sender either fails on such bytes or replaces them with U+FFFD, depending
// on the client, and the monitor does not guess which; the filters' JSON patterns would never
// match it as it is).
//
// Usage:
//
//	cloudtrail-monitor [flags] [file …]      files: JSON Lines or CloudTrail {"Records":[…]}, gzip too; "-" is stdin
//
//	-filters F        metric filters as JSON Lines {"name","metric","pattern","threshold"} (default: cloudtrail.SecurityFilters)
//	-threshold N      alarm threshold for every filter but CallsFromWatchedIP (replaces the filters')
//	-ip A             watch calls from source IP A: the CallsFromWatchedIP filter's pattern becomes
//	                  { $.sourceIPAddress = "A" }
//	-ip-threshold N   alarm threshold for CallsFromWatchedIP (default: the filters'; 30 built in)
//	-window W         alarm evaluation window: sliding (default, AWS's default) or wallclock
//	-notifications W  which SNS messages to print: alarm (default), all, none
//	-html F           also write an HTML report: one self-contained file (no script) with a
//	                  chart per metric (labelled time axis, hover values) and its transitions,
//	                  the events behind each ALARM transition in a table
//	-transitions F    also write every alarm transition as JSON Lines, in order:
//	                  {"alarm","time","from","to","reason"} (time: the evaluation instant, RFC 3339 UTC)
//	-datapoints F     also write the statistics of every 5-minute period with data as JSON Lines:
//	                  {"namespace","metric","dimensions","periodStart","period","sampleCount","sum",
//	                  "minimum","maximum","average"}, periods aligned to multiples of 5 minutes since
//	                  the Unix epoch, sorted by namespace, metric, dimensions and periodStart
//
// The -filters file is checked like a CloudFormation template before any input is read: one
// JSON object per line (blank lines and # comments aside) with only the keys name, metric,
// pattern and threshold, spelled exactly; metric (the MetricName) and pattern (the
// FilterPattern) are required, threshold defaults to 1 and name to the pattern. The metric
// name and pattern are validated as PutMetricFilter does, each metric may appear once, and a
// file without filters is an error. Every error starts with FILE:LINE:, a pattern error shows
// the pattern with a caret under the fault.
//
// The two JSON Lines files let other tools consume a replay or compare two replays line by
// line; their keys and key order are fixed.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	_ "time/tzdata" // wall-clock windows in a zone need the zone database, which some machines lack
)

// watchedMetric is the filter -ip and -ip-threshold set.
const watchedMetric = "CallsFromWatchedIP"

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("cloudtrail-monitor", flag.ContinueOnError)
	fs.SetOutput(stderr)
	filtersPath := fs.String("filters", "", "metric filters as JSON Lines (default: built in)")
	threshold := fs.Float64("threshold", 0, "alarm threshold for every filter but "+watchedMetric+" (default: the filters')")
	ip := fs.String("ip", "", "source IP to watch instead of the built-in one")
	ipThreshold := fs.Float64("ip-threshold", 0, "alarm threshold for the watched IP (default: the filters')")
	which := fs.String("notifications", "alarm", "SNS messages to print: alarm, all, none")
	window := fs.String("window", "sliding", "alarm evaluation window: sliding (AWS's default) or wallclock")
	htmlPath := fs.String("html", "", "write an HTML report: a chart per metric and the events behind each ALARM transition")
	transitionsPath := fs.String("transitions", "", "write the alarm transitions as JSON Lines")
	datapointsPath := fs.String("datapoints", "", "write the per-period datapoints as JSON Lines")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	fail := func(err error) int {
		fmt.Fprintln(stderr, "cloudtrail-monitor:", err)
		return 1
	}
	usage := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "cloudtrail-monitor: "+format+"\n", a...)
		return 2
	}
	switch {
	case *which != "alarm" && *which != "all" && *which != "none":
		return usage("-notifications %q: want alarm, all or none", *which)
	case *window != "sliding" && *window != "wallclock":
		return usage("-window %q: want sliding or wallclock", *window)
	case math.IsNaN(*threshold) || math.IsInf(*threshold, 0):
		return usage("-threshold %v: want a finite number", *threshold)
	case math.IsNaN(*ipThreshold) || math.IsInf(*ipThreshold, 0):
		return usage("-ip-threshold %v: want a finite number", *ipThreshold)
	}
	filters, err := loadFilters(*filtersPath)
	if err != nil {
		return fail(err)
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	watched := false
	for i := range filters {
		f := &filters[i]
		if f.Metric != watchedMetric {
			if set["threshold"] {
				f.Threshold = *threshold
			}
			continue
		}
		watched = true
		if *ip != "" {
			q, _ := json.Marshal(*ip)
			f.Name, f.Pattern = "Calls from "+*ip, "{ $.sourceIPAddress = "+string(q)+" }"
		}
		if set["ip-threshold"] {
			f.Threshold = *ipThreshold
		}
	}
	if !watched && (set["ip"] || set["ip-threshold"]) {
		return fail(fmt.Errorf("-ip and -ip-threshold set the %s filter, which the -filters file does not define", watchedMetric))
	}
	m, err := newMonitor(filters, *window == "wallclock") // every filter error before any input is read
	if err != nil {
		return fail(err)
	}
	in, err := loadEvents(fs.Args(), stdin)
	if err != nil {
		return fail(err)
	}
	if in.leftOut.total > 0 {
		fmt.Fprintln(stderr, "cloudtrail-monitor:", in.leftOut)
	}
	if err := m.run(in.events); err != nil {
		return fail(err)
	}
	printReport(stdout, m, in, *which)
	if *htmlPath != "" {
		if err := writeFile(*htmlPath, func(w io.Writer) error { return writeHTML(w, m, in) }); err != nil {
			return fail(err)
		}
		fmt.Fprintf(stdout, "HTML report: %s\n", *htmlPath)
	}
	if *transitionsPath != "" {
		lines := transitionLines(m.transitions)
		if err := writeFile(*transitionsPath, func(w io.Writer) error { return writeJSONLines(w, lines) }); err != nil {
			return fail(err)
		}
		fmt.Fprintf(stdout, "Alarm transitions: %s (%d lines)\n", *transitionsPath, len(lines))
	}
	if *datapointsPath != "" {
		lines := m.periods.lines()
		if err := writeFile(*datapointsPath, func(w io.Writer) error { return writeJSONLines(w, lines) }); err != nil {
			return fail(err)
		}
		fmt.Fprintf(stdout, "Datapoints: %s (%d lines)\n", *datapointsPath, len(lines))
	}
	return 0
}
