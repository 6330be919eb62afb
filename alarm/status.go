package alarm

import (
	"encoding/json"
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

func awsTime(t time.Time) string { return t.UTC().Format(awsTimeLayout) }

// MarshalJSON renders the AWS StateReasonData shape (camelCase keys, +0000 timestamps).
func (d ReasonData) MarshalJSON() ([]byte, error) {
	type point struct {
		Timestamp   string            `json:"timestamp"`
		SampleCount numfmt.JSONDouble `json:"sampleCount"`
		Value       numfmt.JSONDouble `json:"value"`
	}
	out := struct {
		Version             string              `json:"version"`
		QueryDate           string              `json:"queryDate"`
		StartDate           string              `json:"startDate,omitempty"`
		Statistic           string              `json:"statistic"`
		Period              int                 `json:"period"`
		RecentDatapoints    []numfmt.JSONDouble `json:"recentDatapoints"`
		Threshold           numfmt.JSONDouble   `json:"threshold"`
		EvaluatedDatapoints []point             `json:"evaluatedDatapoints"`
	}{
		Version: d.Version, QueryDate: awsTime(d.QueryDate), Statistic: d.Statistic,
		Period: d.Period, Threshold: numfmt.JSONDouble(d.Threshold),
		RecentDatapoints: []numfmt.JSONDouble{}, EvaluatedDatapoints: []point{},
	}
	if !d.StartDate.IsZero() {
		out.StartDate = awsTime(d.StartDate)
	}
	for _, v := range d.RecentDatapoints {
		out.RecentDatapoints = append(out.RecentDatapoints, numfmt.JSONDouble(v))
	}
	for _, p := range d.EvaluatedDatapoints {
		out.EvaluatedDatapoints = append(out.EvaluatedDatapoints, point{awsTime(p.Timestamp), numfmt.JSONDouble(p.SampleCount), numfmt.JSONDouble(p.Value)})
	}
	return json.Marshal(out)
}
