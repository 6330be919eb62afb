package alarm

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// New reads no wall clock: without WithClock the creation time is the first instant the
// alarm is given (D-89); with it, creation and every Update read the caller's clock.
func TestCreationAndUpdateTimes(t *testing.T) {
	t0 := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

	a, err := New(validConfig())
	require.NoError(t, err)
	st := a.Status()
	assert.True(t, st.StateTransitionedTimestamp.IsZero(), "New must not read time.Now")
	assert.True(t, st.AlarmConfigurationUpdatedTimestamp.IsZero())
	require.NoError(t, a.Update(validConfig()))
	assert.True(t, a.Status().AlarmConfigurationUpdatedTimestamp.IsZero(), "Update must not read time.Now")
	a.Evaluate(t0.Add(90*time.Second), NewMemorySource())
	st = a.Status()
	assert.Equal(t, t0.Add(90*time.Second), st.AlarmConfigurationUpdatedTimestamp, "created at the first instant given")
	assert.Equal(t, t0.Add(90*time.Second), st.StateTransitionedTimestamp)
	a.Evaluate(t0.Add(10*time.Minute), NewMemorySource())
	require.NoError(t, a.Update(validConfig()))
	assert.Equal(t, t0.Add(10*time.Minute), a.Status().AlarmConfigurationUpdatedTimestamp, "updated at the latest instant given")

	now := t0
	b, err := New(validConfig(), WithClock(func() time.Time { return now }))
	require.NoError(t, err)
	st = b.Status()
	assert.Equal(t, t0, st.StateTransitionedTimestamp, "ST2: creation time")
	assert.Equal(t, t0, st.AlarmConfigurationUpdatedTimestamp)
	now = t0.Add(time.Hour)
	require.NoError(t, b.Update(validConfig()))
	st = b.Status()
	assert.Equal(t, t0.Add(time.Hour), st.AlarmConfigurationUpdatedTimestamp)
	assert.Equal(t, t0, st.StateTransitionedTimestamp, "ST6: Update keeps the state's timestamps")

	// A snapshot carries the configuration time to the restored alarm.
	snap, err := b.Snapshot()
	require.NoError(t, err)
	c, err := New(validConfig())
	require.NoError(t, err)
	require.NoError(t, c.Restore(snap))
	assert.Equal(t, t0.Add(time.Hour), c.Status().AlarmConfigurationUpdatedTimestamp)
}

// A composite's creation time comes from the registry's clock, never from time.Now.
func TestCompositeCreationTime(t *testing.T) {
	t0 := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		opts []Option
		want time.Time
	}{{nil, time.Time{}}, {[]Option{WithClock(func() time.Time { return t0 })}, t0}} {
		r := NewRegistry(tc.opts...)
		a, err := New(validConfig())
		require.NoError(t, err)
		require.NoError(t, r.Add(a))
		c, err := r.PutComposite(CompositeConfig{Name: "c", AlarmRule: "ALARM(cpu-high)"})
		require.NoError(t, err)
		c.mu.Lock()
		got := c.transitioned
		c.mu.Unlock()
		assert.Equal(t, tc.want, got)
	}
}
