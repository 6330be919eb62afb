package alarm

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func validConfig() Config {
	return Config{
		Name: "cpu-high", Namespace: "AWS/EC2", MetricName: "CPUUtilization",
		Dimensions: map[string]string{"InstanceId": "i-123"},
		Period:     5 * time.Minute, EvaluationPeriods: 3, Threshold: 80,
		ComparisonOperator: GreaterThanThreshold, Statistic: "Average",
	}
}

func TestNewValidation(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(*Config)
		field string // "" = valid
	}{
		{"valid", func(*Config) {}, ""},
		{"empty name", func(c *Config) { c.Name = "" }, "Name"},
		{"long name", func(c *Config) { c.Name = string(make([]byte, 256)) }, "Name"},
		{"no namespace", func(c *Config) { c.Namespace = "" }, "Namespace"},
		{"no metric", func(c *Config) { c.MetricName = "" }, "MetricName"},
		{"empty dimension value", func(c *Config) { c.Dimensions = map[string]string{"k": ""} }, "Dimensions"},
		{"period 10s", func(c *Config) { c.Period = 10 * time.Second }, ""},
		{"period 20s", func(c *Config) { c.Period = 20 * time.Second }, ""},
		{"period 30s", func(c *Config) { c.Period = 30 * time.Second }, ""},
		{"period 15s", func(c *Config) { c.Period = 15 * time.Second }, "Period"},
		{"period 90s", func(c *Config) { c.Period = 90 * time.Second }, "Period"},
		{"period 1.5s", func(c *Config) { c.Period = 1500 * time.Millisecond }, "Period"},
		{"period 0", func(c *Config) { c.Period = 0 }, "Period"},
		{"period 1 day", func(c *Config) { c.Period = 24 * time.Hour; c.EvaluationPeriods = 7 }, ""},
		{"N 0", func(c *Config) { c.EvaluationPeriods = 0 }, "EvaluationPeriods"},
		{"N*P = 1 day", func(c *Config) { c.Period = time.Minute; c.EvaluationPeriods = 1440 }, ""},
		{"N*P > 1 day", func(c *Config) { c.Period = time.Minute; c.EvaluationPeriods = 1441 }, "EvaluationPeriods"},
		{"N*P = 7 days for hourly", func(c *Config) { c.Period = time.Hour; c.EvaluationPeriods = 168 }, ""},
		{"N*P > 7 days", func(c *Config) { c.Period = time.Hour; c.EvaluationPeriods = 169 }, "EvaluationPeriods"},
		{"M > N", func(c *Config) { c.DatapointsToAlarm = 4 }, "DatapointsToAlarm"},
		{"M < 0", func(c *Config) { c.DatapointsToAlarm = -1 }, "DatapointsToAlarm"},
		{"M = N", func(c *Config) { c.DatapointsToAlarm = 3 }, ""},
		{"NaN threshold", func(c *Config) { c.Threshold = math.NaN() }, "Threshold"},
		{"each operator", func(c *Config) { c.ComparisonOperator = LessThanOrEqualToThreshold }, ""},
		{"anomaly operator", func(c *Config) { c.ComparisonOperator = "LessThanLowerOrGreaterThanUpperThreshold" }, "ComparisonOperator"},
		{"no statistic", func(c *Config) { c.Statistic = "" }, "Statistic"},
		{"both statistics", func(c *Config) { c.ExtendedStatistic = "p99" }, "Statistic"},
		{"bad statistic", func(c *Config) { c.Statistic = "Median" }, "Statistic"},
		{"percentile as Statistic", func(c *Config) { c.Statistic = "p99" }, "Statistic"},
		{"p99.9", func(c *Config) { c.Statistic, c.ExtendedStatistic = "", "p99.9" }, ""},
		{"p0 and p100", func(c *Config) { c.Statistic, c.ExtendedStatistic = "", "p100" }, ""},
		{"p100.1", func(c *Config) { c.Statistic, c.ExtendedStatistic = "", "p100.1" }, "ExtendedStatistic"},
		{"P99", func(c *Config) { c.Statistic, c.ExtendedStatistic = "", "P99" }, "ExtendedStatistic"},
		{"11 decimals", func(c *Config) { c.Statistic, c.ExtendedStatistic = "", "p99.12345678901" }, "ExtendedStatistic"},
		{"tm99", func(c *Config) { c.Statistic, c.ExtendedStatistic = "", "tm99" }, "ExtendedStatistic"},
		{"missing mode", func(c *Config) { c.TreatMissingData = NotBreaching }, ""},
		{"bad missing mode", func(c *Config) { c.TreatMissingData = "NotBreaching" }, "TreatMissingData"},
		{"low sample on Average", func(c *Config) { c.EvaluateLowSampleCountPercentile = LowSampleIgnore }, "EvaluateLowSampleCountPercentile"},
		{"low sample on p90", func(c *Config) {
			c.Statistic, c.ExtendedStatistic, c.EvaluateLowSampleCountPercentile = "", "p90", LowSampleIgnore
		}, ""},
		{"bad low sample", func(c *Config) {
			c.Statistic, c.ExtendedStatistic, c.EvaluateLowSampleCountPercentile = "", "p90", "skip"
		}, "EvaluateLowSampleCountPercentile"},
		{"5 actions", func(c *Config) { c.AlarmActions = []string{"a", "b", "c", "d", "e"} }, ""},
		{"6 actions", func(c *Config) { c.OKActions = []string{"a", "b", "c", "d", "e", "f"} }, "OKActions"},
		{"empty action", func(c *Config) { c.InsufficientDataActions = []string{""} }, "InsufficientDataActions"},
		{"range < N", func(c *Config) { c.EvaluationRange = 2 }, "EvaluationRange"},
		{"range = N", func(c *Config) { c.EvaluationRange = 3 }, ""},
		{"wallclock offset", func(c *Config) { c.EvaluationWindow = EvaluationWindow{WallClock: true, Timezone: "-03:30"} }, ""},
		{"wallclock UTC", func(c *Config) { c.EvaluationWindow = EvaluationWindow{WallClock: true} }, ""},
		{"bad zone", func(c *Config) { c.EvaluationWindow = EvaluationWindow{WallClock: true, Timezone: "Mars/Olympus"} }, "EvaluationWindow"},
		{"zone without wallclock", func(c *Config) { c.EvaluationWindow = EvaluationWindow{Timezone: "+01:00"} }, "EvaluationWindow"},
		{"actions disabled", func(c *Config) { c.ActionsEnabled = Bool(false) }, ""},
		// WallClock windows (§9.1, API_WallClockWindow): five periods, three zone forms, offsets
		// on 5-minute steps, 1–50 characters.
		{"wallclock 60s", wallClock(60, ""), ""},
		{"wallclock 300s", wallClock(300, ""), ""},
		{"wallclock 3600s", wallClock(3600, ""), ""},
		{"wallclock 86400s", wallClock(86400, ""), ""},
		{"wallclock 604800s", func(c *Config) { wallClock(604800, "")(c); c.EvaluationPeriods = 1 }, ""},
		{"wallclock 120s", wallClock(120, ""), "EvaluationWindow"},
		{"wallclock 600s", wallClock(600, ""), "EvaluationWindow"},
		{"wallclock 10s", wallClock(10, ""), "EvaluationWindow"},
		{"wallclock 2 days", func(c *Config) { wallClock(172800, "")(c); c.EvaluationPeriods = 1 }, "EvaluationWindow"},
		{"zone +05:30", wallClock(300, "+05:30"), ""},
		{"zone UTC+05:30", wallClock(300, "UTC+05:30"), ""},
		{"zone UTC-03:45", wallClock(300, "UTC-03:45"), ""},
		{"zone IANA", wallClock(3600, "America/New_York"), ""},
		{"zone IANA UTC", wallClock(3600, "UTC"), ""},
		{"zone +05:07", wallClock(300, "+05:07"), "EvaluationWindow"},
		{"zone UTC+05:07", wallClock(300, "UTC+05:07"), "EvaluationWindow"},
		{"zone +15:00", wallClock(300, "+15:00"), "EvaluationWindow"},
		{"zone utc+05:30", wallClock(300, "utc+05:30"), "EvaluationWindow"},
		{"zone 51 characters", wallClock(300, "America/"+strings.Repeat("x", 43)), "EvaluationWindow"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := validConfig()
			tc.edit(&cfg)
			a, err := New(cfg)
			if tc.field == "" {
				require.NoError(t, err)
				assert.Equal(t, InsufficientData, a.State())
				assert.Equal(t, "Unchecked: Initial alarm creation", a.Status().Reason)
				return
			}
			var ve *ValidationError
			require.True(t, errors.As(err, &ve), "want *ValidationError, got %v", err)
			assert.Equal(t, "ValidationError", ve.Code)
			assert.Equal(t, tc.field, ve.Field)
			assert.Equal(t, ve.Message, err.Error())
			assert.Nil(t, a)
		})
	}
}

