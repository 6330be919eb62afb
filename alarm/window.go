package alarm

import (
	"time"

	"github.com/cwfilter/cwfilter/metric"
)

// Evaluate reads the evaluation range ending at now from src and calls EvaluateWindow
// (§9.3). now is truncated to the evaluation grid (whole minutes for Period ≥ 60 s,
// 10 s for high resolution). Evaluating the same grid instant again returns the previous
// result with Changed false; an instant earlier than the last one evaluates nothing and
// returns the current state (D-48).
func (a *Alarm) Evaluate(now time.Time, src Source) Evaluation {
	a.mu.Lock()
	a.see(now)
	t := gridInstant(now, a.c.period)
	if !a.lastEval.IsZero() && !t.After(a.lastEval) {
		ev := a.last
		if t.Before(a.lastEval) {
			ev = Evaluation{State: a.state, Reason: a.reason, Timestamp: a.lastEval}
		}
		ev.Changed, ev.Previous = false, a.state
		a.mu.Unlock()
		return ev
	}
	a.fill(t, src)
	ev, fire := a.evaluate(a.window, t, now)
	a.lastEval, a.last = t, ev
	a.mu.Unlock()
	fire.deliver(&ev)
	return ev
}

// gridInstant truncates now to the instants at which CloudWatch evaluates (UTC).
func gridInstant(now time.Time, period time.Duration) time.Time {
	if period >= time.Minute {
		return now.Truncate(time.Minute).UTC()
	}
	return now.Truncate(10 * time.Second).UTC()
}

// fill queries src for every period of the evaluation range ending at t.
func (a *Alarm) fill(t time.Time, src Source) {
	r := len(a.window)
	q := metric.Query{Series: a.c.series, Statistic: a.c.stat}
	if a.c.location != nil {
		t = wallClockBoundary(t, a.c.period, a.c.location)
	}
	q.End = a.periodStart(t, r) // the oldest period's start: the loop moves it to q.Start
	for k := 0; k < r; k++ {
		q.Start, q.End = q.End, a.periodStart(t, r-1-k)
		v, n, ok := src.Statistic(q)
		a.window[k] = Datapoint{Timestamp: q.Start, Value: v, Missing: !ok, SampleCount: n}
		if !ok {
			a.window[k].Value, a.window[k].SampleCount = 0, 0
		}
	}
}

// periodStart is the boundary k periods before end. Whole-day periods of a WallClock alarm
// step by calendar days so that they stay on local midnight across DST changes.
func (a *Alarm) periodStart(end time.Time, k int) time.Time {
	const day = 24 * time.Hour
	if a.c.location != nil && a.c.period%day == 0 {
		days := int(a.c.period / day)
		return end.In(a.c.location).AddDate(0, 0, -k*days).UTC()
	}
	return end.Add(-time.Duration(k) * a.c.period)
}

// wallClockBoundary is the latest period boundary ≤ t aligned in loc (§9.3): periods
// shorter than a day align from local midnight, whole days to local midnight and multiples of
// 7 days to Monday 00:00 (D-42), counting from the Monday 1970-01-05.
func wallClockBoundary(t time.Time, period time.Duration, loc *time.Location) time.Time {
	const day = 24 * time.Hour
	lt := t.In(loc)
	midnight := time.Date(lt.Year(), lt.Month(), lt.Day(), 0, 0, 0, 0, loc)
	if period < day || period%day != 0 {
		since := lt.Sub(midnight)
		return midnight.Add(since - since%period).UTC()
	}
	// Count calendar days from a local Monday so that week periods start on Mondays.
	epoch := time.Date(1970, 1, 5, 0, 0, 0, 0, loc)
	days := int(midnight.Sub(epoch).Round(time.Hour).Hours()) / 24
	step := int(period / day)
	back := days % step
	if back < 0 {
		back += step
	}
	return midnight.AddDate(0, 0, -back).UTC()
}
