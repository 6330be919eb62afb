package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/cwfilter/cwfilter/filterpattern"
	"github.com/cwfilter/cwfilter/metricfilter"
	"github.com/cwfilter/cwfilter/publish"
)

// Subscription message types (§11.2).
const (
	DataMessage    = "DATA_MESSAGE"
	ControlMessage = "CONTROL_MESSAGE"
)

// maxDecodedBytes bounds the decompressed payload. A Lambda event is at most a few MB of
// base64 and CloudWatch Logs compresses a batch of at most ~1 MB of messages, so this only
// stops a gzip bomb.
const maxDecodedBytes = 64 << 20

// ErrMalformed wraps every error caused by the payload itself (base64, gzip, JSON, message
// type). Lambda retries an asynchronous invocation that returns an error.
var ErrMalformed = errors.New("malformed CloudWatch Logs subscription payload")

// Handler turns CloudWatch Logs subscription deliveries into Embedded Metric Format lines.
// It does not depend on the Lambda runtime: main passes Handle to lambda.Start, tests call it
// directly. It is safe for concurrent use.
type Handler struct {
	out    io.Writer // EMF lines; os.Stdout on Lambda
	warn   io.Writer // diagnostics (data points EMF cannot carry); os.Stderr on Lambda
	every  *metricfilter.Group
	scoped map[string]*metricfilter.Group // by log group name

	mu sync.Mutex // serialises writes to out and warn
}

// NewHandler compiles the filters. Filters with a LogGroupName apply only to deliveries from
// that log group, the others to every delivery; each set is a metricfilter.Group, so the
// per-log-group quotas apply. Errors name the offending filter.
func NewHandler(out, warn io.Writer, filters []FilterConfig, sys SystemFields) (*Handler, error) {
	if warn == nil {
		warn = io.Discard
	}
	h := &Handler{out: out, warn: warn, scoped: map[string]*metricfilter.Group{}}
	var every []*metricfilter.Filter
	scoped := map[string][]*metricfilter.Filter{}
	var order []string
	for i, fc := range filters {
		f, err := fc.compile(sys)
		if err != nil {
			return nil, fmt.Errorf("metric filter %d (%q): %w", i+1, fc.FilterName, err)
		}
		if fc.LogGroupName == "" {
			every = append(every, f)
			continue
		}
		if _, ok := scoped[fc.LogGroupName]; !ok {
			order = append(order, fc.LogGroupName)
		}
		scoped[fc.LogGroupName] = append(scoped[fc.LogGroupName], f)
	}
	var err error
	if h.every, err = metricfilter.NewGroup(every...); err != nil {
		return nil, fmt.Errorf("metric filters without logGroupName: %w", err)
	}
	for _, lg := range order {
		if h.scoped[lg], err = metricfilter.NewGroup(scoped[lg]...); err != nil {
			return nil, fmt.Errorf("metric filters of log group %s: %w", lg, err)
		}
	}
	return h, nil
}

// Handle is the Lambda handler: it decodes the delivery, ignores a CONTROL_MESSAGE, applies
// the metric filters to every event of a DATA_MESSAGE and prints the resulting data points as
// EMF documents. A malformed payload is an error wrapping ErrMalformed; Handle never panics.
func (h *Handler) Handle(ctx context.Context, ev events.CloudwatchLogsEvent) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("cwfilter lambda: internal error: %v", r)
		}
	}()
	data, err := Decode(ev.AWSLogs.Data)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return h.HandleData(data)
}

// HandleData processes an already decoded delivery.
func (h *Handler) HandleData(d events.CloudwatchLogsData) error {
	switch d.MessageType {
	case ControlMessage:
		return nil
	case DataMessage:
	default:
		return fmt.Errorf("%w: messageType %q", ErrMalformed, d.MessageType)
	}
	groups := []*metricfilter.Group{h.every}
	if g := h.scoped[d.LogGroup]; g != nil {
		groups = append(groups, g)
	}
	var data []metricfilter.Datum
	oversized := 0
	for _, e := range d.LogEvents {
		// An event over the size limit never reaches a filter (CloudWatch Logs would not have
		// taken it, and metricfilter publishes nothing for it, not even a default value):
		// skip it, and say how many there were. Invalid UTF-8 cannot arrive: the delivery is JSON, whose decoding
		// makes every message valid.
		if len(e.Message) > filterpattern.DefaultMaxEventSize {
			oversized++
			continue
		}
		le := metricfilter.LogEvent{Timestamp: time.UnixMilli(e.Timestamp).UTC(), Message: e.Message}
		for _, g := range groups {
			data = g.AppendApply(data, le)
		}
	}
	var out []byte
	var dropped []string
	if len(data) > 0 {
		out, dropped = appendEMF(nil, data)
	}
	if oversized > 0 {
		dropped = append(dropped, fmt.Sprintf("cwfilter lambda: %d of %d events skipped: larger than the %d-byte event size limit",
			oversized, len(d.LogEvents), filterpattern.DefaultMaxEventSize))
	}
	if len(out) == 0 && len(dropped) == 0 {
		return nil
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, msg := range dropped {
		fmt.Fprintln(h.warn, msg)
	}
	if _, err := h.out.Write(out); err != nil {
		return fmt.Errorf("cwfilter lambda: writing EMF: %w", err)
	}
	return nil
}

// appendEMF renders data with publish.AppendEMF. Should a data point be one EMF cannot
// carry (configuration validation makes that unexpected), it is dropped with a diagnostic
// rather than failing the invocation, which Lambda would retry to no avail.
func appendEMF(dst []byte, data []metricfilter.Datum) ([]byte, []string) {
	out, err := publish.AppendEMF(dst, data)
	if err == nil {
		return out, nil
	}
	var dropped []string
	kept := make([]metricfilter.Datum, 0, len(data))
	for _, d := range data {
		if _, err := publish.AppendEMF(nil, []metricfilter.Datum{d}); err != nil {
			dropped = append(dropped, "cwfilter lambda: dropped data point: "+err.Error())
			continue
		}
		kept = append(kept, d)
	}
	out, err = publish.AppendEMF(dst, kept)
	if err != nil { // not expected: every kept datum was accepted alone
		return dst, append(dropped, "cwfilter lambda: dropped all data points: "+err.Error())
	}
	return out, dropped
}

// Decode reads awslogs.data as CloudWatch Logs writes it: standard base64 (with padding) of
// gzip of one UTF-8 JSON object. Unlike events.CloudwatchLogsRawData.Parse it reads the gzip
// stream to its end (so the CRC is checked) and rejects trailing data after the JSON object.
func Decode(b64 string) (events.CloudwatchLogsData, error) {
	var d events.CloudwatchLogsData
	raw, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return d, fmt.Errorf("%w: base64: %v", ErrMalformed, err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return d, fmt.Errorf("%w: gzip: %v", ErrMalformed, err)
	}
	js, err := io.ReadAll(io.LimitReader(zr, maxDecodedBytes+1))
	if err != nil {
		return d, fmt.Errorf("%w: gzip: %v", ErrMalformed, err)
	}
	if len(js) > maxDecodedBytes {
		return d, fmt.Errorf("%w: more than %d bytes once decompressed", ErrMalformed, maxDecodedBytes)
	}
	if err := json.Unmarshal(js, &d); err != nil {
		return d, fmt.Errorf("%w: JSON: %v", ErrMalformed, err)
	}
	return d, nil
}
