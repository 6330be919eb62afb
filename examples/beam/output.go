package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"

	"github.com/cwfilter/cwfilter/aggregate"
	"github.com/cwfilter/cwfilter/alarm"
)

// The JSON Lines schema shared with the monitor's -transitions and -datapoints files; the
// field order is the key order.

type transitionJSON struct {
	Alarm  string      `json:"alarm"`
	Time   string      `json:"time"` // the evaluation instant, RFC 3339 UTC
	From   alarm.State `json:"from"`
	To     alarm.State `json:"to"`
	Reason string      `json:"reason"`
}

type datapointJSON struct {
	Namespace   string            `json:"namespace"`
	Metric      string            `json:"metric"`
	Dimensions  map[string]string `json:"dimensions"` // {} when none
	PeriodStart string            `json:"periodStart"`
	Period      int64             `json:"period"` // seconds
	SampleCount float64           `json:"sampleCount"`
	Sum         float64           `json:"sum"`
	Minimum     float64           `json:"minimum"`
	Maximum     float64           `json:"maximum"`
	Average     float64           `json:"average"`
}

func transitionLine(name string, at time.Time, from, to alarm.State, reason string) (string, error) {
	return jsonLine(transitionJSON{Alarm: name, Time: at.UTC().Format(time.RFC3339), From: from, To: to, Reason: reason})
}

func datapointLine(s aggregate.PeriodStats) (string, error) {
	dims := s.Dimensions
	if dims == nil {
		dims = map[string]string{}
	}
	return jsonLine(datapointJSON{
		Namespace: s.Namespace, Metric: s.MetricName, Dimensions: dims,
		PeriodStart: s.Timestamp.UTC().Format(time.RFC3339), Period: int64(s.Period / time.Second),
		SampleCount: s.SampleCount, Sum: s.Sum, Minimum: s.Minimum, Maximum: s.Maximum, Average: s.Average(),
	})
}

// jsonLine encodes v as encoding/json does, without escaping <, > and &, and without the
// trailing newline.
func jsonLine(v any) (string, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	return string(bytes.TrimSuffix(b.Bytes(), []byte("\n"))), nil
}

// writeFn writes its side input's lines, sorted, as one file through Beam's filesystems
// (local, gs://, s3://). It runs once, on the single element of an Impulse, so the file is
// written (empty) even when there are no lines. The outputs are small next to the input:
// one line per alarm transition, one per metric and period with data.
type writeFn struct {
	Path string
}

func (w *writeFn) ProcessElement(ctx context.Context, _ []byte, lines func(*string) bool) error {
	var all []string
	var l string
	for lines(&l) {
		all = append(all, l)
	}
	slices.Sort(all)
	fs, err := filesystem.New(ctx, w.Path)
	if err != nil {
		return err
	}
	defer fs.Close()
	fd, err := fs.OpenWrite(ctx, w.Path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(fd, 1<<20)
	for _, l := range all {
		bw.WriteString(l)
		bw.WriteByte('\n')
	}
	if err := bw.Flush(); err != nil {
		fd.Close()
		return err
	}
	return fd.Close()
}
