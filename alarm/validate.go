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
	op       string
	missing  string
	lowIgn   bool // EvaluateLowSampleCountPercentile = ignore
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
	switch cfg.ComparisonOperator {
	case GreaterThanOrEqualToThreshold, GreaterThanThreshold, LessThanThreshold, LessThanOrEqualToThreshold:
	default:
		return c, invalid("ComparisonOperator", "ComparisonOperator %q is not supported (static threshold operators only)", cfg.ComparisonOperator)
	}

	stat, err := checkStatistic(cfg)
	if err != nil {
		return c, err
	}
	missing := cfg.TreatMissingData
	switch missing {
	case "":
		missing = Missing
	case Missing, Ignore, Breaching, NotBreaching:
	default:
		return c, invalid("TreatMissingData", "TreatMissingData must be missing, ignore, breaching or notBreaching, got %q", missing)
	}
	switch cfg.EvaluateLowSampleCountPercentile {
	case "", LowSampleEvaluate, LowSampleIgnore:
		if cfg.EvaluateLowSampleCountPercentile != "" && stat.Kind != metric.Percentile {
			return c, invalid("EvaluateLowSampleCountPercentile", "EvaluateLowSampleCountPercentile is only valid with a percentile ExtendedStatistic")
		}
	default:
		return c, invalid("EvaluateLowSampleCountPercentile", "EvaluateLowSampleCountPercentile must be evaluate or ignore, got %q", cfg.EvaluateLowSampleCountPercentile)
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

func checkStatistic(cfg *Config) (metric.Statistic, error) {
	switch {
	case cfg.Statistic != "" && cfg.ExtendedStatistic != "":
		return metric.Statistic{}, invalid("Statistic", "Statistic and ExtendedStatistic are mutually exclusive")
	case cfg.Statistic == "" && cfg.ExtendedStatistic == "":
		return metric.Statistic{}, invalid("Statistic", "one of Statistic or ExtendedStatistic is required")
	case cfg.Statistic != "":
		s, ok := metric.ParseStatistic(cfg.Statistic)
		if !ok || s.Kind == metric.Percentile {
			return s, invalid("Statistic", "Statistic must be SampleCount, Sum, Average, Minimum or Maximum, got %q", cfg.Statistic)
		}
		return s, nil
	default:
		s, ok := metric.ParseStatistic(cfg.ExtendedStatistic)
		if !ok || s.Kind != metric.Percentile {
			return s, invalid("ExtendedStatistic", "ExtendedStatistic must be a percentile p0 to p100 with at most 10 decimals, got %q", cfg.ExtendedStatistic)
		}
		return s, nil
	}
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

var offsetZone = regexp.MustCompile(`^([+-])(\d\d):(\d\d)$`)

// parseZone accepts an IANA zone name or a ±hh:mm offset; "" is UTC.
func parseZone(tz string) (*time.Location, error) {
	if tz == "" {
		return time.UTC, nil
	}
	if m := offsetZone.FindStringSubmatch(tz); m != nil {
		h, _ := strconv.Atoi(m[2])
		mm, _ := strconv.Atoi(m[3])
		if h > 14 || mm > 59 {
			return nil, invalid("EvaluationWindow", "invalid timezone offset %q", tz)
		}
		off := (h*60 + mm) * 60
		if m[1] == "-" {
			off = -off
		}
		return time.FixedZone(tz, off), nil
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return nil, invalid("EvaluationWindow", "unknown timezone %q", tz)
	}
	return loc, nil
}
