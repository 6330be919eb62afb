package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/cwfilter/cwfilter/cloudtrail"
	"github.com/cwfilter/cwfilter/filterpattern"
	"github.com/cwfilter/cwfilter/metricfilter"
)

// Reasons a record is left out besides its eventTime (cloudtrail.EventTime's error text).
var (
	reasonTooLarge   = fmt.Sprintf("larger than %s bytes, CloudWatch Logs' event size limit", thousands(filterpattern.DefaultMaxEventSize))
	reasonInvalidUTF = "not valid UTF-8"
)

// input is what loadEvents read: the events to replay, in event-time order, and the records
// it left out.
type input struct {
	records int
	events  []metricfilter.LogEvent
	leftOut tally
}

// loadEvents reads every source ("-" is stdin; none means the embedded corpus). Each record
// becomes one log event, its message a string once, so the replay hands it to the filters
// without converting per event; a file's records are taken as cloudtrail.Scan reads them, so
// that only that string is kept. A record is left out, and counted with its reason, when
// CloudWatch Logs would not hold it as it is (larger than its event size limit, or not
// UTF-8) or when it has no eventTime the cloudtrail package can read.
func loadEvents(paths []string, stdin io.Reader) (*input, error) {
	in := &input{}
	if len(paths) == 0 {
		records, err := cloudtrail.LoadAll()
		if err != nil {
			return nil, err
		}
		for _, r := range records {
			in.add(r)
		}
	}
	for _, p := range paths {
		err := scanSource(p, stdin, func(r []byte) error { in.add(r); return nil })
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
	}
	sort.SliceStable(in.events, func(i, j int) bool { return in.events[i].Timestamp.Before(in.events[j].Timestamp) })
	return in, nil
}

// add takes one record: an event, or a reason it is left out.
func (in *input) add(r []byte) {
	in.records++
	switch {
	case len(r) > filterpattern.DefaultMaxEventSize:
		in.leftOut.add(reasonTooLarge)
	case !utf8.Valid(r):
		in.leftOut.add(reasonInvalidUTF)
	default:
		t, err := cloudtrail.EventTime(r)
		if err != nil {
			in.leftOut.add(err.Error())
			return
		}
		in.events = append(in.events, metricfilter.LogEvent{Timestamp: t, Message: string(r)})
	}
}

// scanSource reads one file or stdin with cloudtrail.Scan: JSON Lines, or a CloudTrail log
// file {"Records":[…]}; either may be gzip-compressed.
func scanSource(path string, stdin io.Reader, fn func(rec []byte) error) error {
	if path == "-" {
		return cloudtrail.Scan(stdin, fn)
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return cloudtrail.Scan(f, fn)
}

var errNoEvents = errors.New("no events with an eventTime to replay")

// tally counts records by the reason they were left out.
type tally struct {
	total  int
	counts map[string]int
}

func (t *tally) add(reason string) {
	if t.counts == nil {
		t.counts = map[string]int{}
	}
	t.total++
	t.counts[reason]++
}

// maxReasons is how many distinct reasons String lists; the rest are summed up, so that a file
// of records with ten thousand different bad eventTimes still gives one readable line.
const maxReasons = 8

// String is "N records left out: reason (count), …", most frequent reason first (ties in
// text order), or "" when nothing was left out.
func (t tally) String() string {
	if t.total == 0 {
		return ""
	}
	reasons := make([]string, 0, len(t.counts))
	for r := range t.counts {
		reasons = append(reasons, r)
	}
	sort.Slice(reasons, func(i, j int) bool {
		a, b := reasons[i], reasons[j]
		if t.counts[a] != t.counts[b] {
			return t.counts[a] > t.counts[b]
		}
		return a < b
	})
	var b strings.Builder
	fmt.Fprintf(&b, "%s left out: ", plural(t.total, "record"))
	for i, r := range reasons {
		if i == maxReasons {
			rest := 0
			for _, r := range reasons[i:] {
				rest += t.counts[r]
			}
			fmt.Fprintf(&b, ", %d other reasons (%d)", len(reasons)-i, rest)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s (%d)", r, t.counts[r])
	}
	return b.String()
}

// plural is "1 record" or "n records".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// thousands writes n with comma separators: 1048550 → "1,048,550".
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
