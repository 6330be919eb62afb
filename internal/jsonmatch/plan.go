package jsonmatch

import (
	"bytes"
	"cmp"
	"slices"

	"github.com/cwfilter/cwfilter/internal/termsearch"
)

// plan decides, before any parsing, which patterns of a group an event can still match. Its
// tests are shared: a literal or a key that several patterns require is searched once per
// event, and tests are skipped once every pattern needing them is decided. Like a single
// pattern's prefilter it is sound only for events without a backslash; for the others every
// pattern stays alive.
type plan struct {
	all   uint64 // the group's patterns
	tests []planTest
	lits  []*termsearch.Finder // distinct literals, by id
	fused *fusedGuards         // non-nil: the key guards, checked in one pass (aliveFused)
}

// planTest is one shared test: the patterns in pats die unless it passes.
type planTest struct {
	pats  uint64
	lits  []int32   // at least one of these literals occurs
	guard *keyGuard // or: the patterns guard accepts survive
	plain bool      // its strings have no character a short escape spells (see alive)
}

// inlineLits is how many literals the memo Set.Match keeps on its stack holds.
const inlineLits = 128

// newPlan derives the tests of patterns ms (pattern i has bit 1<<i): a pattern with guards
// is tested by the guard whose key most patterns share (one search serves them all);
// another by the literals its prefilter searches. Each literal is searched on demand,
// anchored on its rarest byte: measured against one Aho–Corasick pass over all of them
// (bench, SetLiterals), that is faster on CloudTrail.
func newPlan(ms []*Matcher) plan {
	p := plan{all: ^uint64(0) >> (64 - len(ms))}
	guards := make([][]guard, len(ms))
	keyUse := map[string]int{}
	for i, m := range ms {
		guards[i] = guardsOf(m.src.Expr)
		for _, g := range guards[i] {
			keyUse[g.key]++
		}
	}
	litID := map[string]int32{}
	lit := func(s string) int32 {
		id, ok := litID[s]
		if !ok {
			id = int32(len(p.lits))
			litID[s] = id
			p.lits = append(p.lits, termsearch.New([]byte(s)))
		}
		return id
	}
	type ranked struct {
		planTest
		rank int // search order: value literals, clauses, guards, member names
		size int // longer literals first: they occur less
	}
	var tests []ranked
	addLit := func(pat uint64, ids []int32, rank, size int) {
		for i := range tests {
			if slices.Equal(tests[i].lits, ids) {
				tests[i].pats |= pat
				return
			}
		}
		tests = append(tests, ranked{planTest{pats: pat, lits: ids}, rank, size})
	}
	keyGuards := map[string]*keyGuard{}
	for i, m := range ms {
		bit := uint64(1) << i
		if gs := guards[i]; len(gs) > 0 {
			best := slices.MaxFunc(gs, func(a, b guard) int {
				return cmp.Or(cmp.Compare(keyUse[a.key], keyUse[b.key]), cmp.Compare(len(b.vals), len(a.vals)))
			})
			kg := keyGuards[best.key]
			if kg == nil {
				kg = newKeyGuard(best.key)
				keyGuards[best.key] = kg
				tests = append(tests, ranked{planTest{guard: kg}, 2, 0})
			}
			kg.add(bit, best)
			continue
		}
		pf := m.prefilter
		if pf == nil {
			continue
		}
		for _, f := range pf.values {
			addLit(bit, []int32{lit(string(f.Needle()))}, 0, len(f.Needle()))
		}
		for _, c := range pf.clauses {
			var ids []int32
			for _, f := range c {
				ids = append(ids, lit(string(f.Needle())))
			}
			addLit(bit, ids, 1, 0)
		}
		for _, f := range pf.keys {
			addLit(bit, []int32{lit(string(f.Needle()))}, 3, len(f.Needle()))
		}
	}
	// A pattern's other guards on keys searched anyway cost only a value check: they rule
	// out more events before the walk (ConsoleLogin events of another user type).
	for i := range ms {
		for _, g := range guards[i] {
			if kg := keyGuards[g.key]; kg != nil && kg.pats&(1<<i) == 0 {
				kg.add(1<<i, g)
			}
		}
	}
	slices.SortStableFunc(tests, func(a, b ranked) int { return cmp.Or(cmp.Compare(a.rank, b.rank), cmp.Compare(b.size, a.size)) })
	for _, t := range tests {
		if t.guard != nil {
			t.pats = t.guard.pats
			t.plain = plainText(t.guard.key[1 : len(t.guard.key)-1]) // without its quotes
		} else {
			t.plain = true
			for _, id := range t.lits {
				t.plain = t.plain && plainText(p.lits[id].Needle())
			}
		}
		p.tests = append(p.tests, t.planTest)
	}
	p.fused = newFusedGuards(p.tests)
	return p
}

