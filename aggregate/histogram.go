package aggregate

import (
	"math"
	"slices"
)

// histogram is the bounded-memory percentile store: a log-bucketed histogram of the
// non-negative samples (DDSketch's mapping). A positive x falls in bucket ⌈log_γ x⌉ with
// γ = (1+α)/(1−α) and is reported as 2γ^i/(γ+1), which is within relative error α of every
// value of the bucket. Counts add, so merging histograms is exact.
type histogram struct {
	zeros  uint64
	counts map[int32]uint64
}

type logMapping struct {
	alpha, gamma, logGamma float64
}

func newLogMapping(alpha float64) logMapping {
	g := (1 + alpha) / (1 - alpha)
	return logMapping{alpha: alpha, gamma: g, logGamma: math.Log(g)}
}

func (m logMapping) index(x float64) int32 { return int32(math.Ceil(math.Log(x) / m.logGamma)) }

func (m logMapping) value(i int32) float64 {
	return 2 * math.Exp(float64(i)*m.logGamma) / (m.gamma + 1)
}

func (h *histogram) add(m logMapping, x float64) {
	if x == 0 {
		h.zeros++
		return
	}
	if h.counts == nil {
		h.counts = map[int32]uint64{}
	}
	h.counts[m.index(x)]++
}

func (h *histogram) merge(o *histogram) {
	h.zeros += o.zeros
	if len(o.counts) > 0 && h.counts == nil {
		h.counts = make(map[int32]uint64, len(o.counts))
	}
	for k, c := range o.counts {
		h.counts[k] += c
	}
}

func (h *histogram) reset() {
	h.zeros = 0
	clear(h.counts)
}

func (h *histogram) clone() *histogram {
	c := &histogram{zeros: h.zeros}
	if len(h.counts) > 0 {
		c.counts = make(map[int32]uint64, len(h.counts))
		for k, v := range h.counts {
			c.counts[k] = v
		}
	}
	return c
}

// rankValue returns the value of the rank-th smallest sample (1-based), clamped to [lo, hi]
// (the exact minimum and maximum); n is the sample count. keys is scratch space for sorting the bucket indexes.
func (h *histogram) rankValue(m logMapping, rank, n uint64, lo, hi float64, keys []int32) (float64, []int32) {
	switch { // the extreme ranks are known exactly
	case rank <= 1:
		return lo, keys
	case rank >= n:
		return hi, keys
	case rank <= h.zeros:
		return 0, keys
	}
	rank -= h.zeros
	keys = keys[:0]
	for k := range h.counts {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if c := h.counts[k]; rank <= c {
			return min(max(m.value(k), lo), hi), keys
		} else {
			rank -= c
		}
	}
	return hi, keys
}
