package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"time"

	"github.com/cwfilter/cwfilter/internal/corpus"
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
		if records, err = corpus.All(); err != nil {
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
		var head struct {
			EventTime string `json:"eventTime"`
		}
		t, perr := time.Time{}, json.Unmarshal(r, &head)
		if perr == nil {
			t, perr = time.Parse(time.RFC3339, head.EventTime)
		}
		if perr != nil {
			skipped++
			continue
		}
		events = append(events, event{time: t.UTC(), message: string(r)})
	}
	sort.SliceStable(events, func(i, j int) bool { return events[i].time.Before(events[j].time) })
	return events, skipped, nil
}

// readSource reads one file or stdin: JSON Lines, or a CloudTrail log file {"Records":[…]};
// either may be gzip-compressed.
func readSource(path string, stdin io.Reader) ([][]byte, error) {
	var r io.Reader = stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	br := bufio.NewReader(r)
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, err
		}
		br = bufio.NewReader(zr)
	}
	data, err := io.ReadAll(br)
	if err != nil {
		return nil, err
	}
	if recs, ok := cloudTrailFile(data); ok {
		return recs, nil
	}
	return corpus.Lines(bytes.NewReader(data))
}

// cloudTrailFile splits a CloudTrail log file into compact records, the way CloudTrail
// delivers each record to CloudWatch Logs as one event.
func cloudTrailFile(data []byte) ([][]byte, bool) {
	var file struct {
		Records []json.RawMessage `json:"Records"`
	}
	if err := json.Unmarshal(data, &file); err != nil || file.Records == nil {
		return nil, false
	}
	out := make([][]byte, 0, len(file.Records))
	for _, rec := range file.Records {
		var b bytes.Buffer
		if err := json.Compact(&b, rec); err != nil {
			return nil, false
		}
		out = append(out, b.Bytes())
	}
	return out, true
}

var errNoEvents = errors.New("no events with an eventTime to replay")