// litWords is the size of the plan's literal memo: bit i of known says literal i was
// searched, of present that it was found.
func (p *plan) litWords() int { return (len(p.lits) + 63) / 64 }

// spelling says which strings an event is sure to spell as they decode, so that searching
// its bytes for them is sound: in an event without a backslash, every string; with short
// escapes only (\" \\ \/ \b \f \n \r \t), the strings free of the characters those stand for
// (plainText); with a \u escape, none.
type spelling uint8

const (
	verbatim spelling = iota
	shortEscapes
	anySpelling
	unread // not known yet (aliveIn)
)

func spellingOf(event []byte) spelling {
	i := bytes.IndexByte(event, '\\')
	for i >= 0 && i+1 < len(event) {
		if event[i+1] == 'u' {
			return anySpelling
		}
		next := bytes.IndexByte(event[i+2:], '\\') // the escaped character is skipped: \\u is not \u
		if next < 0 {
			break
		}
		i += 2 + next
	}
	if i < 0 {
		return verbatim
	}
	return shortEscapes
}

// alive returns the patterns event, spelled sp, may match. known and present are the
// literal memo, litWords long and cleared. With short escapes only plain tests run, and a
// key guard accepts any value with an escape.
func (p *plan) alive(event []byte, sp spelling, known, present []uint64) uint64 {
	if sp == anySpelling {
		return p.all
	}
	return p.run(event, sp, p.all, known, present, false)
}

// aliveIn is alive for a Set, whose groups share *sp, unread until one of them needs it: a
// plan with fused guards reads it in its pass, another with spellingOf.
func (p *plan) aliveIn(event []byte, sp *spelling, known, present []uint64) uint64 {
	if p.fused != nil {
		alive, read := p.aliveFused(event, known, present)
		*sp = read
		return alive
	}
	if *sp == unread {
		*sp = spellingOf(event)
	}
	return p.alive(event, *sp, known, present)
}

// aliveFused is alive with the key guards checked in one pass (p.fused non-nil), which also
// reads the event's spelling.
func (p *plan) aliveFused(event []byte, known, present []uint64) (uint64, spelling) {
	var acc [maxFused]uint64
	sp := p.fused.scan(event, &acc)
	if sp == anySpelling {
		return p.all, sp
	}
	alive := p.all
	for g, kg := range p.fused.guards {
		if sp == verbatim || p.fused.plain[g] {
			alive &^= kg.pats &^ acc[g]
		}
	}
	if alive == 0 {
		return 0, sp
	}
	return p.run(event, sp, alive, known, present, true), sp
}

// run applies the plan's tests, the key guards unless guardsDone, to the patterns alive.
func (p *plan) run(event []byte, sp spelling, alive uint64, known, present []uint64, guardsDone bool) uint64 {
	for i := range p.tests {
		t := &p.tests[i]
		if t.pats&alive == 0 || sp == shortEscapes && !t.plain {
			continue
		}
		if t.guard != nil {
			if !guardsDone {
				alive &^= t.pats &^ t.guard.accepted(event)
			}
		} else if !p.anyPresent(t.lits, event, known, present) {
			alive &^= t.pats
		}
		if alive == 0 {
			break
		}
	}
	return alive
}

// plainText reports whether s has none of the characters a short escape stands for.
func plainText(s []byte) bool {
	for _, c := range s {
		if c == '"' || c == '\\' || c == '/' || c < 0x20 {
			return false
		}
	}
	return true
}

func (p *plan) anyPresent(ids []int32, event []byte, known, present []uint64) bool {
	for _, id := range ids {
		if !getBit(known, id) {
			setBit(known, id)
			if p.lits[id].Index(event) >= 0 {
				setBit(present, id)
			}
		}
		if getBit(present, id) {
			return true
		}
	}
	return false
}
