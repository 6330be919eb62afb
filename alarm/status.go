package alarm

import (
	"encoding/json"
	"slices"
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
	// AlarmConfigurationUpdatedTimestamp is when the configuration was created or last
	// updated (New, Update), from the WithClock clock or the instants given (D-89). It is
	// zero only before an alarm without a clock has been given any instant.
	AlarmConfigurationUpdatedTimestamp time.Time
}

// ReasonData is the StateReasonData of a metric alarm: the evaluation behind the reason.
type ReasonData struct {
	Version          string    // "1.0"
	QueryDate        time.Time // the evaluation instant as given to Evaluate (EvaluateWindow: D-79)
	StartDate        time.Time // the oldest datapoint the reason cites; zero (omitted) when none
	Statistic        string
	Period           int       // seconds
	RecentDatapoints []float64 // the values of the real datapoints evaluated, oldest first
	Threshold        float64
	// EvaluatedDatapoints are the periods of the evaluation behind the reason, newest first,
	// missing ones included (D-88); a missing one is rendered as {"timestamp"} alone.
	EvaluatedDatapoints []Datapoint
}

// TimeLayout is how CloudWatch writes timestamps in alarm payloads (StateReasonData, SNS
// notifications), always in UTC: 2024-02-08T09:05:00.000+0000.
const TimeLayout = "2006-01-02T15:04:05.000-0700"

// Status returns a copy of the alarm's state, reason and reason data.
func (a *Alarm) Status() Status {
	a.mu.Lock()
	defer a.mu.Unlock()
	rd := ReasonData{
		Version: "1.0", QueryDate: a.queryDate, StartDate: a.startDate,
		Statistic: a.c.stat.Name, Period: int(a.c.period / time.Second), Threshold: a.cfg.Threshold,
	}
	for i := len(a.reasonPoints) - 1; i >= 0; i-- {
		if !a.reasonPoints[i].Missing {
			rd.RecentDatapoints = append(rd.RecentDatapoints, a.reasonPoints[i].Value)
		}
	}
	rd.EvaluatedDatapoints = slices.Clone(a.reasonPoints)
	return Status{
		Name: a.cfg.Name, State: a.state, Reason: a.reason, ReasonData: rd,
		StateTransitionedTimestamp: a.transitioned, StateUpdatedTimestamp: a.updated,
		AlarmConfigurationUpdatedTimestamp: a.configured,
	}
}

func awsTime(t time.Time) string { return t.UTC().Format(TimeLayout) }

// MarshalJSON renders the AWS StateReasonData shape (camelCase keys, +0000 timestamps).
func (d ReasonData) MarshalJSON() ([]byte, error) {
	type point struct {
		Timestamp   string             `json:"timestamp"`
		SampleCount *numfmt.JSONDouble `json:"sampleCount,omitempty"`
		Value       *numfmt.JSONDouble `json:"value,omitempty"`
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
		pt := point{Timestamp: awsTime(p.Timestamp)}
		if !p.Missing {
			n, v := numfmt.JSONDouble(p.SampleCount), numfmt.JSONDouble(p.Value)
			pt.SampleCount, pt.Value = &n, &v
		}
		out.EvaluatedDatapoints = append(out.EvaluatedDatapoints, pt)
	}
	return json.Marshal(out)
}
