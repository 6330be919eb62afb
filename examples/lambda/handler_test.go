package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/cwfilter/cwfilter/cloudtrail"
	"github.com/cwfilter/cwfilter/filterpattern"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

const (
	owner    = "111122223333"
	logGroup = "aws-cloudtrail-logs-111122223333-3d0b4b2a"
)

// t0 is the minute of the first batch; t1 the next minute.
var (
	t0 = time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	t1 = t0.Add(time.Minute)
)

// logEvent is a log event as CloudWatch Logs serialises it in a subscription delivery.
type logEvent struct {
	ID        string `json:"id"`
	Timestamp int64  `json:"timestamp"`
	Message   string `json:"message"`
}

// delivery is the decoded subscription payload, members in the order CloudWatch writes them.
type delivery struct {
	MessageType         string     `json:"messageType"`
	Owner               string     `json:"owner"`
	LogGroup            string     `json:"logGroup"`
	LogStream           string     `json:"logStream"`
	SubscriptionFilters []string   `json:"subscriptionFilters"`
	LogEvents           []logEvent `json:"logEvents"`
}

// lambdaEvent builds the bytes the Lambda service hands to the function, the way CloudWatch
// Logs builds them: JSON, gzip, standard base64, wrapped in {"awslogs":{"data":…}}.
func lambdaEvent(t *testing.T, payload []byte) []byte {
	t.Helper()
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	if _, err := zw.Write(payload); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	ev, err := json.Marshal(map[string]any{"awslogs": map[string]string{"data": base64.StdEncoding.EncodeToString(gz.Bytes())}})
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

// invoke decodes the event bytes as the runtime does and calls the handler.
func invoke(t *testing.T, h *Handler, eventJSON []byte) error {
	t.Helper()
	var ev events.CloudwatchLogsEvent
	if err := json.Unmarshal(eventJSON, &ev); err != nil {
		t.Fatal(err)
	}
	return h.Handle(context.Background(), ev)
}

func marshal(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// eventID imitates CloudWatch's 56-digit event ids.
func eventID(ts time.Time, i int) string {
	return fmt.Sprintf("%037d%019d", ts.UnixMilli(), i)
}

// records returns corpus records as CloudTrail delivers them to CloudWatch Logs: one compact
// JSON object per log event.
func records(t *testing.T, name string, eventIDs ...string) []string {
	t.Helper()
	recs, err := cloudtrail.Load(name)
	if err != nil {
		t.Fatal(err)
	}
	compact := func(r []byte) string {
		var b bytes.Buffer
		if err := json.Compact(&b, r); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	if len(eventIDs) == 0 {
		out := make([]string, len(recs))
		for i, r := range recs {
			out[i] = compact(r)
		}
		return out
	}
	var out []string
	for _, id := range eventIDs {
		found := false
		for _, r := range recs {
			var rec struct{ EventID string }
			if json.Unmarshal(r, &rec) == nil && rec.EventID == id {
				out, found = append(out, compact(r)), true
				break
			}
		}
		if !found {
			t.Fatalf("corpus %s has no record with eventID %s", name, id)
		}
	}
	return out
}

// cloudTrailBatch is a DATA_MESSAGE with the 18 records of aws-docs-examples 3 s apart in
// minute t0, then five stratus-red-team records in minute t1 (the last at t1+59.999 s):
// GetPasswordData denied with Client.UnauthorizedOperation, AssumeRole denied with
// AccessDenied, a console login without MFA, AttachUserPolicy and AttachRolePolicy.
func cloudTrailBatch(t *testing.T) delivery {
	docs := records(t, "aws-docs-examples")
	if len(docs) != 18 {
		t.Fatalf("aws-docs-examples has %d records, the expectations assume 18", len(docs))
	}
	stratus := records(t, "stratus-red-team",
		"450230d4-b39e-4a18-a6a0-d07a6e2105cb",
		"46558847-8b84-43de-8c96-302aa4744763",
		"865d9377-9c6b-4fd7-8aad-725e95f6a140",
		"083dc4ad-e264-46bc-a407-d0dd31b58bdc",
		"39480357-0a1d-4531-a3f2-71be4c041c25")
	d := delivery{MessageType: DataMessage, Owner: owner, LogGroup: logGroup,
		LogStream: "111122223333_CloudTrail_us-east-1", SubscriptionFilters: []string{"cwfilter"}}
	for i, m := range docs {
		ts := t0.Add(time.Duration(i) * 3 * time.Second)
		d.LogEvents = append(d.LogEvents, logEvent{eventID(ts, i), ts.UnixMilli(), m})
	}
	for i, m := range stratus {
		ts := t1.Add(time.Duration(i) * 7 * time.Second)
		if i == len(stratus)-1 {
			ts = t1.Add(time.Minute - time.Millisecond)
		}
		d.LogEvents = append(d.LogEvents, logEvent{eventID(ts, 100+i), ts.UnixMilli(), m})
	}
	return d
}

// metric is one (metric, dimension set) of one EMF directive with its values.
type metric struct {
	Timestamp  int64
	Namespace  string
	Name, Unit string
	Dimensions string // "k=v,k=v", sorted by key
	Values     []float64
}

func (m metric) String() string {
	return fmt.Sprintf("%d %s/%s[%s] %s %v", m.Timestamp, m.Namespace, m.Name, m.Dimensions, m.Unit, m.Values)
}

// parseEMF checks out line by line against the EMF specification (§11.1) and
// returns what CloudWatch would extract, sorted.
func parseEMF(t *testing.T, out []byte) []metric {
	t.Helper()
	var ms []metric
	if len(out) > 0 && out[len(out)-1] != '\n' {
		t.Errorf("output does not end with a newline")
	}
	for _, line := range strings.Split(strings.TrimSuffix(string(out), "\n"), "\n") {
		if line == "" {
			if len(out) > 0 {
				t.Errorf("empty line in output")
			}
			continue
		}
		var root map[string]json.RawMessage
		dec := json.NewDecoder(strings.NewReader(line))
		dec.UseNumber()
		if err := dec.Decode(&root); err != nil || dec.More() {
			t.Fatalf("not one JSON object: %s (%v)", line, err)
		}
		var aws struct {
			Timestamp         *json.Number
			CloudWatchMetrics []struct {
				Namespace  *string
				Dimensions [][]string
				Metrics    []struct {
					Name              string
					Unit              string
					StorageResolution *int
				}
			}
		}
		if err := json.Unmarshal(root["_aws"], &aws); err != nil {
			t.Fatalf("_aws: %v in %s", err, line)
		}
		if aws.Timestamp == nil || aws.CloudWatchMetrics == nil {
			t.Fatalf("_aws lacks Timestamp or CloudWatchMetrics: %s", line)
		}
		ts, err := aws.Timestamp.Int64()
		if err != nil {
			t.Fatalf("Timestamp %s is not an integer", *aws.Timestamp)
		}
		used := map[string]bool{"_aws": true}
		str := func(key string) string {
			var s string
			if err := json.Unmarshal(root[key], &s); err != nil || s == "" || len(s) > 1024 {
				t.Fatalf("dimension target %q is not a string of 1-1024 chars: %s", key, line)
			}
			used[key] = true
			return s
		}
		for _, dir := range aws.CloudWatchMetrics {
			if dir.Namespace == nil || len(dir.Dimensions) == 0 || len(dir.Metrics) == 0 || len(dir.Metrics) > 100 {
				t.Fatalf("bad MetricDirective: %s", line)
			}
			for _, md := range dir.Metrics {
				raw, ok := root[md.Name]
				if !ok {
					t.Fatalf("metric %q is not a top-level member: %s", md.Name, line)
				}
				used[md.Name] = true
				var values []float64
				if raw[0] == '[' {
					if err := json.Unmarshal(raw, &values); err != nil || len(values) == 0 || len(values) > 100 {
						t.Fatalf("metric %q: not an array of 1-100 numbers: %s", md.Name, line)
					}
				} else {
					var v float64
					if err := json.Unmarshal(raw, &v); err != nil {
						t.Fatalf("metric %q: not a number: %s", md.Name, line)
					}
					values = []float64{v}
				}
				for _, set := range dir.Dimensions {
					if len(set) > 30 {
						t.Fatalf("dimension set of %d keys: %s", len(set), line)
					}
					var dims []string
					for _, k := range set {
						dims = append(dims, k+"="+str(k))
					}
					sort.Strings(dims)
					ms = append(ms, metric{ts, *dir.Namespace, md.Name, md.Unit, strings.Join(dims, ","), values})
				}
			}
		}
		for k := range root {
			if !used[k] {
				t.Errorf("member %q is not referenced by the directives: %s", k, line)
			}
		}
	}
	slices.SortStableFunc(ms, func(a, b metric) int { return strings.Compare(a.String(), b.String()) })
	return ms
}

func ones(n int) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = 1
	}
	return v
}

func checkMetrics(t *testing.T, out []byte, want []metric) {
	t.Helper()
	got := parseEMF(t, out)
	slices.SortStableFunc(want, func(a, b metric) int { return strings.Compare(a.String(), b.String()) })
	if !reflect.DeepEqual(got, want) {
		t.Errorf("EMF output:\n%s\nextracts:\n%s\nwant:\n%s", out, join(got), join(want))
	}
}

func join(ms []metric) string {
	var b strings.Builder
	for _, m := range ms {
		b.WriteString("  " + m.String() + "\n")
	}
	return b.String()
}

func newHandler(t *testing.T, filters []FilterConfig) (*Handler, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	var out, warn bytes.Buffer
	h, err := NewHandler(&out, &warn, filters, SystemFields{AccountID: owner, Region: "us-east-1"})
	if err != nil {
		t.Fatal(err)
	}
	return h, &out, &warn
}

func TestDefaultFiltersOnCloudTrail(t *testing.T) {
	h, out, warn := newHandler(t, DefaultFilters())
	if err := invoke(t, h, lambdaEvent(t, marshal(t, cloudTrailBatch(t)))); err != nil {
		t.Fatal(err)
	}
	m0, m1 := t0.UnixMilli(), t1.UnixMilli()
	checkMetrics(t, out.Bytes(), []metric{
		{m0, "CloudTrailMetrics", "RootAccountUsage", "Count", "", ones(5)},
		{m0, "CloudTrailMetrics", "ConsoleSignInWithoutMFA", "Count", "", ones(1)},
		{m1, "CloudTrailMetrics", "UnauthorizedAPICalls", "Count", "", ones(2)},
		{m1, "CloudTrailMetrics", "ConsoleSignInWithoutMFA", "Count", "", ones(1)},
		{m1, "CloudTrailMetrics", "IAMPolicyChanges", "Count", "", ones(2)},
	})
	if warn.Len() != 0 {
		t.Errorf("diagnostics: %s", warn)
	}
}

// customFilters exercises dimensions, a default value, a value read from the event, a
// system-field dimension and log-group scoping, in describe-metric-filters form.
const customFilters = `{"metricFilters": [
 {"filterName": "unauthorized", "filterPattern": "{ ($.errorCode = \"*UnauthorizedOperation\") || ($.errorCode = \"AccessDenied*\") }",
  "metricTransformations": [{"metricName": "UnauthorizedAPICalls", "metricNamespace": "Security", "metricValue": "1",
   "unit": "Count", "dimensions": {"ErrorCode": "$.errorCode", "EventSource": "$.eventSource"}}],
  "creationTime": 1714564800000},
 {"filterName": "console-logins", "filterPattern": "{ $.eventName = \"ConsoleLogin\" }",
  "metricTransformations": [{"metricName": "ConsoleLogins", "metricNamespace": "Security", "metricValue": "1", "defaultValue": 0}]},
 {"filterName": "event-version", "filterPattern": "{ $.eventSource = \"ec2.amazonaws.com\" }",
  "metricTransformations": [{"metricName": "EventVersion", "metricNamespace": "Security", "metricValue": "$.eventVersion"}],
  "emitSystemFieldDimensions": ["@aws.region"]},
 {"filterName": "iam-events", "logGroupName": "` + logGroup + `", "filterPattern": "{ $.eventSource = \"iam.amazonaws.com\" }",
  "metricTransformations": [{"metricName": "IAMEvents", "metricNamespace": "Security", "metricValue": "1", "unit": "Count",
   "dimensions": {"EventName": "$.eventName"}}]},
 {"filterName": "elsewhere", "logGroupName": "some-other-group", "filterPattern": "",
  "metricTransformations": [{"metricName": "Everything", "metricNamespace": "Security", "metricValue": "1"}]}
]}`

func loadCustom(t *testing.T) []FilterConfig {
	t.Helper()
	fs, err := LoadFilters(func(k string) string {
		if k == EnvFilters {
			return customFilters
		}
		return ""
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

func TestCustomFiltersOnCloudTrail(t *testing.T) {
	h, out, warn := newHandler(t, loadCustom(t))
	if err := invoke(t, h, lambdaEvent(t, marshal(t, cloudTrailBatch(t)))); err != nil {
		t.Fatal(err)
	}
	m0, m1 := t0.UnixMilli(), t1.UnixMilli()
	checkMetrics(t, out.Bytes(), []metric{
		// ConsoleLogin is events 0-2 and 5-7 of aws-docs-examples, event 2 of stratus.
		{m0, "Security", "ConsoleLogins", "None", "", []float64{1, 1, 1, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}},
		{m1, "Security", "ConsoleLogins", "None", "", []float64{0, 0, 1, 0, 0}},
		// The three EC2 records of aws-docs-examples have eventVersion "1.0", the stratus
		// GetPasswordData record "1.09": numeric strings are metric values (§7.4).
		{m0, "Security", "EventVersion", "None", "@aws.region=us-east-1", []float64{1, 1, 1}},
		{m1, "Security", "EventVersion", "None", "@aws.region=us-east-1", []float64{1.09}},
		{m0, "Security", "IAMEvents", "Count", "EventName=EnableMFADevice", ones(1)},
		{m0, "Security", "IAMEvents", "Count", "EventName=CreateUser", ones(1)},
		{m0, "Security", "IAMEvents", "Count", "EventName=AddUserToGroup", ones(1)},
		{m1, "Security", "IAMEvents", "Count", "EventName=AttachUserPolicy", ones(1)},
		{m1, "Security", "IAMEvents", "Count", "EventName=AttachRolePolicy", ones(1)},
		{m1, "Security", "UnauthorizedAPICalls", "Count", "ErrorCode=Client.UnauthorizedOperation,EventSource=ec2.amazonaws.com", ones(1)},
		{m1, "Security", "UnauthorizedAPICalls", "Count", "ErrorCode=AccessDenied,EventSource=sts.amazonaws.com", ones(1)},
	})
	if warn.Len() != 0 {
		t.Errorf("diagnostics: %s", warn)
	}
}

// TestBatchingInvariant: delivering the events one per invocation extracts the same data
// points (§7.3: events are independent), only split over more documents.
func TestBatchingInvariant(t *testing.T) {
	batch := cloudTrailBatch(t)
	h, whole, _ := newHandler(t, loadCustom(t))
	if err := invoke(t, h, lambdaEvent(t, marshal(t, batch))); err != nil {
		t.Fatal(err)
	}
	h, split, _ := newHandler(t, loadCustom(t))
	for _, e := range batch.LogEvents {
		one := batch
		one.LogEvents = []logEvent{e}
		if err := invoke(t, h, lambdaEvent(t, marshal(t, one))); err != nil {
			t.Fatal(err)
		}
	}
	points := func(ms []metric) []string {
		var p []string
		for _, m := range ms {
			for _, v := range m.Values {
				m.Values = []float64{v}
				p = append(p, m.String())
			}
		}
		sort.Strings(p)
		return p
	}
	if a, b := points(parseEMF(t, whole.Bytes())), points(parseEMF(t, split.Bytes())); !reflect.DeepEqual(a, b) {
		t.Errorf("one batch gives\n%v\none event per batch gives\n%v", a, b)
	}
}

func TestControlMessage(t *testing.T) {
	// As delivered [§11.2, obs].
	const control = `{"messageType":"CONTROL_MESSAGE","owner":"CloudwatchLogs","logGroup":"","logStream":"","subscriptionFilters":[],"logEvents":[{"id":"","timestamp":1600110003794,"message":"CWL CONTROL MESSAGE: Checking health of destination Firehose."}]}`
	// A filter matching every event: any processed event would print.
	all := []FilterConfig{{FilterName: "all", FilterPattern: "", MetricTransformations: []TransformationConfig{{
		MetricName: "Events", MetricNamespace: "Test", MetricValue: "1"}}}}
	h, out, warn := newHandler(t, append(DefaultFilters(), all...))
	if err := invoke(t, h, lambdaEvent(t, []byte(control))); err != nil {
		t.Fatalf("CONTROL_MESSAGE: %v", err)
	}
	if out.Len() != 0 || warn.Len() != 0 {
		t.Errorf("CONTROL_MESSAGE printed %q / %q", out, warn)
	}
	// The same event as a DATA_MESSAGE is processed: the check above is not vacuous.
	if err := invoke(t, h, lambdaEvent(t, []byte(strings.Replace(control, "CONTROL_MESSAGE", "DATA_MESSAGE", 1)))); err != nil {
		t.Fatal(err)
	}
	checkMetrics(t, out.Bytes(), []metric{{1600110000000, "Test", "Events", "None", "", ones(1)}})
}

func TestEmptyAndUnmatchedBatches(t *testing.T) {
	h, out, _ := newHandler(t, DefaultFilters())
	d := delivery{MessageType: DataMessage, Owner: owner, LogGroup: logGroup, LogStream: "s", SubscriptionFilters: []string{"f"}}
	if err := invoke(t, h, lambdaEvent(t, marshal(t, d))); err != nil {
		t.Fatal(err)
	}
	d.LogEvents = []logEvent{{"1", t0.UnixMilli(), "not json"}, {"2", t0.UnixMilli(), `{"eventName":"DescribeInstances"}`}}
	if err := invoke(t, h, lambdaEvent(t, marshal(t, d))); err != nil {
		t.Fatal(err)
	}
	if out.Len() != 0 {
		t.Errorf("printed %q", out)
	}
}

// An event over the size limit never reaches a filter, so it publishes nothing, not even a
// default value, and the handler says how many it skipped.
func TestOversizedEventsCounted(t *testing.T) {
	zero := 0.0
	all := []FilterConfig{{FilterName: "all", FilterPattern: "", MetricTransformations: []TransformationConfig{{
		MetricName: "Events", MetricNamespace: "Test", MetricValue: "1"}}},
		{FilterName: "errors", FilterPattern: "ERROR", MetricTransformations: []TransformationConfig{{
			MetricName: "Errors", MetricNamespace: "Test", MetricValue: "1", DefaultValue: &zero}}}}
	h, out, warn := newHandler(t, all)
	huge := strings.Repeat("x", filterpattern.DefaultMaxEventSize+1)
	d := delivery{MessageType: DataMessage, Owner: owner, LogGroup: logGroup, LogStream: "s", SubscriptionFilters: []string{"f"},
		LogEvents: []logEvent{{"1", t0.UnixMilli(), "small"}, {"2", t0.UnixMilli(), huge}}}
	if err := invoke(t, h, lambdaEvent(t, marshal(t, d))); err != nil {
		t.Fatal(err)
	}
	m0 := t0.Truncate(time.Minute).UnixMilli()
	checkMetrics(t, out.Bytes(), []metric{{m0, "Test", "Errors", "None", "", []float64{0}}, {m0, "Test", "Events", "None", "", ones(1)}})
	if want := "cwfilter lambda: 1 of 2 events skipped: larger than the 1048550-byte event size limit\n"; warn.String() != want {
		t.Errorf("diagnostics %q, want %q", warn.String(), want)
	}
}

func TestMalformedPayloads(t *testing.T) {
	gz := func(s string) string {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		zw.Write([]byte(s))
		zw.Close()
		return base64.StdEncoding.EncodeToString(b.Bytes())
	}
	good := `{"messageType":"DATA_MESSAGE","owner":"1","logGroup":"g","logStream":"s","subscriptionFilters":[],"logEvents":[{"id":"1","timestamp":1714564800000,"message":"{\"errorCode\":\"AccessDenied\"}"}]}`
	if _, err := Decode(gz(good)); err != nil {
		t.Fatalf("the well-formed payload fails: %v", err)
	}
	raw, _ := base64.StdEncoding.DecodeString(gz(good))
	// Encodings of the good payload that use '+' or '/', and that need padding.
	var urlSafe, unpadded string
	for pad := ""; urlSafe == "" || unpadded == ""; pad += " " {
		s := gz(good + pad)
		if urlSafe == "" && strings.ContainsAny(s, "+/") {
			urlSafe = strings.NewReplacer("+", "-", "/", "_").Replace(s)
		}
		if unpadded == "" && strings.HasSuffix(s, "=") {
			unpadded = strings.TrimRight(s, "=")
		}
	}
	for name, data := range map[string]string{
		"empty":                  "",
		"not base64":             "H4sI!!!!",
		"URL-safe base64":        urlSafe,
		"unpadded base64":        unpadded,
		"base64 of plain JSON":   base64.StdEncoding.EncodeToString([]byte(good)),
		"truncated gzip":         base64.StdEncoding.EncodeToString(raw[:len(raw)-6]),
		"gzip with bad CRC":      base64.StdEncoding.EncodeToString(append(slices.Clone(raw[:len(raw)-8]), 0, 0, 0, 0, raw[len(raw)-4], raw[len(raw)-3], raw[len(raw)-2], raw[len(raw)-1])),
		"truncated JSON":         gz(good[:len(good)/2]),
		"trailing data":          gz(good + `{}`),
		"JSON array":             gz(`[` + good + `]`),
		"JSON null":              gz(`null`),
		"no messageType":         gz(`{"owner":"1","logEvents":[]}`),
		"unknown messageType":    gz(strings.Replace(good, "DATA_MESSAGE", "HEALTH_MESSAGE", 1)),
		"timestamp is a string":  gz(strings.Replace(good, `1714564800000`, `"1714564800000"`, 1)),
		"logEvents is an object": gz(`{"messageType":"DATA_MESSAGE","logEvents":{}}`),
		"invalid JSON escape":    gz(`{"messageType":"DATA_MESSAGE","logEvents":[{"message":"\x"}]}`),
	} {
		t.Run(name, func(t *testing.T) {
			h, out, _ := newHandler(t, DefaultFilters())
			err := h.Handle(context.Background(), events.CloudwatchLogsEvent{AWSLogs: events.CloudwatchLogsRawData{Data: data}})
			if !errors.Is(err, ErrMalformed) {
				t.Errorf("error %v, want ErrMalformed", err)
			}
			if out.Len() != 0 {
				t.Errorf("printed %q", out)
			}
		})
	}
	// The Lambda event itself without "awslogs".
	h, _, _ := newHandler(t, DefaultFilters())
	if err := invoke(t, h, []byte(`{"Records":[]}`)); !errors.Is(err, ErrMalformed) {
		t.Errorf("event without awslogs: %v", err)
	}
}

func TestCanceledContext(t *testing.T) {
	h, out, _ := newHandler(t, DefaultFilters())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var ev events.CloudwatchLogsEvent
	json.Unmarshal(lambdaEvent(t, marshal(t, cloudTrailBatch(t))), &ev)
	if err := h.Handle(ctx, ev); !errors.Is(err, context.Canceled) || out.Len() != 0 {
		t.Errorf("canceled context: %v, printed %d bytes", err, out.Len())
	}
}

// TestManyValues: more than 100 values of one metric in one minute continue in a second
// document (EMF allows 100 values per metric).
func TestManyValues(t *testing.T) {
	h, out, _ := newHandler(t, DefaultFilters())
	d := delivery{MessageType: DataMessage, Owner: owner, LogGroup: logGroup, LogStream: "s", SubscriptionFilters: []string{"f"}}
	for i := range 250 {
		d.LogEvents = append(d.LogEvents, logEvent{eventID(t0, i), t0.UnixMilli() + int64(i), `{"errorCode":"AccessDenied"}`})
	}
	if err := invoke(t, h, lambdaEvent(t, marshal(t, d))); err != nil {
		t.Fatal(err)
	}
	m0 := t0.UnixMilli()
	checkMetrics(t, out.Bytes(), []metric{
		{m0, "CloudTrailMetrics", "UnauthorizedAPICalls", "Count", "", ones(100)},
		{m0, "CloudTrailMetrics", "UnauthorizedAPICalls", "Count", "", ones(100)},
		{m0, "CloudTrailMetrics", "UnauthorizedAPICalls", "Count", "", ones(50)},
	})
}

// TestGolden pins the exact EMF text for a small fixed payload. Regenerate with
// go test -run TestGolden -update.
func TestGolden(t *testing.T) {
	h, out, _ := newHandler(t, loadCustom(t))
	d := delivery{MessageType: DataMessage, Owner: owner, LogGroup: logGroup, LogStream: "111122223333_CloudTrail_us-east-1",
		SubscriptionFilters: []string{"cwfilter"}}
	for i, m := range []string{
		`{"eventVersion":"1.08","eventSource":"sts.amazonaws.com","eventName":"AssumeRole","errorCode":"AccessDenied"}`,
		`{"eventVersion":"1.08","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","userIdentity":{"type":"IAMUser"}}`,
		`{"eventVersion":"1.09","eventSource":"ec2.amazonaws.com","eventName":"GetPasswordData","errorCode":"Client.UnauthorizedOperation"}`,
		`{"eventVersion":"1.09","eventSource":"iam.amazonaws.com","eventName":"PutUserPolicy"}`,
		`{"eventVersion":"1.08","eventSource":"sts.amazonaws.com","eventName":"AssumeRole","errorCode":"AccessDenied"}`,
		`2024-05-01T12:01:30Z not a CloudTrail record`,
	} {
		ts := t0.Add(time.Duration(i) * 20 * time.Second)
		d.LogEvents = append(d.LogEvents, logEvent{eventID(ts, i), ts.UnixMilli(), m})
	}
	if err := invoke(t, h, lambdaEvent(t, marshal(t, d))); err != nil {
		t.Fatal(err)
	}
	parseEMF(t, out.Bytes()) // valid EMF
	golden := filepath.Join("testdata", "emf.golden")
	if *update {
		if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out.Bytes(), want) {
		t.Errorf("EMF output differs from %s (rerun with -update if intended):\ngot:\n%s\nwant:\n%s", golden, out, want)
	}
}

func TestLoadFilters(t *testing.T) {
	env := func(kv ...string) func(string) string {
		return func(k string) string {
			for i := 0; i < len(kv); i += 2 {
				if kv[i] == k {
					return kv[i+1]
				}
			}
			return ""
		}
	}
	files := func(name string) ([]byte, error) {
		if name == "/var/task/filters.json" {
			return []byte(customFilters), nil
		}
		return nil, os.ErrNotExist
	}
	fs, err := LoadFilters(env(), files)
	if err != nil || !reflect.DeepEqual(fs, DefaultFilters()) {
		t.Errorf("unset: %v, %v", fs, err)
	}
	fs, err = LoadFilters(env(EnvFiltersFile, "/var/task/filters.json"), files)
	if err != nil || !reflect.DeepEqual(fs, loadCustom(t)) {
		t.Errorf("file: %v, %v", fs, err)
	}
	fs, err = LoadFilters(env(EnvFilters, `[]`), files)
	if err != nil || fs == nil || len(fs) != 0 {
		t.Errorf("empty list: %v, %v", fs, err)
	}
	fs, err = LoadFilters(env(EnvFilters, `[{"filterName":"x","filterPattern":"ERROR","metricTransformations":[{"metricName":"E","metricNamespace":"N","metricValue":"1","defaultValue":0.5}]}]`), files)
	if err != nil || len(fs) != 1 || *fs[0].MetricTransformations[0].DefaultValue != 0.5 {
		t.Errorf("array: %v, %v", fs, err)
	}
	for name, e := range map[string]func(string) string{
		"both":         env(EnvFilters, "[]", EnvFiltersFile, "/var/task/filters.json"),
		"missing file": env(EnvFiltersFile, "/nope"),
		"bad JSON":     env(EnvFilters, `[{"filterName":}]`),
		"wrong object": env(EnvFilters, `{"filters":[]}`),
		"wrong type":   env(EnvFilters, `[{"filterPattern":7}]`),
		"scalar":       env(EnvFilters, `"x"`),
	} {
		if fs, err := LoadFilters(e, files); err == nil {
			t.Errorf("%s: no error, %v", name, fs)
		}
	}
}

func TestInvalidFilters(t *testing.T) {
	tr := func(name, value string, dims map[string]string) []TransformationConfig {
		return []TransformationConfig{{MetricName: name, MetricNamespace: "N", MetricValue: value, Dimensions: dims}}
	}
	for name, c := range map[string]struct {
		f    FilterConfig
		want string
	}{
		"syntax":          {FilterConfig{FilterName: "a", FilterPattern: `{ $.x = }`, MetricTransformations: tr("M", "1", nil)}, `metric filter 2 ("a")`},
		"metric value":    {FilterConfig{FilterName: "b", FilterPattern: `ERROR`, MetricTransformations: tr("M", "$.x", nil)}, "metric value $.x must be a valid number"},
		"two transforms":  {FilterConfig{FilterName: "c", FilterPattern: `ERROR`, MetricTransformations: append(tr("M", "1", nil), tr("M", "1", nil)...)}, "less than or equal to 1"},
		"dim is metric":   {FilterConfig{FilterName: "d", FilterPattern: `{ $.x = 1 }`, MetricTransformations: tr("M", "1", map[string]string{"M": "$.y"})}, "collides"},
		"dim is _aws":     {FilterConfig{FilterName: "e", FilterPattern: `{ $.x = 1 }`, MetricTransformations: tr("M", "1", map[string]string{"_aws": "$.y"})}, "collides"},
		"transformed":     {FilterConfig{FilterName: "f", FilterPattern: `ERROR`, MetricTransformations: tr("M", "1", nil), ApplyOnTransformedLogs: true}, "not supported"},
		"duplicate names": {FilterConfig{FilterName: "ok", FilterPattern: `WARN`, MetricTransformations: tr("W", "1", nil)}, "more than one"},
	} {
		ok := FilterConfig{FilterName: "ok", FilterPattern: "ERROR", MetricTransformations: tr("E", "1", nil)}
		_, err := NewHandler(&bytes.Buffer{}, nil, []FilterConfig{ok, c.f}, SystemFields{})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", name, err, c.want)
		}
	}
	// The same name in different log groups is allowed.
	a := FilterConfig{FilterName: "x", LogGroupName: "a", FilterPattern: "E", MetricTransformations: tr("E", "1", nil)}
	b := a
	b.LogGroupName = "b"
	if _, err := NewHandler(&bytes.Buffer{}, nil, []FilterConfig{a, b}, SystemFields{}); err != nil {
		t.Errorf("same name in two log groups: %v", err)
	}
}

// TestLargeTimestamps: timestamps are ms since the epoch; EMF needs them as integers, even
// far from today (CloudWatch then refuses them, but the document stays well-formed).
func TestLargeTimestamps(t *testing.T) {
	h, out, _ := newHandler(t, DefaultFilters())
	for _, ms := range []int64{0, 253402300799999, -1000} {
		d := delivery{MessageType: DataMessage, LogEvents: []logEvent{{"1", ms, `{"errorCode":"AccessDenied"}`}}}
		out.Reset()
		if err := invoke(t, h, lambdaEvent(t, marshal(t, d))); err != nil {
			t.Fatal(err)
		}
		minute := time.UnixMilli(ms).UTC().Truncate(time.Minute).UnixMilli()
		checkMetrics(t, out.Bytes(), []metric{{minute, "CloudTrailMetrics", "UnauthorizedAPICalls", "Count", "", ones(1)}})
	}
}

// FuzzHandle feeds arbitrary decompressed payloads to the handler, bypassing Handle's
// recover so that a panic fails the fuzzer.
func FuzzHandle(f *testing.F) {
	f.Add(`{"messageType":"DATA_MESSAGE","logGroup":"` + logGroup + `","logEvents":[{"id":"1","timestamp":1714564800000,"message":"{\"errorCode\":\"AccessDenied\",\"eventSource\":\"iam.amazonaws.com\",\"eventName\":\"ConsoleLogin\",\"eventVersion\":\"1e308\"}"}]}`)
	f.Add(`{"messageType":"CONTROL_MESSAGE","logEvents":[]}`)
	f.Add(`{"messageType":"DATA_MESSAGE","logEvents":[{"timestamp":-9223372036854775808,"message":"{\"errorCode\":\"AccessDenied\"}"}]}`)
	filters, err := ParseFilters([]byte(customFilters))
	if err != nil {
		f.Fatal(err)
	}
	h, err := NewHandler(io.Discard, io.Discard, append(DefaultFilters(), filters...), SystemFields{Region: "us-east-1"})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, payload string) {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		zw.Write([]byte(payload))
		zw.Close()
		d, err := Decode(base64.StdEncoding.EncodeToString(b.Bytes()))
		if err != nil {
			return
		}
		if err := h.HandleData(d); err != nil && !errors.Is(err, ErrMalformed) {
			t.Fatal(err)
		}
	})
}
