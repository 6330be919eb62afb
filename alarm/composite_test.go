package alarm

import (
	"testing"
	"time"

	"github.com/cwfilter/cwfilter/metric"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseRule(t *testing.T) {
	states := map[string]State{"a": Alarming, "b": OK, "c": InsufficientData, "d": Alarming, "my alarm": Alarming}
	lookup := func(n string) State { return states[n] }
	cases := []struct {
		rule string
		want bool
	}{
		{"ALARM(a)", true},
		{"OK(a)", false},
		{"INSUFFICIENT_DATA(c)", true},
		{"TRUE", true},
		{"FALSE", false},
		{`ALARM("my alarm")`, true},
		{"ALARM(arn:aws:cloudwatch:us-east-1:123456789012:alarm:a)", true},
		{"ALARM(a) AND NOT ALARM(b)", true},
		{"NOT ALARM(a) AND ALARM(b)", false},        // NOT binds tighter than AND
		{"ALARM(b) AND ALARM(a) OR ALARM(d)", true}, // AND binds tighter than OR
		{"ALARM(b) AND (ALARM(a) OR ALARM(d))", false},
		{"NOT (ALARM(a) OR OK(b))", false},
		{"NOT NOT ALARM(a)", true},
		{"AT_LEAST(2, ALARM, (a, b, d))", true},
		{"AT_LEAST(3, ALARM, (a, b, d))", false},
		{"AT_LEAST(2, NOT ALARM, (a, b, c))", true},
		{"AT_LEAST(50%, ALARM, (a, b, c, d))", true},
		{"AT_LEAST(51%, ALARM, (a, b, c, d))", false}, // ⌈2.04⌉ = 3
		{"AT_LEAST(100%, OK, (b))", true},
	}
	for _, c := range cases {
		r, err := ParseRule(c.rule)
		require.NoError(t, err, c.rule)
		assert.Equal(t, c.want, r.Eval(lookup), c.rule)
	}
	for _, bad := range []string{
		"", "ALARM(a", "alarm(a)", "ALARM(a) and OK(b)", "ALARM(a) OK(b)", "AND", "ALARM()",
		"AT_LEAST(0, ALARM, (a))", "AT_LEAST(3, ALARM, (a, b))", "AT_LEAST(0%, ALARM, (a))",
		"AT_LEAST(101%, ALARM, (a))", "AT_LEAST(x, ALARM, (a))", "AT_LEAST(1, FOO, (a))",
	} {
		_, err := ParseRule(bad)
		var ve *ValidationError
		require.ErrorAs(t, err, &ve, "%q", bad)
		assert.Equal(t, "AlarmRule", ve.Field)
	}
	r, err := ParseRule("ALARM(a) OR OK(b) OR ALARM(a)")
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "b"}, r.Children())
}

func TestRegistryComposite(t *testing.T) {
	reg := NewRegistry()
	cpu := mustAlarm(t, "cpu-high")
	deploy := mustAlarm(t, "deploying")
	require.NoError(t, reg.Add(cpu))
	require.NoError(t, reg.Add(deploy))

	var fired []ActionEvent
	c, err := reg.PutComposite(CompositeConfig{
		Name: "page", AlarmRule: "ALARM(cpu-high) AND NOT ALARM(deploying)",
		AlarmActions: []string{"pager"}, OKActions: []string{"ok"},
		Sink: ActionFunc(func(ev ActionEvent) { fired = append(fired, ev) }),
	})
	require.NoError(t, err)
	assert.Equal(t, InsufficientData, c.State())

	at := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	tr, err := reg.SetAlarmState("cpu-high", Alarming, "hot", at)
	require.NoError(t, err)
	require.Len(t, tr, 2)
	assert.Equal(t, "page", tr[1].Name)
	assert.True(t, tr[1].Composite)
	assert.Equal(t, Alarming, c.State())
	reason, trig := c.Reason()
	assert.Equal(t, "Alarm rule evaluated to TRUE: 2 alarms triggered: cpu-high (ALARM), deploying (INSUFFICIENT_DATA).", reason)
	assert.Len(t, trig, 2)
	require.Len(t, fired, 1)
	assert.Equal(t, ActionEvent{AlarmName: "page", Action: "pager", OldState: InsufficientData, NewState: Alarming, Reason: reason, Timestamp: at}, fired[0])

	// A deployment suppresses the page.
	_, err = reg.SetAlarmState("deploying", Alarming, "deploy", at.Add(time.Minute))
	require.NoError(t, err)
	assert.Equal(t, OK, c.State())
	assert.Equal(t, "ok", fired[1].Action)

	// No child change, no re-evaluation.
	tr = reg.Evaluate(at.Add(2*time.Minute), SourceFunc(func(metric.Query) (float64, float64, bool) { return 0, 0, false }))
	for _, x := range tr {
		assert.False(t, x.Composite)
	}
}

