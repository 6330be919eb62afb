// Package jsonmatch evaluates CloudWatch Logs JSON filter patterns (§3) over events.
//
// Compile merges every selector of a pattern into one trie; Match validates the event as
// strict RFC 8259 JSON (EV1, EV2) in a single pass that descends only into the members the
// trie needs, records each condition's primitive on the resolved nodes and finally evaluates
// the pattern's &&/|| structure over those records. A sound required-literal prefilter rejects
// most non-matching events before any parsing. Match allocates nothing.
//
// A Set (set.go) serves many patterns with one walk: their tries merged, each node marked
// with the patterns that need it, and a shared plan of key guards (guard.go) and literal
// searches (plan.go) that rules patterns out before the walk. The key guards and the
// backslash scan that tells whether those searches are sound share one pass over the event
// (fused.go); guard.go's key-by-key search is its tested twin.
package jsonmatch

import (
	"sync"
)

// scratch is the per-Match working memory, pooled so that Match does not allocate.
type scratch struct {
	cur, agg []uint64 // one bit per condition
	members  []member // object members seen by wildcards, until their object ends
	key      []byte   // a decoded key

	decoded bool   // dec holds the current node's decoded string
	dec     []byte // decoded string of the current node
	parsed  bool   // num holds the current node's number
	num     numView
	numBuf  [64]byte

	captured node // Lookup: the node a capture condition last saw
}

var pool = sync.Pool{New: func() any { return new(scratch) }}

func (m *Matcher) getScratch() *scratch {
	s := pool.Get().(*scratch)
	words := (len(m.conds) + 63) / 64
	if cap(s.cur) < words {
		s.cur, s.agg = make([]uint64, words), make([]uint64, words)
	}
	s.cur, s.agg = s.cur[:words], s.agg[:words]
	clear(s.cur)
	clear(s.agg)
	s.members = s.members[:0]
	return s
}

// decode returns the decoded text of the current string node.
func (s *scratch) decode(raw []byte) []byte {
	if !s.decoded {
		s.dec = appendDecoded(s.dec[:0], raw)
		s.decoded = true
	}
	return s.dec
}

// number returns the current number node prepared for comparison.
func (s *scratch) number(n *node) *numView {
	if !s.parsed {
		s.num = parseNumber(n.raw, n.isInt, s.numBuf[:])
		s.parsed = true
	}
	return &s.num
}

// WithoutPrefilter returns a copy of m that never skips the full evaluation (for testing the
// prefilter's soundness).
func (m *Matcher) WithoutPrefilter() *Matcher {
	c := *m
	c.prefilter = nil
	return &c
}

// Match reports whether event is one JSON object (EV1, EV2) satisfying the pattern.
func (m *Matcher) Match(event []byte) bool {
	if m.prefilter != nil && m.prefilter.rejects(event) {
		return false
	}
	s := m.getScratch()
	ok := m.walk(event, s, 1) && m.expr.eval(s)
	pool.Put(s)
	return ok
}

// walk validates event and records the conditions' bits in s for the active patterns.
func (m *Matcher) walk(event []byte, s *scratch, active uint64) bool {
	i := skipWS(event, 0)
	if i >= len(event) || event[i] != '{' {
		return false
	}
	w := walker{m: m, b: event, s: s, active: active}
	root := states{n: 1}
	if i = w.value(i, 0, root); i < 0 {
		return false
	}
	return skipWS(event, i) == len(event)
}

func (p *program) eval(s *scratch) bool {
	if p.leaf {
		switch p.final {
		case fCur:
			return getBit(s.cur, p.cond)
		case fNotCur:
			return !getBit(s.cur, p.cond)
		case fAgg:
			return getBit(s.agg, p.cond)
		case fNotAgg:
			return !getBit(s.agg, p.cond)
		}
		return getBit(s.cur, p.kids[0].cond) && !getBit(s.agg, p.cond)
	}
	for _, k := range p.kids {
		if k.eval(s) != p.and {
			return !p.and
		}
	}
	return p.and
}

func getBit(b []uint64, i int32) bool { return b[i>>6]&(1<<(i&63)) != 0 }
func setBit(b []uint64, i int32)      { b[i>>6] |= 1 << (i & 63) }

// clearRange clears bits [lo, hi), a word at a time.
func clearRange(b []uint64, lo, hi int32) {
	for lo < hi {
		w, off := lo>>6, lo&63
		n := min(hi-lo, 64-off)
		mask := ^uint64(0) >> (64 - n) << off
		b[w] &^= mask
		lo += n
	}
}

// getRange returns bits [lo, hi) (hi-lo ≤ 64) as a word.
func getRange(b []uint64, lo, hi int32) uint64 {
	var r uint64
	for i := lo; i < hi; i++ {
		if getBit(b, i) {
			r |= 1 << (i - lo)
		}
	}
	return r
}

// orBits ORs word w into bits [lo, lo+64).
func orBits(b []uint64, lo int32, w uint64) {
	for k := int32(0); w != 0; k, w = k+1, w>>1 {
		if w&1 != 0 {
			setBit(b, lo+k)
		}
	}
}

// orRange ORs src's bits [lo, hi) into dst.
func orRange(dst, src []uint64, lo, hi int32) {
	for i := lo; i < hi; i++ {
		if getBit(src, i) {
			setBit(dst, i)
		}
	}
}
