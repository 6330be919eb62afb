package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sort"

	"github.com/cwfilter/cwfilter/cloudtrail"
	"github.com/cwfilter/cwfilter/metricfilter"
)

// loadEvents reads every source (each record becomes one log event, its message a string once,
// so the replay hands it to the filters without converting per event) ("-" is stdin; none means the embedded corpus) and returns
// the events in event-time order. Records without a parsable eventTime are counted and left out.
func loadEvents(paths []string, stdin io.Reader) (events []metricfilter.LogEvent, skipped int, err error) {
	var records [][]byte
	if len(paths) == 0 {
		if records, err = cloudtrail.LoadAll(); err != nil {
			return nil, 0, err
		}
	}
	for _, p := range paths {
		recs, err := readSource(p, stdin)
		if err != nil {
			return nil, 0, fmt.Errorf("%s: %w", p, err)
		}
		records = append(records, recs...)
	}
	for _, r := range records {
		t, err := cloudtrail.EventTime(r)
		if err != nil {
			skipped++
			continue
		}
		events = append(events, metricfilter.LogEvent{Timestamp: t, Message: string(r)})
	}
	sort.SliceStable(events, func(i, j int) bool { return events[i].Timestamp.Before(events[j].Timestamp) })
	return events, skipped, nil
}

// readSource reads one file or stdin: JSON Lines, or a CloudTrail log file {"Records":[…]};
// either may be gzip-compressed.
func readSource(path string, stdin io.Reader) ([][]byte, error) {
	if path == "-" {
		return cloudtrail.Read(stdin)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return cloudtrail.Read(f)
}

var errNoEvents = errors.New("no events with an eventTime to replay")
