package alarm

import (
	"context"
	"time"
)

// Driver evaluates a Registry on a schedule. Time comes from the caller — a ticker in
// production, a replayed timeline in tests — so nothing here sleeps.
type Driver struct {
	Registry *Registry
	Source   Source
	// OnTransition, if set, receives every transition of every Step.
	OnTransition func(Transition)
}

// Step evaluates every alarm at now (each truncated to its own grid) and the composites
// affected, and returns the transitions.
func (d *Driver) Step(now time.Time) []Transition {
	tr := d.Registry.Evaluate(now, d.Source)
	if d.OnTransition != nil {
		for _, t := range tr {
			d.OnTransition(t)
		}
	}
	return tr
}

// Run steps at every instant received from ticks until ticks is closed or ctx is done, e.g.
// d.Run(ctx, time.NewTicker(time.Minute).C).
func (d *Driver) Run(ctx context.Context, ticks <-chan time.Time) error {
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case now, ok := <-ticks:
			if !ok {
				return nil
			}
			d.Step(now)
		}
	}
}

// Replay steps at from, from+every, … up to and including to, and returns all transitions.
// every defaults to one minute, CloudWatch's evaluation interval (use 10 s for
// high-resolution alarms).
func (d *Driver) Replay(from, to time.Time, every time.Duration) []Transition {
	if every <= 0 {
		every = time.Minute
	}
	var out []Transition
	for t := from; !t.After(to); t = t.Add(every) {
		out = append(out, d.Step(t)...)
	}
	return out
}