func wallClock(periodSecs int, zone string) func(*Config) {
	return func(c *Config) {
		c.Period = time.Duration(periodSecs) * time.Second
		c.EvaluationWindow = EvaluationWindow{WallClock: true, Timezone: zone}
	}
}

// Without a time zone database an IANA name fails with an error that names the fix; offsets
// need no database.
func TestWallClockWithoutZoneDatabase(t *testing.T) {
	defer func(orig func(string) (*time.Location, error)) { loadLocation = orig }(loadLocation)
	loadLocation = func(name string) (*time.Location, error) {
		if name == "UTC" {
			return time.UTC, nil
		}
		return nil, errors.New("unknown time zone " + name)
	}
	cfg := validConfig()
	wallClock(3600, "Europe/Paris")(&cfg)
	_, err := New(cfg)
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "EvaluationWindow", ve.Field)
	assert.Contains(t, ve.Message, `"Europe/Paris"`)
	assert.Contains(t, ve.Message, "no time zone database")
	assert.Contains(t, ve.Message, `import _ "time/tzdata"`)

	wallClock(3600, "UTC+05:30")(&cfg)
	_, err = New(cfg)
	require.NoError(t, err)
}

func TestUpdateKeepsState(t *testing.T) {
	fired := 0
	cfg := validConfig()
	cfg.Sink = ActionFunc(func(ActionEvent) { fired++ })
	cfg.AlarmActions = []string{"a"}
	a, err := New(cfg)
	require.NoError(t, err)
	_, err = a.SetAlarmState(Alarming, "manual", time.Now())
	require.NoError(t, err)
	require.Equal(t, 1, fired)

	cfg.Threshold = 90
	require.NoError(t, a.Update(cfg))
	assert.Equal(t, Alarming, a.State())
	assert.Equal(t, 90.0, a.Config().Threshold)
	assert.Equal(t, 1, fired, "updating fires nothing (ST6)")

	cfg.Name = "other"
	require.Error(t, a.Update(cfg))
	cfg.Name, cfg.Period = "cpu-high", 7*time.Second
	require.Error(t, a.Update(cfg))
}

