package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// shownEvents is how many events behind an ALARM transition the reports list.
const shownEvents = 5

// eventRow is what the reports show of one event behind a datapoint.
type eventRow struct {
	Time, Name, Identity, SourceIP, ID string
}

// eventRows reads the first shownEvents of the events behind a transition (only these are
// decoded: the hot path never parses records) and says how many more there are.
func (m *monitor) eventRows(d transitionDetail) (rows []eventRow, more int) {
	for _, i := range d.events[:min(len(d.events), shownEvents)] {
		rows = append(rows, readRow(m.events[i].Message, m.events[i].Timestamp))
	}
	return rows, len(d.events) - len(rows)
}

// readRow takes the fields of a CloudTrail record that identify an event: its time (as
// replayed, UTC), eventName, the caller (userIdentity.arn, or its type when it has no ARN),
// sourceIPAddress and eventID. Missing fields read "-".
func readRow(record string, t time.Time) eventRow {
	var r struct {
		EventName    any `json:"eventName"`
		UserIdentity struct {
			ARN  any `json:"arn"`
			Type any `json:"type"`
		} `json:"userIdentity"`
		SourceIPAddress any `json:"sourceIPAddress"`
		EventID         any `json:"eventID"`
	}
	// A field of an unexpected type stays empty; the record was a JSON object when it was read.
	_ = json.Unmarshal([]byte(record), &r)
	identity := text(r.UserIdentity.ARN)
	if identity == "-" {
		identity = text(r.UserIdentity.Type)
	}
	return eventRow{Time: t.UTC().Format("2006-01-02 15:04:05"), Name: text(r.EventName), Identity: identity,
		SourceIP: text(r.SourceIPAddress), ID: text(r.EventID)}
}

// text renders a JSON value for a table cell: strings as they are, other values as JSON,
// absent or null as "-".
func text(v any) string {
	switch v := v.(type) {
	case nil:
		return "-"
	case string:
		if v == "" {
			return "-"
		}
		return v
	default:
		b, _ := json.Marshal(v)
		return string(b)
	}
}

// periodsText names the periods of the cited datapoints: "09:04–09:09", joined by ", ".
func periodsText(d transitionDetail) string {
	var parts []string
	for i := len(d.cited) - 1; i >= 0; i-- { // oldest first
		parts = append(parts, clockRange(d.cited[i].Timestamp))
	}
	return strings.Join(parts, ", ")
}

func clockRange(start time.Time) string {
	return start.UTC().Format("15:04") + "–" + start.Add(period).UTC().Format("15:04")
}

// eventsHeading introduces the events behind an ALARM transition.
func eventsHeading(d transitionDetail) string {
	n := len(d.events)
	switch {
	case n == 0:
		return ""
	case n <= shownEvents:
		return fmt.Sprintf("%s in %s:", plural(n, "matching event"), periodsText(d))
	}
	return fmt.Sprintf("%s in %s, the first %d:", plural(n, "matching event"), periodsText(d), shownEvents)
}

// lookBackNote says, at a transition decided on datapoints older than the newest period, that
// the alarm looked back; with the sliding window it points to the wall-clock one.
func lookBackNote(d transitionDetail, wallClock bool) string {
	if !d.lookBack {
		return ""
	}
	latest := d.cited[0].Timestamp
	for _, p := range d.cited {
		if p.Timestamp.After(latest) {
			latest = p.Timestamp
		}
	}
	note := fmt.Sprintf("From the look-back: the newest period (%s) has no data, so the alarm used the most recent datapoint (%s), as CloudWatch does; re-evaluating after a metric stops can change the state again (AWS user guide).",
		clockRange(d.newest), latest.UTC().Format("15:04"))
	if !wallClock {
		note += " -window wallclock evaluates fixed 5-minute periods instead of sliding ones."
	}
	return note
}
