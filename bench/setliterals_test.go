package bench

import (
	"testing"

	"github.com/cwfilter/cwfilter/filterpattern/ast"
	"github.com/cwfilter/cwfilter/internal/jsonmatch"
	"github.com/cwfilter/cwfilter/internal/termsearch"
)

// SetLiterals ("rarest-byte anchored or Aho–Corasick — measure both"): the 15 CIS patterns
// ruled out by their required literals alone, as a Set does for patterns without key guards:
// a pattern survives an event when each of its literal groups has a literal in it, and the
// patterns are tried in order until every one is decided. impl=rarestbyte searches a literal
// the first time a pattern needs it, anchored on its rarest byte (what the Set does);
// impl=ahocorasick finds every literal in one automaton pass on the first need.
func BenchmarkSetLiterals(b *testing.B) {
	evs, size := cloudTrail()
	rule := newLiteralRule(b)
	for _, c := range []struct {
		impl   string
		search func(rule *literalRule, ev []byte) int
	}{{"rarestbyte", (*literalRule).surviveRarestByte}, {"ahocorasick", (*literalRule).surviveAhoCorasick}} {
		b.Run("impl="+c.impl, func(b *testing.B) {
			runCount(b, evs, size, func(ev []byte) int { return c.search(rule, ev) })
		})
	}
}

// literalRule is the CIS patterns' required literals: pattern i needs one literal of each of
// groups[i], a literal named by its index in finders.
type literalRule struct {
	groups         [][][]int
	finders        []*termsearch.Finder
	multi          *Multi
	known, present []uint64
}

func newLiteralRule(tb testing.TB) *literalRule {
	r := &literalRule{}
	ids := map[string]int{}
	var needles [][]byte
	for _, p := range cisSet(tb) {
		m, err := jsonmatch.Compile(p.AST().(*ast.JSON))
		if err != nil {
			tb.Fatal(err)
		}
		var groups [][]int
		for _, g := range m.RequiredLiterals() {
			var group []int
			for _, lit := range g {
				id, ok := ids[lit]
				if !ok {
					id = len(needles)
					ids[lit] = id
					needles = append(needles, []byte(lit))
					r.finders = append(r.finders, termsearch.New([]byte(lit)))
				}
				group = append(group, id)
			}
			groups = append(groups, group)
		}
		r.groups = append(r.groups, groups)
	}
	r.multi = NewMulti(needles)
	words := (len(needles) + 63) / 64
	r.known, r.present = make([]uint64, words), make([]uint64, words)
	return r
}

// survive counts the patterns whose every group has a literal in ev; found(id) says whether
// literal id is in ev, each search strategy filling the memo its own way.
func (r *literalRule) survive(found func(id int) bool) int {
	n := 0
patterns:
	for _, groups := range r.groups {
		for _, group := range groups {
			ok := false
			for _, id := range group {
				if ok = found(id); ok {
					break
				}
			}
			if !ok {
				continue patterns
			}
		}
		n++
	}
	return n
}

func (r *literalRule) surviveRarestByte(ev []byte) int {
	clear(r.known)
	return r.survive(func(id int) bool {
		bit := uint64(1) << (id & 63)
		if r.known[id>>6]&bit == 0 {
			r.known[id>>6] |= bit
			if r.finders[id].Index(ev) >= 0 {
				r.present[id>>6] |= bit
			} else {
				r.present[id>>6] &^= bit
			}
		}
		return r.present[id>>6]&bit != 0
	})
}

func (r *literalRule) surviveAhoCorasick(ev []byte) int {
	scanned := false
	return r.survive(func(id int) bool {
		if !scanned {
			clear(r.present)
			r.multi.Scan(ev, r.present)
			scanned = true
		}
		return r.present[id>>6]&(1<<(id&63)) != 0
	})
}

// Both strategies let the same patterns survive every event.
func TestSetLiteralsAgree(t *testing.T) {
	evs, _ := cloudTrail()
	rule := newLiteralRule(t)
	survived := 0
	for _, ev := range evs {
		a, b := rule.surviveRarestByte(ev), rule.surviveAhoCorasick(ev)
		if a != b {
			t.Fatalf("rarest byte: %d patterns survive, Aho–Corasick: %d, on %.200s", a, b, ev)
		}
		survived += a
	}
	if survived == 0 {
		t.Fatal("no pattern survived any event: the comparison proves nothing")
	}
}
