package alarm

import (
	"strconv"

	"github.com/cwfilter/cwfilter/internal/numfmt"
)

// reasonTimeLayout is dd/MM/yy HH:mm:ss (§9.7).
const reasonTimeLayout = "02/01/06 15:04:05"

// initialReason is the reason of a newly created alarm (ST2).
const initialReason = "Unchecked: Initial alarm creation"

func opText(op string) string {
	switch op {
	case GreaterThanOrEqualToThreshold:
		return "greater than or equal to"
	case GreaterThanThreshold:
		return "greater than"
	case LessThanThreshold:
		return "less than"
	default:
		return "less than or equal to"
	}
}

// appendReason renders the §9.7 reason of decision d taking the alarm from old to
// d.state. Only the forms tagged [OBS] there are AWS's exact texts; the rest are D-46.
func appendReason(dst []byte, cfg *Config, c *compiled, d decision, window []Datapoint, old State) []byte {
	switch d.form {
	case formAllFilled:
		dst = append(dst, "Threshold Crossed: no datapoints were received for "...)
		dst = strconv.AppendInt(dst, int64(c.n), 10)
		dst = append(dst, " periods and "...)
		dst = strconv.AppendInt(dst, int64(c.n), 10)
		dst = append(dst, " missing datapoints were treated as ["...)
		dst = append(dst, fillLabel(c.missing)...)
		return append(dst, "]."...)
	case formAllUnknown:
		return appendUnknown(dst, c.n)
	case formSomeUnknown:
		return appendUnknown(dst, d.fill)
	}

	alarmed := d.state == Alarming
	dst = append(dst, "Threshold Crossed: "...)
	if c.n == 1 && cfg.DatapointsToAlarm == 0 {
		// The short [OBS] form for a single-period alarm without DatapointsToAlarm.
		dst = append(dst, "1 datapoint ["...)
		dst = appendPoints(dst, window, d.from)
		dst = append(dst, "] was "...)
		return appendComparison(dst, cfg, alarmed, ".")
	}

	counted, k := d.breach, d.real
	if !alarmed {
		counted = d.real - d.breach
	}
	if d.form == formPartialFill {
		k = c.n
		if (alarmed && c.missing == Breaching) || (!alarmed && c.missing == NotBreaching) {
			counted += d.fill
		}
	}
	dst = strconv.AppendInt(dst, int64(counted), 10)
	dst = append(dst, " out of the last "...)
	dst = strconv.AppendInt(dst, int64(k), 10)
	dst = append(dst, " datapoints ["...)
	dst = appendPoints(dst, window, d.from)
	dst = append(dst, "] "...)
	dst = append(dst, wasWere(counted)...)
	dst = append(dst, ' ')
	dst = appendComparison(dst, cfg, alarmed, " (minimum ")
	dst = strconv.AppendInt(dst, int64(c.m), 10)
	dst = append(dst, " datapoint"...)
	if c.m != 1 {
		dst = append(dst, 's')
	}
	dst = append(dst, " for "...)
	dst = append(dst, old...)
	dst = append(dst, " -> "...)
	dst = append(dst, d.state...)
	dst = append(dst, " transition)."...)
	if d.form == formPartialFill {
		dst = append(dst, ' ')
		dst = strconv.AppendInt(dst, int64(d.fill), 10)
		dst = append(dst, " missing datapoint"...)
		if d.fill != 1 {
			dst = append(dst, 's')
		}
		dst = append(dst, ' ')
		dst = append(dst, wasWere(d.fill)...)
		dst = append(dst, " treated as ["...)
		dst = append(dst, fillLabel(c.missing)...)
		dst = append(dst, "]."...)
	}
	return dst
}

// appendComparison writes "[not ]<op> the threshold (<th>)" and then tail.
func appendComparison(dst []byte, cfg *Config, alarmed bool, tail string) []byte {
	if !alarmed {
		dst = append(dst, "not "...)
	}
	dst = append(dst, opText(cfg.ComparisonOperator)...)
	dst = append(dst, " the threshold ("...)
	dst = numfmt.AppendJavaDouble(dst, cfg.Threshold)
	dst = append(dst, ')')
	return append(dst, tail...)
}

// appendPoints lists the real points of window[from:], newest first: "v (ts), v (ts)".
func appendPoints(dst []byte, window []Datapoint, from int) []byte {
	first := true
	for i := len(window) - 1; i >= from; i-- {
		p := &window[i]
		if p.Missing {
			continue
		}
		if !first {
			dst = append(dst, ", "...)
		}
		first = false
		dst = numfmt.AppendJavaDouble(dst, p.Value)
		dst = append(dst, " ("...)
		dst = p.Timestamp.UTC().AppendFormat(dst, reasonTimeLayout)
		dst = append(dst, ')')
	}
	return dst
}

func appendUnknown(dst []byte, n int) []byte {
	dst = append(dst, "Insufficient Data: "...)
	if n == 1 {
		return append(dst, "1 datapoint was unknown."...)
	}
	dst = strconv.AppendInt(dst, int64(n), 10)
	return append(dst, " datapoints were unknown."...)
}

func wasWere(n int) string {
	if n == 1 {
		return "was"
	}
	return "were"
}

func fillLabel(missing string) string {
	if missing == Breaching {
		return "Breaching"
	}
	return "NonBreaching"
}
