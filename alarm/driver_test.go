package alarm

import (
	"context"
	"testing"
	"time"

	"github.com/cwfilter/cwfilter/metric"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDriverRunReplayedTimeline(t *testing.T) {
	reg := NewRegistry()
	a := mustAlarm(t, "errors")
	require.NoError(t, reg.Add(a))
	src := NewMemorySource()
	t0 := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	src.Add(metric.NewSeriesKey("T", "errors", nil, ""), t0.Add(90*time.Second), 3)

	var seen []string
	d := &Driver{Registry: reg, Source: src, OnTransition: func(tr Transition) {
		seen = append(seen, tr.Timestamp.Format("15:04")+" "+string(tr.State))
	}}
	ticks := make(chan time.Time, 8)
	for i := 1; i <= 6; i++ {
		ticks <- t0.Add(time.Duration(i) * time.Minute)
	}
	close(ticks)
	require.NoError(t, d.Run(context.Background(), ticks))
	// [10:01,10:02) holds the sample; it stays in the 3-period range until 10:05.
	assert.Equal(t, []string{"10:02 ALARM", "10:05 INSUFFICIENT_DATA"}, seen)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	assert.ErrorIs(t, d.Run(ctx, make(chan time.Time)), context.Canceled)
}
