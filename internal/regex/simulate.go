package regex

import (
	"regexp/syntax"
	"slices"
)

// A thread p simulates a thread q when every text that leads q to a match leads p to one:
// p reads every rune q reads (or tests the same empty-width condition), and each thread q
// goes on to is simulated by one p goes on to. A state with both needs only p: for a yes/no
// answer, q adds nothing. This is what keeps bounded repeats after a literal small: in
// `ERROR.{0,100}timeout` every ERROR seen in the last 100 runes starts a thread at another
// count of the repeat, and the subsets of counts are exponentially many; but the thread
// with the fewest copies used simulates the others, so a state keeps one count. The
// search stops at the first match, so a thread that reaches the match by reading its rune
// simulates every thread reading the same runes: in `AKIA[0-9A-Z]{16}`, where a new AKIA
// can start inside a run of the class, the thread furthest along simulates the others.
//
// The relation is the greatest fixed point, from candidate pairs of the same rune set or
// the same empty-width condition, refined until every pair's successors are covered.

// maxSimPairs bounds the candidate pairs (and so the work): beyond it no thread is dropped,
// which is always correct.
const maxSimPairs = 1 << 18

// simulation returns, for each thread q (by pc), the other threads that simulate it; nil
// when the candidates are too many.
func simulation(prog *syntax.Prog, rc *runeClasses, b *builder) map[uint32][]uint32 {
	groups := map[int64][]uint32{}
	for pc := range prog.Inst {
		in := &prog.Inst[pc]
		switch {
		case rc.setOf[pc] >= 0:
			groups[int64(rc.setOf[pc])] = append(groups[int64(rc.setOf[pc])], uint32(pc))
		case in.Op == syntax.InstEmptyWidth:
			groups[-1-int64(in.Arg)] = append(groups[-1-int64(in.Arg)], uint32(pc))
		}
	}
	pairs := 0
	for _, g := range groups {
		pairs += len(g) * (len(g) - 1)
	}
	if pairs == 0 || pairs > maxSimPairs {
		return nil
	}
	// The threads each one goes on to, and whether the match is among them.
	succ := make(map[uint32][]uint32)
	match := make(map[uint32]bool)
	pred := make(map[uint32][]uint32)
	for _, g := range groups {
		for _, pc := range g {
			next, m := b.closure(nil, []uint32{prog.Inst[pc].Out})
			succ[pc], match[pc] = next, m
			for _, n := range next {
				pred[n] = append(pred[n], pc)
			}
		}
	}
	key := func(p, q uint32) uint64 { return uint64(p)<<32 | uint64(q) }
	rel := make(map[uint64]bool, pairs)
	var work []uint64
	for _, g := range groups {
		for _, p := range g {
			for _, q := range g {
				if p != q {
					rel[key(p, q)] = true
					work = append(work, key(p, q))
				}
			}
		}
	}
	sim := func(p, q uint32) bool { return p == q || rel[key(p, q)] }
	holds := func(p, q uint32) bool {
		if match[p] {
			return true // the search ends in a match as soon as p reads its rune (or its test holds)
		}
		if match[q] {
			return false
		}
		for _, qn := range succ[q] {
			if prog.Inst[qn].Op == syntax.InstMatch {
				continue
			}
			covered := false
			for _, pn := range succ[p] {
				if sim(pn, qn) {
					covered = true
					break
				}
			}
			if !covered {
				return false
			}
		}
		return true
	}
	for len(work) > 0 {
		k := work[len(work)-1]
		work = work[:len(work)-1]
		p, q := uint32(k>>32), uint32(k)
		if !rel[k] || holds(p, q) {
			continue
		}
		delete(rel, k)
		// Pairs whose successors included (p, q) must be checked again.
		for _, pp := range pred[p] {
			for _, qq := range pred[q] {
				if rel[key(pp, qq)] {
					work = append(work, key(pp, qq))
				}
			}
		}
	}
	if len(rel) == 0 {
		return nil
	}
	out := make(map[uint32][]uint32)
	for k := range rel {
		p, q := uint32(k>>32), uint32(k)
		out[q] = append(out[q], p)
	}
	return out
}

// dropSimulated removes from set the threads another thread of set simulates; of threads
// that simulate each other it keeps the lowest pc. set is sorted.
func (b *builder) dropSimulated(set []uint32) []uint32 {
	if b.sim == nil || len(set) < 2 {
		return set
	}
	b.gen++
	for _, pc := range set {
		b.mark[pc] = b.gen
	}
	out := set[:0]
	for _, q := range set {
		drop := false
		for _, p := range b.sim[q] {
			// p is in set and simulates q; if q simulates p too, the lower pc stays.
			if b.mark[p] == b.gen && (p < q || !slices.Contains(b.sim[p], q)) {
				drop = true
				break
			}
		}
		if drop {
			b.mark[q] = 0 // gone: it no longer covers others
		} else {
			out = append(out, q)
		}
	}
	return out
}