func TestRegistryCompositeValidation(t *testing.T) {
	reg := NewRegistry()
	require.NoError(t, reg.Add(mustAlarm(t, "a")))
	_, err := reg.PutComposite(CompositeConfig{Name: "x", AlarmRule: "ALARM(nope)"})
	require.ErrorContains(t, err, "unknown alarm")

	_, err = reg.PutComposite(CompositeConfig{Name: "c1", AlarmRule: "ALARM(a)"})
	require.NoError(t, err)
	_, err = reg.PutComposite(CompositeConfig{Name: "c2", AlarmRule: "ALARM(c1) OR ALARM(a)"})
	require.NoError(t, err)
	// Redefining c1 to read c2 would close a cycle.
	_, err = reg.PutComposite(CompositeConfig{Name: "c1", AlarmRule: "ALARM(c2)"})
	require.ErrorContains(t, err, "cycle")
	_, err = reg.PutComposite(CompositeConfig{Name: "self", AlarmRule: "ALARM(self)"})
	require.ErrorContains(t, err, "cycle")
	_, err = reg.PutComposite(CompositeConfig{Name: "a", AlarmRule: "TRUE"})
	require.Error(t, err)

	names := "ALARM(a)"
	for i := 0; i < 100; i++ {
		n := "m" + string(rune('A'+i/26)) + string(rune('a'+i%26))
		require.NoError(t, reg.Add(mustAlarm(t, n)))
		names += " OR ALARM(" + n + ")"
	}
	_, err = reg.PutComposite(CompositeConfig{Name: "big", AlarmRule: names})
	require.ErrorContains(t, err, "at most 100")
}

// Composites of composites cascade in one evaluation.
func TestRegistryCompositeCascade(t *testing.T) {
	reg := NewRegistry()
	require.NoError(t, reg.Add(mustAlarm(t, "a")))
	inner, err := reg.PutComposite(CompositeConfig{Name: "inner", AlarmRule: "ALARM(a)"})
	require.NoError(t, err)
	outer, err := reg.PutComposite(CompositeConfig{Name: "outer", AlarmRule: "NOT OK(inner)"})
	require.NoError(t, err)
	at := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	_, err = reg.SetAlarmState("a", Alarming, "x", at)
	require.NoError(t, err)
	assert.Equal(t, Alarming, inner.State())
	assert.Equal(t, Alarming, outer.State())
	_, err = reg.SetAlarmState("a", OK, "y", at)
	require.NoError(t, err)
	assert.Equal(t, OK, inner.State())
	assert.Equal(t, OK, outer.State())
}

func mustAlarm(t *testing.T, name string) *Alarm {
	t.Helper()
	a, err := New(Config{Name: name, Namespace: "T", MetricName: name, Period: time.Minute,
		EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: GreaterThanOrEqualToThreshold, Statistic: "Sum"})
	require.NoError(t, err)
	return a
}