func TestSetAlarmStateRejectsUnknownState(t *testing.T) {
	a, err := New(validConfig())
	require.NoError(t, err)
	_, err = a.SetAlarmState("BROKEN", "x", time.Now())
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "StateValue", ve.Field)
}

// The enum-like Config fields are typed with AWS's spellings: Valid answers what New accepts,
// so a value read at run time (a flag, a file) can be checked where it is read.
func TestEnumValid(t *testing.T) {
	assert.True(t, GreaterThanThreshold.Valid())
	assert.False(t, ComparisonOperator("GreaterThan").Valid())
	assert.False(t, ComparisonOperator("LessThanLowerOrGreaterThanUpperThreshold").Valid(), "anomaly operators are out of scope (D-37)")
	assert.True(t, TreatMissingData("").Valid(), `"" is the default, missing`)
	assert.True(t, NotBreaching.Valid())
	assert.False(t, TreatMissingData("NotBreaching").Valid(), "case matters, as in PutMetricAlarm")
	assert.True(t, LowSampleIgnore.Valid())
	assert.False(t, LowSampleCountPercentile("skip").Valid())
	for _, s := range []Statistic{SampleCount, Sum, Average, Minimum, Maximum} {
		assert.True(t, s.Valid(), s)
	}
	assert.False(t, Statistic("p99").Valid(), "a percentile is an ExtendedStatistic")
	assert.False(t, Statistic("Median").Valid())
	assert.Equal(t, ExtendedStatistic("p99.9"), Percentile(99.9))
	assert.Equal(t, ExtendedStatistic("p50"), Percentile(50))
	assert.True(t, Percentile(99.9).Valid())
	assert.True(t, Percentile(0).Valid())
	assert.False(t, Percentile(100.5).Valid())
	assert.False(t, Percentile(-1).Valid())
	assert.False(t, ExtendedStatistic("tm99").Valid())

	// The typed constants and untyped literals both still read like PutMetricAlarm.
	_, err := New(Config{Name: "n", Namespace: "N", MetricName: "M", Period: time.Minute, EvaluationPeriods: 1,
		ComparisonOperator: "GreaterThanThreshold", ExtendedStatistic: Percentile(99), TreatMissingData: "notBreaching"})
	require.NoError(t, err)
}
