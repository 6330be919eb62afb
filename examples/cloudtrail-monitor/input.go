package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"time"

	"github.com/cwfilter/cwfilter/cloudtrail"
)

// event is one CloudTrail record as CloudWatch Logs receives it: compact JSON and its time.
// The message is a string once, at load, so the replay hands it to the filters without
// converting per event.
type event struct {
	time    time.Time
	message string
}

// loadEvents reads every source ("-" is stdin; none means the embedded corpus) and returns
// the events in event-time order. Records without a parsable eventTime are counted and left out.
func loadEvents(paths []string, stdin io.Reader) (events []event, skipped int, err error) {
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
		events = append(events, event{time: t, message: string(r)})
	}
	sort.SliceStable(events, func(i, j int) bool { return events[i].time.Before(events[j].time) })
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
