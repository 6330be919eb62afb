package jsonmatch

import (
	"hash/maphash"
	"math/bits"
	"sync"

	"github.com/cwfilter/cwfilter/filterpattern/ast"
	"github.com/cwfilter/cwfilter/internal/regex"
)

// Set matches one event against many JSON patterns with one walk. Patterns are grouped by up
// to 64: a group merges its patterns' selector tries into one, each node knowing which
// patterns pass through it, and keeps each pattern's &&/|| program over the shared
// conditions. Per event, the group's plan rules out patterns with shared literal and key
// searches; if any pattern survives, one walk validates the event and resolves the
// selectors the surviving patterns need, and each survivor's program decides it.
// A Set is immutable and safe for concurrent use.
type Set struct {
	groups   []*group
	n        int
	litWords int // the largest plan's literal memo; beyond inlineLits it is pooled
}

type group struct {
	m     *Matcher   // the merged trie and conditions; m.expr is unused
	progs []*program // by pattern within the group
	first int        // Set index of the group's pattern 0
	plan  plan
}

// groupSize is the most patterns one walk serves: a uint64 holds their bits.
const groupSize = 64

// CompileSet compiles the patterns of ms, each compiled alone by Compile, into a Set;
// pattern i of the Set is ms[i]. The Set reuses what they compiled: their regexes and the
// literals of their prefilters.
func CompileSet(ms []*Matcher) (*Set, error) {
	s := &Set{n: len(ms)}
	for start := 0; start < len(ms); {
		// Grow the group while the walker's bounds surely hold for the merged trie: the
		// patterns' own wildcard selectors, summed, bound the merged trie's.
		end, wilds := start, 0
		for end < len(ms) && end-start < groupSize {
			w := wildcardConditions(ms[end].src.Expr)
			if end > start && (wilds+w >= maxStates || 2*(wilds+w) > maxWildSpan) {
				break
			}
			wilds += w
			end++
		}
		g, err := newGroup(ms[start:end])
		if err != nil {
			return nil, err
		}
		g.first = start
		s.groups = append(s.groups, g)
		s.litWords = max(s.litWords, g.plan.litWords())
		start = end
	}
	return s, nil
}

// wildcardConditions counts the conditions of e whose selector has a wildcard: each adds at
// most one wildcard node to a trie and two conditions below it (the hidden "parent exists"
// of a wildcard !=).
func wildcardConditions(e ast.Expr) int {
	switch e := e.(type) {
	case *ast.Paren:
		return wildcardConditions(e.X)
	case *ast.And, *ast.Or:
		ops, _ := operands(e)
		n := 0
		for _, o := range ops {
			n += wildcardConditions(o)
		}
		return n
	case *ast.Condition:
		if e.Selector.HasWildcard() {
			return 1
		}
	}
	return 0
}

func newGroup(ms []*Matcher) (*group, error) {
	b := newBuilder()
	b.regexes = map[string]*regex.Regexp{}
	for _, m := range ms {
		for i := range m.conds {
			if c := &m.conds[i]; c.lit == ast.RegexValue {
				b.regexes[c.re.String()] = c.re
			}
		}
	}
	g := &group{m: &Matcher{seed: maphash.MakeSeed()}}
	for i, m := range ms {
		b.pat = 1 << i
		prog, err := b.expr(m.src.Expr)
		if err != nil {
			return nil, err
		}
		g.progs = append(g.progs, prog)
	}
	if err := g.m.finish(b); err != nil {
		return nil, err
	}
	g.plan = newPlan(ms)
	return g, nil
}

// Len returns the number of patterns.
func (s *Set) Len() int { return s.n }

// bigMemo is the literal memo of a Set whose plans search more than inlineLits literals.
type bigMemo struct{ known, present []uint64 }

var memoPool = sync.Pool{New: func() any { return new(bigMemo) }}

// Match sets bit i of matched (len(matched)*64 ≥ Len()) for every pattern i that event
// matches; bits of the other patterns are left as they are. It allocates nothing.
func (s *Set) Match(event []byte, matched []uint64) {
	var knownWords, presentWords [inlineLits / 64]uint64
	known, present := knownWords[:], presentWords[:]
	if s.litWords > len(knownWords) {
		big := memoPool.Get().(*bigMemo)
		defer memoPool.Put(big)
		if len(big.known) < s.litWords {
			big.known, big.present = make([]uint64, s.litWords), make([]uint64, s.litWords)
		}
		known, present = big.known, big.present
	}
	sp := unread // read once for all groups
	for _, g := range s.groups {
		w := g.plan.litWords()
		clear(known[:w])
		clear(present[:w])
		alive := g.plan.aliveIn(event, &sp, known[:w], present[:w])
		if alive == 0 {
			continue
		}
		sc := g.m.getScratch()
		if g.m.walk(event, sc, alive) {
			for a := alive; a != 0; a &= a - 1 {
				i := bits.TrailingZeros64(a)
				if g.progs[i].eval(sc) {
					k := g.first + i
					matched[k>>6] |= 1 << (k & 63)
				}
			}
		}
		pool.Put(sc)
	}
}
