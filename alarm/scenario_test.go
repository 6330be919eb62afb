package alarm

// Scenario files: alarm tests as data (testdata/alarm/*.txt), modelled on Prometheus promqltest.
//
// One directive per line; '#' starts a comment line; blank lines are ignored. Times are
// "HH:MM" or "HH:MM:SS[.fff]" on the start date (UTC), "+<duration>" after the start instant,
// or RFC 3339.
//
//	alarm key=value ...        define the alarm (first directive). Keys:
//	                           name ns metric unit dims=k:v,k:v period=5m|300 n m threshold
//	                           op=>=|>|<|<=|<full name> stat=Sum|Average|…|p99 missing=missing|ignore|
//	                           breaching|notBreaching lowsample=evaluate|ignore range=R
//	                           wallclock=<zone> actions=on|off alarm-actions=a,b ok-actions=…
//	                           insufficient-actions=…
//	start <RFC 3339>           the start instant (default 2026-11-23T10:00:00Z)
//	load <time> <step> <vals>  add one sample per value at time, time+step, …
//	eval <time> <STATE> [flag] Evaluate at time from the loaded samples; expect STATE
//	window <vals> => <STATE> [flag]
//	                           EvaluateWindow over an explicit range, oldest first; period k
//	                           starts at start + k·Period
//	set <STATE> <reason…>      SetAlarmState at the last evaluation instant
//	restore                    Snapshot the alarm, build a fresh one from the config, Restore it
//	reason <text>              the exact reason after the previous eval/window/set
//	reason-has <text>          the reason contains text (for the forms §9.7 tags D-46:
//	                           tests assert only the [OBS] forms exactly)
//	reason-data <json>         Status().ReasonData rendered as JSON equals json (key order free)
//	lookback <n>               Evaluation.LookBack of the previous eval/window
//	fired <action>… | none     the actions the previous eval/window/set delivered, in order
//
// flag is "changed" (a transition), "same" (no transition, state decided) or "retained"
// (§9.4/§9.5 RETAIN). Without a flag only the state is checked.
//
// <vals> are space-separated: a number ("33", "-2.5"); "-" for a missing period / no sample;
// "-xN" for N of them; "a+bxN" / "a-bxN" for the N+1 values a, a±b, …, a±N·b (promqltest
// expansion); in window lines "v:c" gives the sample count c of a value (for §9.5).

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cwfilter/cwfilter/metric"

	"github.com/stretchr/testify/require"
)

func TestScenarios(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "testdata", "alarm", "*.txt"))
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(files), 21, "scenario files")
	for _, f := range files {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".txt"), func(t *testing.T) { runScenario(t, f) })
	}
}

// seriesVal is one value of a series notation.
type seriesVal struct {
	v       float64
	count   float64
	missing bool
}

var (
	expandRe  = regexp.MustCompile(`^(-?[0-9.]+)([+-])([0-9.]+)x([0-9]+)$`)
	missingRe = regexp.MustCompile(`^-x([0-9]+)$`)
)

func parseSeries(toks []string) ([]seriesVal, error) {
	var out []seriesVal
	for _, tok := range toks {
		if tok == "-" {
			out = append(out, seriesVal{missing: true})
			continue
		}
		if m := missingRe.FindStringSubmatch(tok); m != nil {
			n, _ := strconv.Atoi(m[1])
			for range n {
				out = append(out, seriesVal{missing: true})
			}
			continue
		}
		if m := expandRe.FindStringSubmatch(tok); m != nil {
			a, err1 := strconv.ParseFloat(m[1], 64)
			b, err2 := strconv.ParseFloat(m[3], 64)
			n, err3 := strconv.Atoi(m[4])
			if err1 != nil || err2 != nil || err3 != nil {
				return nil, fmt.Errorf("bad expansion %q", tok)
			}
			if m[2] == "-" {
				b = -b
			}
			for i := 0; i <= n; i++ {
				out = append(out, seriesVal{v: a + float64(i)*b})
			}
			continue
		}
		val, cnt, hasCount := strings.Cut(tok, ":")
		v, err := strconv.ParseFloat(val, 64)
		if err != nil {
			return nil, fmt.Errorf("bad value %q", tok)
		}
		sv := seriesVal{v: v}
		if hasCount {
			if sv.count, err = strconv.ParseFloat(cnt, 64); err != nil {
				return nil, fmt.Errorf("bad sample count %q", tok)
			}
		}
		out = append(out, sv)
	}
	return out, nil
}

func parseWhen(s string, start time.Time) (time.Time, error) {
	if d, ok := strings.CutPrefix(s, "+"); ok {
		dur, err := time.ParseDuration(d)
		return start.Add(dur), err
	}
	for _, layout := range []string{"15:04:05", "15:04"} {
		if t, err := time.Parse(layout, s); err == nil {
			y, mo, d := start.Date()
			return time.Date(y, mo, d, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC), nil
		}
	}
	return time.Parse(time.RFC3339Nano, s)
}

