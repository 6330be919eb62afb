package alarm

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// alarmVectors is testdata/alarm/alarm-vectors.json: the AWS missing-data tables (§9.4).
type alarmVectors struct {
	Alarm struct {
		Period             int                `json:"period"`
		ComparisonOperator ComparisonOperator `json:"comparisonOperator"`
		Threshold          float64            `json:"threshold"`
		Statistic          Statistic          `json:"statistic"`
	} `json:"alarm"`
	Vectors          []alarmVector `json:"vectors"`
	SecondaryVectors []alarmVector `json:"secondaryVectors"`
}

type alarmVector struct {
	ID       string            `json:"id"`
	N        int               `json:"n"`
	M        int               `json:"m"`
	Range    int               `json:"evaluationRange"`
	Points   string            `json:"points"`
	Values   []*float64        `json:"values"`
	Expected map[string]string `json:"expected"`
}

// TestMissingDataTables runs every vector with every TreatMissingData option; RETAIN rows
// from each prior state, the others from every prior state too (it must not matter).
func TestMissingDataTables(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "testdata", "alarm", "alarm-vectors.json"))
	require.NoError(t, err)
	var doc alarmVectors
	require.NoError(t, json.Unmarshal(raw, &doc))
	require.Len(t, doc.Vectors, 10)
	require.Len(t, doc.SecondaryVectors, 3)

	start := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
	period := time.Duration(doc.Alarm.Period) * time.Second
	for _, v := range append(doc.Vectors, doc.SecondaryVectors...) {
		window := make([]Datapoint, len(v.Values))
		for i, x := range v.Values {
			window[i] = Datapoint{Timestamp: start.Add(time.Duration(i) * period), Missing: x == nil}
			if x != nil {
				window[i].Value = *x
			}
		}
		require.Len(t, window, v.Range, v.ID)
		for _, missing := range []TreatMissingData{Missing, Ignore, Breaching, NotBreaching} {
			want := v.Expected[string(missing)]
			require.NotEmpty(t, want, "%s/%s", v.ID, missing)
			for _, prior := range []State{OK, Alarming, InsufficientData} {
				a, err := New(Config{
					Name: "vector", Namespace: "Test", MetricName: "M",
					Period: period, EvaluationPeriods: v.N, DatapointsToAlarm: v.M, EvaluationRange: v.Range,
					Threshold: doc.Alarm.Threshold, ComparisonOperator: doc.Alarm.ComparisonOperator,
					Statistic: doc.Alarm.Statistic, TreatMissingData: missing,
				})
				require.NoError(t, err)
				_, err = a.SetAlarmState(prior, "prior", start)
				require.NoError(t, err)

				ev := a.EvaluateWindow(window)
				if want == "RETAIN" {
					require.True(t, ev.Retained, "%s %s from %s: %+v", v.ID, missing, prior, ev)
					require.Equal(t, prior, ev.State, "%s %s from %s", v.ID, missing, prior)
					require.False(t, ev.Changed)
				} else {
					require.Equal(t, State(want), ev.State, "%s (%s) %s from %s: %s", v.ID, v.Points, missing, prior, ev.Reason)
					require.Equal(t, prior != State(want), ev.Changed)
				}
				require.Equal(t, ev.State, a.State())
			}
		}
	}
}
