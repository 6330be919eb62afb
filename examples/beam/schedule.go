package main

import (
	"slices"
	"time"
)

// The monitor evaluates its alarms while it replays events in time order: every minute from
// the first event's minute while data is recent (up to settle after the newest event's
// minute), the minute of an event before that event's data is added (data of a minute counts
// from the next instant on), jumping over idle stretches, and finally every minute up to the
// last event's minute plus settle. Walking that loop over sorted distinct event minutes
// m₀ < m₁ < … gives exactly the instants
//
//	T = ⋃ₖ {mₖ, mₖ+1min, …, mₖ+settle}
//
// (between mₖ₋₁ and mₖ it steps through min(mₖ, mₖ₋₁+settle), then jumps to mₖ), and at an
// instant t the aggregator holds the data of every minute before t. An alarm evaluated at t
// reads only periods ending by t, so it sees exactly the same statistics when every period
// starting before t has been merged, whatever else the source holds beyond t.

// eachInstant calls fn for every evaluation instant of the monitor's schedule, in order,
// given the distinct event minutes (Unix seconds, sorted ascending) and settle.
func eachInstant(minutes []int64, settle time.Duration, fn func(t time.Time) error) error {
	const step = int64(time.Minute / time.Second)
	span := int64(settle / time.Second)
	next := int64(0)
	for i, m := range minutes {
		if i == 0 || next < m {
			next = m
		}
		for ; next <= m+span; next += step {
			if err := fn(time.Unix(next, 0).UTC()); err != nil {
				return err
			}
		}
	}
	return nil
}

// minuteSet is the accumulator of the distinct event minutes (Unix seconds): appended to
// freely and compacted (sorted, deduplicated) when it has doubled, so that adding is
// amortised O(log n) and the set stays as small as the distinct minutes.
type minuteSet struct {
	Minutes []int64
	Compact int // length after the last compaction
}

func (s *minuteSet) add(m ...int64) {
	s.Minutes = append(s.Minutes, m...)
	if len(s.Minutes) > 2*s.Compact+1024 {
		s.compact()
	}
}

func (s *minuteSet) compact() {
	slices.Sort(s.Minutes)
	s.Minutes = slices.Compact(s.Minutes)
	s.Compact = len(s.Minutes)
}

// minutesFn combines the minutes of every event into the sorted distinct set, a side input of
// the alarm evaluation.
type minutesFn struct{}

func (minutesFn) CreateAccumulator() minuteSet { return minuteSet{} }

func (minutesFn) AddInput(s minuteSet, m int64) minuteSet { s.add(m); return s }

func (minutesFn) MergeAccumulators(a, b minuteSet) minuteSet { a.add(b.Minutes...); return a }

func (minutesFn) ExtractOutput(s minuteSet) []int64 { s.compact(); return s.Minutes }
