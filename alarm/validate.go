package alarm

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/cwfilter/cwfilter/metric"
)

// ValidationError reports an invalid alarm definition, like PutMetricAlarm's ValidationError
// (§9.1; the texts are ours, D-40).
type ValidationError struct {
	Code    string // always "ValidationError"
	Field   string // the offending parameter, e.g. "Period"
	Message string
}

func (e *ValidationError) Error() string { return e.Message }

func invalid(field, format string, args ...any) *ValidationError {
	return &ValidationError{Code: "ValidationError", Field: field, Message: fmt.Sprintf(format, args...)}
}

const maxActions = 5

// compiled is the validated, pre-digested form of a Config used on the hot path.
type compiled struct {
	period   time.Duration
	n, m     int
	rangeLen int
	stat     metric.Statistic
	op       ComparisonOperator
	missing  TreatMissingData // effective: Ignore for AWS/DynamoDB
	lowIgn   bool             // EvaluateLowSampleCountPercentile = ignore
	actions  bool
	location *time.Location // WallClock only
	series   metric.SeriesKey
}

// validate checks cfg as PutMetricAlarm would and returns its compiled form.
func validate(cfg *Config) (compiled, error) {
	var c compiled
	if err := checkName("Name", cfg.Name); err != nil {
		return c, err
	}
	if err := checkName("Namespace", cfg.Namespace); err != nil {
		return c, err
	}
	if err := checkName("MetricName", cfg.MetricName); err != nil {
		return c, err
	}
	for k, v := range cfg.Dimensions {
		if k == "" || v == "" {
			return c, invalid("Dimensions", "dimension names and values must not be empty (%q=%q)", k, v)
		}
	}
	if len(cfg.Dimensions) > 30 {
		return c, invalid("Dimensions", "at most 30 dimensions are allowed, got %d", len(cfg.Dimensions))
	}

	p := cfg.Period
	secs := int64(p / time.Second)
	if p%time.Second != 0 || !(secs == 10 || secs == 20 || secs == 30 || (secs > 0 && secs%60 == 0)) {
		return c, invalid("Period", "Period must be 10, 20, 30 or a positive multiple of 60 seconds, got %v", p)
	}
	n := cfg.EvaluationPeriods
	if n < 1 {
		return c, invalid("EvaluationPeriods", "EvaluationPeriods must be at least 1, got %d", n)
	}
	limit := int64(86400)
	if secs >= 3600 {
		limit = 604800
	}
	if int64(n) > limit/secs {
		return c, invalid("EvaluationPeriods", "Period × EvaluationPeriods must not exceed %d seconds, got %d × %d", limit, secs, n)
	}
	m := cfg.DatapointsToAlarm
	if m == 0 {
		m = n
	}
	if m < 1 || m > n {
		return c, invalid("DatapointsToAlarm", "DatapointsToAlarm must be between 1 and EvaluationPeriods (%d), got %d", n, cfg.DatapointsToAlarm)
	}
	if math.IsNaN(cfg.Threshold) || math.IsInf(cfg.Threshold, 0) {
		return c, invalid("Threshold", "Threshold must be a finite number")
	}
	if !cfg.ComparisonOperator.Valid() {
		return c, invalid("ComparisonOperator", "ComparisonOperator %q is not supported (static threshold operators only)", cfg.ComparisonOperator)
	}

	stat, err := checkStatistic(cfg)
	if err != nil {
		return c, err
	}
	missing := cfg.TreatMissingData
	if !missing.Valid() {
		return c, invalid("TreatMissingData", "TreatMissingData must be missing, ignore, breaching or notBreaching, got %q", missing)
	}
	if missing == "" {
		missing = Missing
	}
	if cfg.Namespace == dynamoDBNamespace {
		// AWS/DynamoDB metrics always ignore missing data (§9.1); the configured value stays
		// in the Config and in notifications.
		missing = Ignore
	}
	switch low := cfg.EvaluateLowSampleCountPercentile; {
	case !low.Valid():
		return c, invalid("EvaluateLowSampleCountPercentile", "EvaluateLowSampleCountPercentile must be evaluate or ignore, got %q", low)
	case low != "" && stat.Kind != metric.Percentile:
		return c, invalid("EvaluateLowSampleCountPercentile", "EvaluateLowSampleCountPercentile is only valid with a percentile ExtendedStatistic")
	}
	if err := checkActions(cfg); err != nil {
		return c, err
	}
	r := cfg.EvaluationRange
	if r == 0 {
		r = n + 2
	}
	if r < n {
		return c, invalid("EvaluationRange", "EvaluationRange must be at least EvaluationPeriods (%d), got %d", n, cfg.EvaluationRange)
	}
	var loc *time.Location
	if cfg.EvaluationWindow.WallClock {
		switch secs {
		case 60, 300, 3600, 86400, 604800:
		default:
			return c, invalid("EvaluationWindow", "a WallClock evaluation window needs a Period of 60, 300, 3600, 86400 or 604800 seconds, got %v", p)
		}
		if loc, err = parseZone(cfg.EvaluationWindow.Timezone); err != nil {
			return c, err
		}
	} else if cfg.EvaluationWindow.Timezone != "" {
		return c, invalid("EvaluationWindow", "a Timezone is only valid with a WallClock evaluation window")
	}

	return compiled{
		period: p, n: n, m: m, rangeLen: r, stat: stat,
		op: cfg.ComparisonOperator, missing: missing,
		lowIgn:   cfg.EvaluateLowSampleCountPercentile == LowSampleIgnore,
		actions:  cfg.ActionsEnabled == nil || *cfg.ActionsEnabled,
		location: loc,
		series:   metric.NewSeriesKey(cfg.Namespace, cfg.MetricName, cfg.Dimensions, cfg.Unit),
	}, nil
}

