package main

import (
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/cwfilter/cwfilter/alarm"
	"github.com/cwfilter/cwfilter/metricfilter"
	"github.com/cwfilter/cwfilter/notify"
)

// printReport writes the per-filter counts with a sparkline, every alarm transition with its
// reason, and the SNS notifications selected by which ("alarm": those of ALARM transitions,
// "all", "none").
func printReport(w io.Writer, m *monitor, in *input, which string) {
	days := eventDays(in.events)
	fmt.Fprintln(w, summaryLine(in))
	if in.leftOut.total > 0 {
		fmt.Fprintf(w, "%s.\n", in.leftOut)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Metric filters (matches; sparkline: matches per day with events)")
	for i, f := range m.filters {
		fmt.Fprintf(w, "  %6d  %-32s %s  %s\n", len(m.matched[i]), f.Metric, sparkline(perDay(m, i, days)), f.Name)
	}

	fmt.Fprintf(w, "\nAlarm transitions (%d)\n", len(m.transitions))
	lookBacks := 0
	for i, t := range m.transitions {
		d := m.details[i]
		fmt.Fprintf(w, "  %s  %-34s %s -> %s\n      %s\n", t.Timestamp.UTC().Format("2006-01-02 15:04"), t.Name, t.Previous, t.State, t.Reason)
		if note := lookBackNote(d, m.wallClock); note != "" {
			lookBacks++
			for _, line := range wrap(note, 96) {
				fmt.Fprintf(w, "      %s\n", line)
			}
		}
		if h := eventsHeading(d); h != "" {
			fmt.Fprintf(w, "      %s\n", h)
			printEvents(w, m, d)
		}
	}
	if lookBacks > 0 {
		were := plural(lookBacks, "transition") + " were"
		if lookBacks == 1 {
			were = "1 transition was"
		}
		fmt.Fprintf(w, "  %s decided from the look-back (marked above).\n", were)
	}

	shown := 0
	for _, n := range m.sent {
		if which == "none" || which == "alarm" && n.NewState != alarm.Alarming {
			continue
		}
		if shown == 0 {
			fmt.Fprintln(w, "\nSNS notifications")
		}
		shown++
		fmt.Fprintf(w, "  To %s — Subject: %s\n  %s\n", n.Action, notify.SNSSubject(n.ActionEvent, "us-east-1"), n.message)
	}
	fmt.Fprintf(w, "\n%d notifications would be sent (%d shown).\n", len(m.sent), shown)
}

// summaryLine says what was replayed: "Replayed 9990 of 10007 CloudTrail records from … to …
// (107 days with events)."
func summaryLine(in *input) string {
	events := in.events
	return fmt.Sprintf("Replayed %d of %s from %s to %s (%s with events).",
		len(events), plural(in.records, "CloudTrail record"), events[0].Timestamp.Format(time.RFC3339),
		events[len(events)-1].Timestamp.Format(time.RFC3339), plural(len(eventDays(events)), "day"))
}

// eventDays are the UTC days that have events, in order.
func eventDays(events []metricfilter.LogEvent) []time.Time {
	var days []time.Time
	for _, e := range events {
		d := e.Timestamp.Truncate(24 * time.Hour)
		if len(days) == 0 || !days[len(days)-1].Equal(d) {
			days = append(days, d)
		}
	}
	return days
}

// perDay counts filter i's matches on each of days, the days with events in order (the
// matched events are in time order, so both are walked once).
func perDay(m *monitor, i int, days []time.Time) []float64 {
	out := make([]float64, len(days))
	k := 0
	for _, e := range m.matched[i] {
		d := m.events[e].Timestamp.Truncate(24 * time.Hour)
		for !days[k].Equal(d) {
			k++
		}
		out[k]++
	}
	return out
}

var bars = []rune("▁▂▃▄▅▆▇█")

// sparkline draws values as a line of block characters, at most 40 wide (wider series are
// reduced by taking the maximum of neighbouring values).
func sparkline(values []float64) string {
	const width = 40
	if len(values) > width {
		reduced := make([]float64, width)
		for i, v := range values {
			k := i * width / len(values)
			reduced[k] = math.Max(reduced[k], v)
		}
		values = reduced
	}
	top := 0.0
	for _, v := range values {
		top = math.Max(top, v)
	}
	var b strings.Builder
	for _, v := range values {
		switch {
		case v == 0:
			b.WriteRune(' ')
		default:
			b.WriteRune(bars[int(math.Round(v/top*float64(len(bars)-1)))])
		}
	}
	return fmt.Sprintf("%-*s", width, b.String())
}

// printEvents lists the first events behind a transition in aligned columns: time, eventName,
// caller, source IP, eventID.
func printEvents(w io.Writer, m *monitor, d transitionDetail) {
	rows, more := m.eventRows(d)
	var wName, wIdentity, wIP int
	for _, r := range rows {
		wName, wIdentity, wIP = max(wName, len(r.Name)), max(wIdentity, len(r.Identity)), max(wIP, len(r.SourceIP))
	}
	for _, r := range rows {
		fmt.Fprintf(w, "        %s  %-*s  %-*s  %-*s  %s\n", r.Time, wName, r.Name, wIdentity, r.Identity, wIP, r.SourceIP, r.ID)
	}
	if more > 0 {
		fmt.Fprintf(w, "        and %d more\n", more)
	}
}

// wrap breaks text into lines of at most width bytes at spaces (a longer word stays whole).
func wrap(text string, width int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(text) {
		if line != "" && len(line)+1+len(word) > width {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += word
	}
	return append(lines, line)
}
