package alarm

import (
	"strconv"

	"github.com/cwfilter/cwfilter/internal/numfmt"
)

// reasonTimeLayout is dd/MM/yy HH:mm:ss (§9.7).
const reasonTimeLayout = "02/01/06 15:04:05"

// initialReason is the reason of a newly created alarm (ST2).
const initialReason = "Unchecked: Initial alarm creation"

func opText(op ComparisonOperator) string {
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

// appendReason renders the §9.7 reason of decision d. Only the forms tagged [OBS] there
// are AWS's exact texts; the rest are D-46.
func appendReason(dst []byte, cfg *Config, c *compiled, d decision, window []Datapoint) []byte {
	switch d.form {
	case formAllFilled:
		dst = append(dst, "Threshold Crossed: no datapoints were received for "...)
		dst = appendCount(dst, c.n, "period")
		dst = append(dst, " and "...)
		return appendTreated(dst, c.n, c.missing)
	case formAllUnknown:
		return appendUnknown(dst, c.n)
	case formSomeUnknown:
		return appendUnknown(dst, d.fill)
	}

	alarmed := d.state == Alarming
	dst = append(dst, "Threshold Crossed: "...)
	if cfg.DatapointsToAlarm == 0 {
		// Without DatapointsToAlarm AWS names only the datapoints: "<k> datapoint(s) [...]".
		k := d.real
		if d.form == formPartialFill {
			k = c.n
		}
		dst = appendCount(dst, k, "datapoint")
		dst = append(dst, " ["...)
		dst = appendPoints(dst, window, d.from)
		dst = append(dst, "] "...)
		dst = append(dst, wasWere(k)...)
		dst = append(dst, ' ')
		dst = appendComparison(dst, cfg, alarmed, ".")
		return appendFilled(dst, c, d)
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
	dst = appendCount(dst, c.m, "datapoint")
	// AWS names the usual pair for the new state, also when the alarm leaves
	// INSUFFICIENT_DATA (§9.7).
	if alarmed {
		dst = append(dst, " for OK -> ALARM transition)."...)
	} else {
		dst = append(dst, " for ALARM -> OK transition)."...)
	}
	return appendFilled(dst, c, d)
}

// appendFilled adds " <f> missing datapoint(s) was/were treated as [...]." after a reason
// whose decision filled some periods (breaching / notBreaching).
func appendFilled(dst []byte, c *compiled, d decision) []byte {
	if d.form != formPartialFill {
		return dst
	}
	return appendTreated(append(dst, ' '), d.fill, c.missing)
}

// appendTreated writes "<n> missing datapoint(s) was/were treated as [Breaching]." (or
// [NonBreaching]).
func appendTreated(dst []byte, n int, missing TreatMissingData) []byte {
	dst = appendCount(dst, n, "missing datapoint")
	dst = append(dst, ' ')
	dst = append(dst, wasWere(n)...)
	dst = append(dst, " treated as ["...)
	dst = append(dst, fillLabel(missing)...)
	return append(dst, "]."...)
}

// appendCount writes "<n> <noun>", with an "s" unless n is 1.
func appendCount(dst []byte, n int, noun string) []byte {
	dst = strconv.AppendInt(dst, int64(n), 10)
	dst = append(dst, ' ')
	dst = append(dst, noun...)
	if n != 1 {
		dst = append(dst, 's')
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

func fillLabel(missing TreatMissingData) string {
	if missing == Breaching {
		return "Breaching"
	}
	return "NonBreaching"
}
