package alarm

// reasonForm selects the §9.7 reason sentence for a decision.
type reasonForm uint8

const (
	formReal        reasonForm = iota // only real points decided ("Threshold Crossed: b out of the last k …")
	formPartialFill                   // real points plus filled ones (breaching / notBreaching)
	formAllFilled                     // no real point, all filled (breaching / notBreaching)
	formAllUnknown                    // no real point, missing
	formSomeUnknown                   // missing: only breaching points, fewer than M, too recent (D-46, ours)
)

// decision is the outcome of §9.4 plus what the reason sentence needs.
type decision struct {
	state     State // "" = RETAIN: keep the current state
	form      reasonForm
	from      int  // oldest window index of the real points used; they are the real ones in window[from:]
	real      int  // number of real points used (at most N)
	breach    int  // breaching among them
	fill      int  // N − real, floored at 0
	lowRetain bool // RETAIN because of a low-sample percentile (§9.5)
}

// breaches reports whether v crosses the threshold (§9.2). NaN never does: every
// comparison with NaN is false.
func breaches(op ComparisonOperator, v, threshold float64) bool {
	switch op {
	case GreaterThanOrEqualToThreshold:
		return v >= threshold
	case GreaterThanThreshold:
		return v > threshold
	case LessThanThreshold:
		return v < threshold
	case LessThanOrEqualToThreshold:
		return v <= threshold
	}
	return false
}

// decide implements §9.4 over the evaluation range window (oldest first) and §9.5.
func decide(c *compiled, threshold float64, window []Datapoint) decision {
	d := decision{from: len(window)}
	low := false
	// Walk newest → oldest and stop after N real points: that is both "the newest N real points"
	// and, when there are fewer, all of them.
	for i := len(window) - 1; i >= 0 && d.real < c.n; i-- {
		p := &window[i]
		if p.Missing {
			continue
		}
		d.real++
		d.from = i
		if breaches(c.op, p.Value, threshold) {
			d.breach++
		}
		if c.lowIgn && c.stat.LowSample(p.SampleCount) {
			low = true
		}
	}
	if low {
		d.lowRetain = true
		return d
	}
	m := c.m
	if d.real >= c.n {
		d.state = pick(d.breach >= m)
		return d
	}
	d.fill = c.n - d.real
	nb := d.real - d.breach
	switch c.missing {
	case Breaching, NotBreaching:
		d.form = formPartialFill
		if d.real == 0 {
			d.form = formAllFilled
		}
		if c.missing == Breaching {
			d.state = pick(d.breach+d.fill >= m)
		} else {
			d.state = pick(d.breach >= m)
		}
		return d
	}
	// missing and ignore
	switch {
	case d.real == 0:
		d.form = formAllUnknown
		if c.missing == Missing {
			d.state = InsufficientData
		}
	case d.breach >= m:
		d.state = Alarming
	case nb > 0:
		d.state = OK
	case c.missing == Ignore:
		// only breaching points, fewer than M: RETAIN
	default:
		// Premature-alarm rule: ALARM once the oldest real point is at least M periods old (D-51).
		if len(window)-d.from >= m {
			d.state = Alarming
		} else {
			d.state = InsufficientData
			d.form = formSomeUnknown
		}
	}
	return d
}

func pick(alarm bool) State {
	if alarm {
		return Alarming
	}
	return OK
}