func checkName(field, v string) error {
	if n := utf8.RuneCountInString(v); n < 1 || n > 255 {
		return invalid(field, "%s must be 1 to 255 characters long, got %d", field, n)
	}
	return nil
}

// checkStatistic requires exactly one of Statistic and ExtendedStatistic, one its Valid
// accepts, and returns it parsed.
func checkStatistic(cfg *Config) (metric.Statistic, error) {
	switch {
	case cfg.Statistic != "" && cfg.ExtendedStatistic != "":
		return metric.Statistic{}, invalid("Statistic", "Statistic and ExtendedStatistic are mutually exclusive")
	case cfg.Statistic == "" && cfg.ExtendedStatistic == "":
		return metric.Statistic{}, invalid("Statistic", "one of Statistic or ExtendedStatistic is required")
	case cfg.Statistic != "" && !cfg.Statistic.Valid():
		return metric.Statistic{}, invalid("Statistic", "Statistic must be SampleCount, Sum, Average, Minimum or Maximum, got %q", cfg.Statistic)
	case cfg.ExtendedStatistic != "" && !cfg.ExtendedStatistic.Valid():
		return metric.Statistic{}, invalid("ExtendedStatistic", "ExtendedStatistic must be a percentile p0 to p100 with at most 10 decimals, got %q", cfg.ExtendedStatistic)
	}
	name := string(cfg.Statistic)
	if name == "" {
		name = string(cfg.ExtendedStatistic)
	}
	s, _ := metric.ParseStatistic(name) // a valid name parses
	return s, nil
}

func checkActions(cfg *Config) error {
	lists := []struct {
		field string
		list  []string
	}{{"AlarmActions", cfg.AlarmActions}, {"OKActions", cfg.OKActions}, {"InsufficientDataActions", cfg.InsufficientDataActions}}
	for _, l := range lists {
		if len(l.list) > maxActions {
			return invalid(l.field, "%s may hold at most %d actions, got %d", l.field, maxActions, len(l.list))
		}
		for _, a := range l.list {
			if n := utf8.RuneCountInString(a); n < 1 || n > 1024 {
				return invalid(l.field, "%s entries must be 1 to 1024 characters long", l.field)
			}
		}
	}
	return nil
}

// loadLocation is time.LoadLocation; tests replace it to simulate a machine without a zone database.
var loadLocation = time.LoadLocation

// dynamoDBNamespace is the namespace whose alarms always ignore missing data (§9.1).
const dynamoDBNamespace = "AWS/DynamoDB"

// offsetZone is a fixed offset, bare (+05:30) or offset-prefixed (UTC+05:30).
var offsetZone = regexp.MustCompile(`^(?:UTC)?([+-])(\d\d):(\d\d)$`)

// parseZone accepts a WallClock Timezone (§9.1): an IANA zone name, a ±hh:mm offset or
// UTC±hh:mm, at most 50 characters, offsets on 5-minute steps up to 14 hours (D-92); "" is UTC.
func parseZone(tz string) (*time.Location, error) {
	if tz == "" {
		return time.UTC, nil
	}
	if len(tz) > 50 {
		return nil, invalid("EvaluationWindow", "Timezone must be 1 to 50 characters long, got %d", len(tz))
	}
	if m := offsetZone.FindStringSubmatch(tz); m != nil {
		h, _ := strconv.Atoi(m[2])
		mm, _ := strconv.Atoi(m[3])
		if mm > 59 || h*60+mm > 14*60 || mm%5 != 0 {
			return nil, invalid("EvaluationWindow", "Timezone offset %q must be at most 14:00 and a multiple of 5 minutes", tz)
		}
		off := (h*60 + mm) * 60
		if m[1] == "-" {
			off = -off
		}
		return time.FixedZone(tz, off), nil
	}
	loc, err := loadLocation(tz)
	if err == nil {
		return loc, nil
	}
	if _, probe := loadLocation("America/New_York"); probe != nil {
		// Not an unknown name: this machine has no zone database at all.
		return nil, invalid("EvaluationWindow", "cannot load Timezone %q: no time zone database is available; "+
			"the program can embed one with import _ \"time/tzdata\" (or set ZONEINFO), or use an offset such as UTC+05:30", tz)
	}
	return nil, invalid("EvaluationWindow", "unknown Timezone %q (an IANA name such as America/New_York, +05:30 or UTC+05:30)", tz)
}
