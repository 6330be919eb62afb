package alarm

import (
	"encoding/json"
	"math"
	"time"

	"github.com/cwfilter/cwfilter/internal/numfmt"
)

// Status is the observable state of an alarm, like one DescribeAlarms entry.
type Status struct {
	Name                       string
	State                      State
	Reason                     string
	ReasonData                 ReasonData
	StateTransitionedTimestamp time.Time
	StateUpdatedTimestamp      time.Time
}

// ReasonData is the StateReasonData of a metric alarm: the evaluation behind the reason.
type ReasonData struct {
	Version             string    // "1.0"
	QueryDate           time.Time // the evaluation instant
	StartDate           time.Time // start of the oldest period of the evaluation range
	Statistic           string
	Period              int // seconds
	RecentDatapoints    []float64
	Threshold           float64
	EvaluatedDatapoints []EvaluatedDatapoint // newest first
}

// EvaluatedDatapoint is one real datapoint the reason cites.
type EvaluatedDatapoint struct {
	Timestamp   time.Time
	SampleCount float64
	Value       float64
}

// awsTimeLayout is how CloudWatch writes timestamps in alarm payloads.
const awsTimeLayout = "2006-01-02T15:04:05.000-0700"

// Status returns a copy of the alarm's state, reason and reason data.
func (a *Alarm) Status() Status {
	a.mu.Lock()
	defer a.mu.Unlock()
	rd := ReasonData{
		Version: "1.0", QueryDate: a.queryDate, StartDate: a.startDate,
		Statistic: a.c.stat.Name, Period: int(a.c.period / time.Second), Threshold: a.cfg.Threshold,
	}
	for i := len(a.reasonPoints) - 1; i >= 0; i-- {
		rd.RecentDatapoints = append(rd.RecentDatapoints, a.reasonPoints[i].Value)
	}
	for _, p := range a.reasonPoints {
		rd.EvaluatedDatapoints = append(rd.EvaluatedDatapoints, EvaluatedDatapoint{p.Timestamp, p.SampleCount, p.Value})
	}
	return Status{
		Name: a.cfg.Name, State: a.state, Reason: a.reason, ReasonData: rd,
		StateTransitionedTimestamp: a.transitioned, StateUpdatedTimestamp: a.updated,
	}
}

// javaNumber marshals as CloudWatch prints numbers (30.0, 1.0E7); non-finite values as null.
type javaNumber float64

func (n javaNumber) MarshalJSON() ([]byte, error) {
	f := float64(n)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null"), nil
	}
	return numfmt.AppendJavaDouble(nil, f), nil
}

func awsTime(t time.Time) string { return t.UTC().Format(awsTimeLayout) }

// MarshalJSON renders the AWS StateReasonData shape (camelCase keys, +0000 timestamps).
func (d ReasonData) MarshalJSON() ([]byte, error) {
	type point struct {
		Timestamp   string     `json:"timestamp"`
		SampleCount javaNumber `json:"sampleCount"`
		Value       javaNumber `json:"value"`
	}
	out := struct {
		Version             string       `json:"version"`
		QueryDate           string       `json:"queryDate"`
		StartDate           string       `json:"startDate,omitempty"`
		Statistic           string       `json:"statistic"`
		Period              int          `json:"period"`
		RecentDatapoints    []javaNumber `json:"recentDatapoints"`
		Threshold           javaNumber   `json:"threshold"`
		EvaluatedDatapoints []point      `json:"evaluatedDatapoints"`
	}{
		Version: d.Version, QueryDate: awsTime(d.QueryDate), Statistic: d.Statistic,
		Period: d.Period, Threshold: javaNumber(d.Threshold),
		RecentDatapoints: []javaNumber{}, EvaluatedDatapoints: []point{},
	}
	if !d.StartDate.IsZero() {
		out.StartDate = awsTime(d.StartDate)
	}
	for _, v := range d.RecentDatapoints {
		out.RecentDatapoints = append(out.RecentDatapoints, javaNumber(v))
	}
	for _, p := range d.EvaluatedDatapoints {
		out.EvaluatedDatapoints = append(out.EvaluatedDatapoints, point{awsTime(p.Timestamp), javaNumber(p.SampleCount), javaNumber(p.Value)})
	}
	return json.Marshal(out)
}
