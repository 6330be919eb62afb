package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"math"
	"os"
	"sort"
	"time"

	"github.com/cwfilter/cwfilter/alarm"
	"github.com/cwfilter/cwfilter/metricfilter"
)

// The JSON Lines files -transitions and -datapoints write. Their keys, key order and number
// forms are a fixed schema: other replays (an Apache Beam pipeline) write the same lines, and
// the two are compared as sets of lines. Change them only together.

// transitionLine is one alarm transition, in the order they happen.
type transitionLine struct {
	Alarm  string `json:"alarm"`
	Time   string `json:"time"` // the evaluation instant, RFC 3339 UTC in seconds
	From   string `json:"from"`
	To     string `json:"to"`
	Reason string `json:"reason"`
}

// datapointLine is the statistic set of one metric series over one period that has samples.
type datapointLine struct {
	Namespace   string            `json:"namespace"`
	Metric      string            `json:"metric"`
	Dimensions  map[string]string `json:"dimensions"` // {} when none, never null
	PeriodStart string            `json:"periodStart"`
	Period      int               `json:"period"` // seconds
	SampleCount float64           `json:"sampleCount"`
	Sum         float64           `json:"sum"`
	Minimum     float64           `json:"minimum"`
	Maximum     float64           `json:"maximum"`
	Average     float64           `json:"average"`
}

// periodStats collects the per-period statistic sets of every series the filters publish,
// periods aligned to multiples of the period since the Unix epoch (UTC).
type periodStats struct {
	period time.Duration
	byKey  map[periodKey]*datapointLine
}

type periodKey struct {
	namespace, metric, dims string // dims: canonical JSON text of the dimensions
	start                   int64  // Unix seconds
}

func newPeriodStats(period time.Duration) *periodStats {
	return &periodStats{period: period, byKey: map[periodKey]*datapointLine{}}
}

func (p *periodStats) add(d metricfilter.Datum) {
	k := periodKey{d.Namespace, d.MetricName, canonicalJSON(d.Dimensions), alignedStart(d.Timestamp, p.period)}
	s := p.byKey[k]
	if s == nil {
		dims := d.Dimensions
		if dims == nil {
			dims = map[string]string{}
		}
		s = &datapointLine{Namespace: d.Namespace, Metric: d.MetricName, Dimensions: dims,
			PeriodStart: formatTime(time.Unix(k.start, 0)), Period: int(p.period / time.Second),
			Minimum: math.Inf(1), Maximum: math.Inf(-1)}
		p.byKey[k] = s
	}
	s.SampleCount++
	s.Sum += d.Value
	s.Minimum = math.Min(s.Minimum, d.Value)
	s.Maximum = math.Max(s.Maximum, d.Value)
}

// lines returns the statistic sets sorted by namespace, metric, dimensions, period start.
func (p *periodStats) lines() []datapointLine {
	keys := make([]periodKey, 0, len(p.byKey))
	for k := range p.byKey {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		switch {
		case a.namespace != b.namespace:
			return a.namespace < b.namespace
		case a.metric != b.metric:
			return a.metric < b.metric
		case a.dims != b.dims:
			return a.dims < b.dims
		}
		return a.start < b.start
	})
	out := make([]datapointLine, len(keys))
	for i, k := range keys {
		out[i] = *p.byKey[k]
		out[i].Average = out[i].Sum / out[i].SampleCount
	}
	return out
}

// alignedStart is the start, in Unix seconds, of the period holding t, counting periods
// from the Unix epoch (floor division, so times before 1970 align too).
func alignedStart(t time.Time, period time.Duration) int64 {
	sec, p := t.Unix(), int64(period/time.Second)
	start := sec / p * p
	if start > sec {
		start -= p
	}
	return start
}

func formatTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// canonicalJSON is v as the JSON Lines files write it (map keys sorted, no HTML escaping),
// without the newline; nil maps are {}.
func canonicalJSON(dims map[string]string) string {
	if dims == nil {
		return "{}"
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(dims) // a map of strings always encodes
	return string(bytes.TrimSuffix(b.Bytes(), []byte("\n")))
}

func transitionLines(ts []alarm.Transition) []transitionLine {
	out := make([]transitionLine, len(ts))
	for i, t := range ts {
		out[i] = transitionLine{Alarm: t.Name, Time: formatTime(t.Timestamp), From: string(t.Previous), To: string(t.State), Reason: t.Reason}
	}
	return out
}

// writeJSONLines writes one JSON object per line.
func writeJSONLines[T any](w io.Writer, lines []T) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, l := range lines {
		if err := enc.Encode(l); err != nil {
			return err
		}
	}
	return nil
}

// writeFile creates path and writes to it through write, reporting the first error
// (including the one closing the file).
func writeFile(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	err = write(bw)
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
