package notify

import (
	"testing"
	"time"

	"github.com/cwfilter/cwfilter/alarm"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSNSMessage(t *testing.T) {
	a, err := alarm.New(alarm.Config{
		Name: "cis-root-usage", Namespace: "CIS", MetricName: "RootUsage",
		Period: 5 * time.Minute, EvaluationPeriods: 1, DatapointsToAlarm: 1, Threshold: 1,
		ComparisonOperator: alarm.GreaterThanOrEqualToThreshold, Statistic: "Sum", TreatMissingData: alarm.NotBreaching,
		AlarmActions: []string{"arn:aws:sns:us-east-1:123456789012:sec"},
	})
	require.NoError(t, err)
	var got []alarm.ActionEvent
	cfg := a.Config()
	cfg.Sink = alarm.ActionFunc(func(ev alarm.ActionEvent) { got = append(got, ev) })
	require.NoError(t, a.Update(cfg))
	_, err = a.SetAlarmState(alarm.OK, "init", time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC))
	require.NoError(t, err)
	a.EvaluateWindow([]alarm.Datapoint{{Timestamp: time.Date(2026, 1, 5, 10, 5, 0, 0, time.UTC), Value: 2}})
	require.Len(t, got, 1)
	ev := got[0]
	ev.Timestamp = time.Date(2026, 1, 5, 10, 6, 12, 345e6, time.UTC)

	msg, err := SNSMessage(a, ev, Environment{AccountID: "123456789012", Region: "us-east-1"})
	require.NoError(t, err)
	// A message CloudWatch published for this configuration and transition, byte for byte.
	want := `{"AlarmName":"cis-root-usage","AlarmDescription":null,"AWSAccountId":"123456789012","AlarmConfigurationUpdatedTimestamp":"2026-01-05T10:00:00.000+0000","NewStateValue":"ALARM","NewStateReason":"Threshold Crossed: 1 out of the last 1 datapoints [2.0 (05/01/26 10:05:00)] was greater than or equal to the threshold (1.0) (minimum 1 datapoint for OK -> ALARM transition).","StateChangeTime":"2026-01-05T10:06:12.345+0000","Region":"US East (N. Virginia)","AlarmArn":"arn:aws:cloudwatch:us-east-1:123456789012:alarm:cis-root-usage","OldStateValue":"OK","OKActions":[],"AlarmActions":["arn:aws:sns:us-east-1:123456789012:sec"],"InsufficientDataActions":[],"Trigger":{"MetricName":"RootUsage","Namespace":"CIS","StatisticType":"Statistic","Statistic":"SUM","Unit":null,"Dimensions":[],"Period":300,"EvaluationPeriods":1,"DatapointsToAlarm":1,"ComparisonOperator":"GreaterThanOrEqualToThreshold","Threshold":1.0,"TreatMissingData":"notBreaching","EvaluateLowSampleCountPercentile":""}}`
	assert.Equal(t, want, string(msg))
	assert.Equal(t, `ALARM: "cis-root-usage" in US East (N. Virginia)`, SNSSubject(ev, "us-east-1"))
}

// AlarmConfigurationUpdatedTimestamp comes from the alarm (its creation or last Update) and is
// never a zero time, whatever the Environment says (§9.7).
func TestSNSMessageConfigurationTime(t *testing.T) {
	cfg := alarm.Config{
		Name: "calls", Namespace: "CloudTrailMetrics", MetricName: "Calls",
		Period: 5 * time.Minute, EvaluationPeriods: 1, Threshold: 30,
		ComparisonOperator: alarm.GreaterThanOrEqualToThreshold, Statistic: "Sum", TreatMissingData: alarm.NotBreaching,
		OKActions: []string{"topic"},
	}
	created := time.Date(2024, 8, 2, 8, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		opts []alarm.Option
		want string
	}{
		{"no clock: the first instant the alarm was given", nil, `"AlarmConfigurationUpdatedTimestamp":"2024-08-02T09:00:30.000+0000"`},
		{"WithClock", []alarm.Option{alarm.WithClock(func() time.Time { return created })}, `"AlarmConfigurationUpdatedTimestamp":"2024-08-02T08:00:00.000+0000"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []alarm.ActionEvent
			c := cfg
			c.Sink = alarm.ActionFunc(func(ev alarm.ActionEvent) { got = append(got, ev) })
			a, err := alarm.New(c, tc.opts...)
			require.NoError(t, err)
			a.Evaluate(time.Date(2024, 8, 2, 9, 0, 30, 0, time.UTC), alarm.NewMemorySource())
			require.Len(t, got, 1)
			msg, err := SNSMessage(a, got[0], Environment{AccountID: "123456789012", Region: "us-east-1"})
			require.NoError(t, err)
			assert.NotContains(t, string(msg), "0001-01-01")
			assert.Contains(t, string(msg), tc.want)
		})
	}
}

// An AWS/DynamoDB alarm ignores missing data whatever it says, but its notification reports
// the configured value (§9.1).
func TestSNSMessageDynamoDBReportsConfiguredMissing(t *testing.T) {
	var got []alarm.ActionEvent
	a, err := alarm.New(alarm.Config{
		Name: "throttles", Namespace: "AWS/DynamoDB", MetricName: "ThrottledRequests",
		Period: time.Minute, EvaluationPeriods: 1, Threshold: 1,
		ComparisonOperator: alarm.GreaterThanOrEqualToThreshold, Statistic: alarm.Sum, TreatMissingData: alarm.Breaching,
		OKActions: []string{"topic"}, Sink: alarm.ActionFunc(func(ev alarm.ActionEvent) { got = append(got, ev) }),
	})
	require.NoError(t, err)
	t0 := time.Date(2024, 8, 2, 9, 0, 0, 0, time.UTC)
	assert.True(t, a.EvaluateWindow([]alarm.Datapoint{{Timestamp: t0, Missing: true}}).Retained, "ignore: no data keeps the state")
	a.EvaluateWindow([]alarm.Datapoint{{Timestamp: t0, Value: 0}})
	require.Len(t, got, 1)
	msg, err := SNSMessage(a, got[0], Environment{AccountID: "123456789012", Region: "us-east-1"})
	require.NoError(t, err)
	assert.Contains(t, string(msg), `"TreatMissingData":"breaching"`)
}