// scenarioConfig builds a Config from "key=value" words.
func scenarioConfig(words []string) (Config, error) {
	cfg := Config{Name: "test", Namespace: "Test", MetricName: "Requests", Statistic: "Sum", EvaluationPeriods: 1, Period: 5 * time.Minute}
	ops := map[string]ComparisonOperator{">=": GreaterThanOrEqualToThreshold, ">": GreaterThanThreshold, "<": LessThanThreshold, "<=": LessThanOrEqualToThreshold}
	cfg.ComparisonOperator = GreaterThanOrEqualToThreshold
	list := func(v string) []string { return strings.Split(v, ",") }
	for _, w := range words {
		k, v, ok := strings.Cut(w, "=")
		if !ok {
			return cfg, fmt.Errorf("expected key=value, got %q", w)
		}
		var err error
		switch k {
		case "name":
			cfg.Name = v
		case "ns":
			cfg.Namespace = v
		case "metric":
			cfg.MetricName = v
		case "unit":
			cfg.Unit = v
		case "dims":
			cfg.Dimensions = map[string]string{}
			for _, kv := range list(v) {
				dk, dv, _ := strings.Cut(kv, ":")
				cfg.Dimensions[dk] = dv
			}
		case "period":
			if secs, e := strconv.Atoi(v); e == nil {
				cfg.Period = time.Duration(secs) * time.Second
			} else {
				cfg.Period, err = time.ParseDuration(v)
			}
		case "n":
			cfg.EvaluationPeriods, err = strconv.Atoi(v)
		case "m":
			cfg.DatapointsToAlarm, err = strconv.Atoi(v)
		case "threshold":
			cfg.Threshold, err = strconv.ParseFloat(v, 64)
		case "op":
			cfg.ComparisonOperator = ComparisonOperator(v)
			if full, ok := ops[v]; ok {
				cfg.ComparisonOperator = full
			}
		case "stat":
			if strings.HasPrefix(v, "p") {
				cfg.Statistic, cfg.ExtendedStatistic = "", ExtendedStatistic(v)
			} else {
				cfg.Statistic = Statistic(v)
			}
		case "missing":
			cfg.TreatMissingData = TreatMissingData(v)
		case "lowsample":
			cfg.EvaluateLowSampleCountPercentile = LowSampleCountPercentile(v)
		case "range":
			cfg.EvaluationRange, err = strconv.Atoi(v)
		case "wallclock":
			cfg.EvaluationWindow = EvaluationWindow{WallClock: true, Timezone: v}
		case "actions":
			cfg.ActionsEnabled = Bool(v == "on")
		case "alarm-actions":
			cfg.AlarmActions = list(v)
		case "ok-actions":
			cfg.OKActions = list(v)
		case "insufficient-actions":
			cfg.InsufficientDataActions = list(v)
		default:
			return cfg, fmt.Errorf("unknown alarm key %q", k)
		}
		if err != nil {
			return cfg, fmt.Errorf("%s: %w", k, err)
		}
	}
	return cfg, nil
}

// scenario is the running state of one scenario file.
type scenario struct {
	t     *testing.T
	cfg   Config
	alarm *Alarm
	src   *MemorySource
	start time.Time
	last  Evaluation
	fired []string
}

func runScenario(t *testing.T, path string) {
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	s := &scenario{t: t, src: NewMemorySource(), start: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)}
	asserts := 0
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		n, err := s.do(text)
		require.NoError(t, err, "%s:%d: %s", path, line, text)
		asserts += n
	}
	require.NoError(t, sc.Err())
	require.NotNil(t, s.alarm, "%s: no alarm directive", path)
	require.Positive(t, asserts, "%s asserts nothing", path)
}

