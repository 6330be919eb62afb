package main

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// monitorInstants is the monitor's evaluation loop (replay.go: run and evaluateUntil) over
// events at the given minutes, in time order: the instants at which it evaluates.
func monitorInstants(minutes []time.Time, settle time.Duration) []time.Time {
	var out []time.Time
	next, lastData := minutes[0], minutes[0]
	evaluateUntil := func(until time.Time) {
		for ; !next.After(until); next = next.Add(time.Minute) {
			if next.After(lastData.Add(settle)) {
				next = until
			}
			out = append(out, next)
		}
	}
	for _, m := range minutes {
		evaluateUntil(m)
		lastData = m
	}
	evaluateUntil(lastData.Add(settle))
	return out
}

// eachInstant walks the monitor's schedule from the distinct minutes alone: event minutes with
// repeats, gaps shorter than, equal to and longer than settle, and random ones.
func TestEachInstantIsTheMonitorsSchedule(t *testing.T) {
	base := time.Date(2024, 2, 8, 9, 0, 0, 0, time.UTC)
	at := func(mins ...int) []time.Time {
		out := make([]time.Time, len(mins))
		for i, m := range mins {
			out[i] = base.Add(time.Duration(m) * time.Minute)
		}
		return out
	}
	cases := [][]time.Time{
		at(0), at(0, 0, 0), at(0, 1, 2), at(0, 15), at(0, 16), at(0, 17), at(0, 20), at(0, 21), at(0, 100, 100, 101),
		at(-30, -29, 500),
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		var mins []int
		for m, n := 0, 1+rng.IntN(30); n > 0; n-- {
			m += rng.IntN(40)
			mins = append(mins, m)
		}
		cases = append(cases, at(mins...))
	}
	for _, wallClock := range []bool{false, true} {
		s := settle(wallClock)
		for _, events := range cases {
			var distinct []int64
			for _, m := range events {
				distinct = append(distinct, m.Unix())
			}
			distinct = slices.Compact(distinct)
			var got []time.Time
			assert.NoError(t, eachInstant(distinct, s, func(t time.Time) error { got = append(got, t); return nil }))
			assert.Equal(t, monitorInstants(events, s), got, "events at %v, settle %v", events, s)
		}
	}
}

// The minute set deduplicates and sorts, however its inputs are split and merged.
func TestMinutesFn(t *testing.T) {
	var fn minutesFn
	rng := rand.New(rand.NewPCG(3, 4))
	want := map[int64]bool{}
	accs := []minuteSet{fn.CreateAccumulator(), fn.CreateAccumulator(), fn.CreateAccumulator()}
	for range 5000 {
		m := int64(rng.IntN(3000)) * 60
		want[m] = true
		i := rng.IntN(len(accs))
		accs[i] = fn.AddInput(accs[i], m)
	}
	got := fn.ExtractOutput(fn.MergeAccumulators(fn.MergeAccumulators(accs[0], accs[1]), accs[2]))
	wantSorted := make([]int64, 0, len(want))
	for m := range want {
		wantSorted = append(wantSorted, m)
	}
	slices.Sort(wantSorted)
	assert.Equal(t, wantSorted, got)
}
