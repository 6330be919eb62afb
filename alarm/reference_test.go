package alarm

import "github.com/cwfilter/cwfilter/metric"

// refDecide is a deliberately naive transcription of §9.4/§9.5, written apart from
// decide: it materialises the list of evaluated points (real ones plus fill markers) and
// reads the rules in the order §9.4 states them. It returns "" for RETAIN.
func refDecide(points []*float64, counts []float64, n, m int, missing TreatMissingData, op ComparisonOperator, threshold float64, stat metric.Statistic, lowIgnore bool) State {
	type pt struct {
		idx    int
		breach bool
	}
	var real []pt
	for i, p := range points {
		if p != nil {
			real = append(real, pt{i, breaches(op, *p, threshold)})
		}
	}
	used := real
	if len(used) > n {
		used = used[len(used)-n:] // the newest N real points
	}
	if lowIgnore {
		for _, u := range used {
			if stat.LowSample(counts[u.idx]) {
				return ""
			}
		}
	}
	count := func(want bool) int {
		c := 0
		for _, u := range used {
			if u.breach == want {
				c++
			}
		}
		return c
	}
	b, nb := count(true), count(false)
	if len(real) >= n {
		if b >= m {
			return Alarming
		}
		return OK
	}
	fill := n - len(real)
	switch missing {
	case Breaching:
		if b+fill >= m {
			return Alarming
		}
		return OK
	case NotBreaching:
		if b >= m {
			return Alarming
		}
		return OK
	}
	if len(real) == 0 {
		if missing == Ignore {
			return ""
		}
		return InsufficientData
	}
	if b >= m {
		return Alarming
	}
	if nb > 0 {
		return OK
	}
	if missing == Ignore {
		return ""
	}
	if len(points)-real[0].idx >= m {
		return Alarming
	}
	return InsufficientData
}