// do executes one directive and returns how many expectations it checked.
func (s *scenario) do(line string) (int, error) {
	cmd, rest, _ := strings.Cut(line, " ")
	words := strings.Fields(rest)
	if cmd != "alarm" && cmd != "start" && s.alarm == nil {
		return 0, fmt.Errorf("%s before alarm", cmd)
	}
	switch cmd {
	case "alarm":
		cfg, err := scenarioConfig(words)
		if err != nil {
			return 0, err
		}
		cfg.Sink = ActionFunc(func(ev ActionEvent) { s.fired = append(s.fired, ev.Action) })
		s.cfg = cfg
		s.alarm, err = New(cfg)
		return 0, err
	case "start":
		var err error
		s.start, err = time.Parse(time.RFC3339, rest)
		return 0, err
	case "load":
		if len(words) < 3 {
			return 0, fmt.Errorf("load <time> <step> <values>")
		}
		at, err := parseWhen(words[0], s.start)
		if err != nil {
			return 0, err
		}
		step, err := time.ParseDuration(words[1])
		if err != nil {
			return 0, err
		}
		vals, err := parseSeries(words[2:])
		if err != nil {
			return 0, err
		}
		key := metric.NewSeriesKey(s.cfg.Namespace, s.cfg.MetricName, s.cfg.Dimensions, s.cfg.Unit)
		for i, v := range vals {
			if !v.missing {
				s.src.Add(key, at.Add(time.Duration(i)*step), v.v)
			}
		}
		return 0, nil
	case "eval":
		if len(words) < 2 {
			return 0, fmt.Errorf("eval <time> <STATE> [flag]")
		}
		at, err := parseWhen(words[0], s.start)
		if err != nil {
			return 0, err
		}
		s.fired = nil
		s.last = s.alarm.Evaluate(at, s.src)
		return s.expect(words[1:])
	case "window":
		i := strings.Index(rest, "=>")
		if i < 0 {
			return 0, fmt.Errorf("window <values> => <STATE>")
		}
		vals, err := parseSeries(strings.Fields(rest[:i]))
		if err != nil {
			return 0, err
		}
		w := make([]Datapoint, len(vals))
		for k, v := range vals {
			w[k] = Datapoint{Timestamp: s.start.Add(time.Duration(k) * s.cfg.Period), Value: v.v, Missing: v.missing, SampleCount: v.count}
		}
		s.fired = nil
		s.last = s.alarm.EvaluateWindow(w)
		return s.expect(strings.Fields(rest[i+2:]))
	case "set":
		if len(words) < 1 {
			return 0, fmt.Errorf("set <STATE> <reason>")
		}
		s.fired = nil
		var err error
		reason := strings.TrimSpace(strings.TrimPrefix(rest, words[0]))
		s.last, err = s.alarm.SetAlarmState(State(words[0]), reason, s.last.Timestamp)
		return 0, err
	case "restore":
		snap, err := s.alarm.Snapshot()
		if err != nil {
			return 0, err
		}
		if s.alarm, err = New(s.cfg); err != nil {
			return 0, err
		}
		return 0, s.alarm.Restore(snap)
	case "reason":
		if s.last.Reason != rest {
			return 0, fmt.Errorf("reason:\n got  %s\n want %s", s.last.Reason, rest)
		}
		return 1, nil
	case "lookback":
		n, err := strconv.Atoi(rest)
		if err != nil {
			return 0, fmt.Errorf("lookback <n>: %w", err)
		}
		if s.last.LookBack != n {
			return 0, fmt.Errorf("lookback %d, want %d (reason %q)", s.last.LookBack, n, s.last.Reason)
		}
		return 1, nil
	case "reason-data":
		got, err := json.Marshal(s.alarm.Status().ReasonData)
		if err != nil {
			return 0, err
		}
		var g, w any
		if err := json.Unmarshal(got, &g); err != nil {
			return 0, err
		}
		if err := json.Unmarshal([]byte(rest), &w); err != nil {
			return 0, fmt.Errorf("reason-data: %w", err)
		}
		if !reflect.DeepEqual(g, w) {
			return 0, fmt.Errorf("reason-data:\n got  %s\n want %s", got, rest)
		}
		return 1, nil
	case "reason-has":
		if !strings.Contains(s.last.Reason, rest) {
			return 0, fmt.Errorf("reason %q does not contain %q", s.last.Reason, rest)
		}
		return 1, nil
	case "fired":
		want := words
		if len(want) == 1 && want[0] == "none" {
			want = nil
		}
		if strings.Join(s.fired, " ") != strings.Join(want, " ") {
			return 0, fmt.Errorf("fired %v, want %v", s.fired, want)
		}
		return 1, nil
	}
	return 0, fmt.Errorf("unknown directive %q", cmd)
}

// expect checks "<STATE> [flag]" against the last evaluation.
func (s *scenario) expect(words []string) (int, error) {
	if len(words) == 0 || len(words) > 2 {
		return 0, fmt.Errorf("expected <STATE> [changed|same|retained]")
	}
	ev := s.last
	if ev.State != State(words[0]) {
		return 0, fmt.Errorf("state %s (reason %q), want %s", ev.State, ev.Reason, words[0])
	}
	if len(words) == 2 {
		ok := false
		switch words[1] {
		case "changed":
			ok = ev.Changed
		case "same":
			ok = !ev.Changed && !ev.Retained
		case "retained":
			ok = !ev.Changed && ev.Retained
		default:
			return 0, fmt.Errorf("unknown flag %q", words[1])
		}
		if !ok {
			return 0, fmt.Errorf("want %s, got changed=%v retained=%v", words[1], ev.Changed, ev.Retained)
		}
	}
	return 1, nil
}
