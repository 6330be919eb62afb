// Package notify renders what CloudWatch sends when an alarm changes state: the SNS
// notification's subject and its JSON message.
package notify

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/cwfilter/cwfilter/alarm"
	"github.com/cwfilter/cwfilter/internal/numfmt"
	"github.com/cwfilter/cwfilter/metric"
)

// Environment supplies what an alarm notification needs beyond the alarm itself.
type Environment struct {
	AccountID string // "123456789012"
	Region    string // region code, e.g. "us-east-1"
}

// regionNames maps region codes to the display names SNS alarm messages carry.
var regionNames = map[string]string{
	"us-east-1": "US East (N. Virginia)", "us-east-2": "US East (Ohio)",
	"us-west-1": "US West (N. California)", "us-west-2": "US West (Oregon)",
	"eu-west-1": "EU (Ireland)", "eu-west-2": "EU (London)", "eu-west-3": "EU (Paris)",
	"eu-central-1": "EU (Frankfurt)", "eu-north-1": "EU (Stockholm)",
	"ap-southeast-1": "Asia Pacific (Singapore)", "ap-southeast-2": "Asia Pacific (Sydney)",
	"ap-northeast-1": "Asia Pacific (Tokyo)", "ap-south-1": "Asia Pacific (Mumbai)",
	"ca-central-1": "Canada (Central)", "sa-east-1": "South America (Sao Paulo)",
}

// snsDimension keeps AWS's member order: value first.
type snsDimension struct {
	Value string `json:"value"`
	Name  string `json:"name"`
}

type snsTrigger struct {
	MetricName                       string            `json:"MetricName"`
	Namespace                        string            `json:"Namespace"`
	StatisticType                    string            `json:"StatisticType"`
	Statistic                        string            `json:"Statistic,omitempty"`
	ExtendedStatistic                string            `json:"ExtendedStatistic,omitempty"`
	Unit                             *string           `json:"Unit"`
	Dimensions                       []snsDimension    `json:"Dimensions"`
	Period                           int               `json:"Period"`
	EvaluationPeriods                int               `json:"EvaluationPeriods"`
	DatapointsToAlarm                int               `json:"DatapointsToAlarm,omitempty"`
	ComparisonOperator               string            `json:"ComparisonOperator"`
	Threshold                        numfmt.JSONDouble `json:"Threshold"`
	TreatMissingData                 string            `json:"TreatMissingData"`
	EvaluateLowSampleCountPercentile string            `json:"EvaluateLowSampleCountPercentile"`
}

type snsMessage struct {
	AlarmName                          string      `json:"AlarmName"`
	AlarmDescription                   *string     `json:"AlarmDescription"`
	AWSAccountID                       string      `json:"AWSAccountId"`
	AlarmConfigurationUpdatedTimestamp string      `json:"AlarmConfigurationUpdatedTimestamp"`
	NewStateValue                      alarm.State `json:"NewStateValue"`
	NewStateReason                     string      `json:"NewStateReason"`
	StateChangeTime                    string      `json:"StateChangeTime"`
	Region                             string      `json:"Region"`
	AlarmArn                           string      `json:"AlarmArn"`
	OldStateValue                      alarm.State `json:"OldStateValue"`
	OKActions                          []string    `json:"OKActions"`
	AlarmActions                       []string    `json:"AlarmActions"`
	InsufficientDataActions            []string    `json:"InsufficientDataActions"`
	Trigger                            snsTrigger  `json:"Trigger"`
}

// SNSMessage renders the compact JSON alarm object CloudWatch publishes to SNS when alarm a
// changes state as ev says: the string in the SNS envelope's Message. Its
// AlarmConfigurationUpdatedTimestamp is the alarm's (Status), never a zero time: an alarm
// that has not been dated yet (no clock, no instant given) takes ev's time.
func SNSMessage(a *alarm.Alarm, ev alarm.ActionEvent, env Environment) ([]byte, error) {
	cfg := a.Config()
	configured := a.Status().AlarmConfigurationUpdatedTimestamp
	if configured.IsZero() {
		configured = ev.Timestamp
	}
	missing := cfg.TreatMissingData
	if missing == "" {
		missing = alarm.Missing
	}
	msg := snsMessage{
		AlarmName:                          cfg.Name,
		AWSAccountID:                       env.AccountID,
		AlarmConfigurationUpdatedTimestamp: formatTime(configured),
		NewStateValue:                      ev.NewState,
		NewStateReason:                     ev.Reason,
		StateChangeTime:                    formatTime(ev.Timestamp),
		Region:                             regionName(env.Region),
		AlarmArn:                           "arn:aws:cloudwatch:" + env.Region + ":" + env.AccountID + ":alarm:" + cfg.Name,
		OldStateValue:                      ev.OldState,
		OKActions:                          nonNil(cfg.OKActions),
		AlarmActions:                       nonNil(cfg.AlarmActions),
		InsufficientDataActions:            nonNil(cfg.InsufficientDataActions),
		Trigger: snsTrigger{
			MetricName: cfg.MetricName, Namespace: cfg.Namespace,
			Dimensions:                       []snsDimension{},
			Period:                           int(cfg.Period / time.Second),
			EvaluationPeriods:                cfg.EvaluationPeriods,
			DatapointsToAlarm:                cfg.DatapointsToAlarm,
			ComparisonOperator:               string(cfg.ComparisonOperator),
			Threshold:                        numfmt.JSONDouble(cfg.Threshold),
			TreatMissingData:                 string(missing),
			EvaluateLowSampleCountPercentile: string(cfg.EvaluateLowSampleCountPercentile),
		},
	}
	if cfg.Description != "" {
		msg.AlarmDescription = &cfg.Description
	}
	if cfg.Unit != "" {
		msg.Trigger.Unit = &cfg.Unit
	}
	if cfg.ExtendedStatistic != "" {
		msg.Trigger.StatisticType, msg.Trigger.ExtendedStatistic = "ExtendedStatistic", string(cfg.ExtendedStatistic)
	} else {
		msg.Trigger.StatisticType, msg.Trigger.Statistic = "Statistic", snsStatistic(string(cfg.Statistic))
	}
	for _, d := range metric.NewSeriesKey("", "", cfg.Dimensions, "").Dimensions { // sorted by name
		msg.Trigger.Dimensions = append(msg.Trigger.Dimensions, snsDimension{Value: d.Value, Name: d.Name})
	}
	// AWS does not escape <, > and & ("OK -> ALARM").
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(msg); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// SNSSubject is the notification subject, e.g. `ALARM: "cpu-high" in US West (Oregon)`.
func SNSSubject(ev alarm.ActionEvent, region string) string {
	name := ev.AlarmName
	prefix := string(ev.NewState) + `: "`
	suffix := `" in ` + regionName(region)
	if max := 100 - len(prefix) - len(suffix); len(name) > max && max > 3 {
		name = name[:max-3] + "..."
	}
	return prefix + name + suffix
}

func regionName(code string) string {
	if n, ok := regionNames[code]; ok {
		return n
	}
	return code
}

// snsStatistic upper-cases with underscores: SampleCount → SAMPLE_COUNT.
func snsStatistic(s string) string {
	var b strings.Builder
	for i, r := range s {
		if i > 0 && r >= 'A' && r <= 'Z' {
			b.WriteByte('_')
		}
		b.WriteRune(r)
	}
	return strings.ToUpper(b.String())
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return slices.Clone(s)
}

func formatTime(t time.Time) string { return t.UTC().Format(alarm.TimeLayout) }
