package filterpattern

import (
	"math/bits"
	"sync"

	"github.com/cwfilter/cwfilter/filterpattern/ast"
	"github.com/cwfilter/cwfilter/internal/jsonmatch"
	"github.com/cwfilter/cwfilter/internal/regex"
	"github.com/cwfilter/cwfilter/internal/termsearch"
)

// Set matches one event against many compiled patterns at once, as a log group applies its
// metric and subscription filters: the JSON patterns share one validating walk (their
// selector tries merged, each node knowing which patterns need it) after shared literal and
// key searches have ruled out the patterns that cannot match; term patterns and the literals
// regex patterns require share their substring searches (a regex is matched only when its
// literals are found); space-delimited patterns are matched one by one. The answer for
// every pattern is exactly its own Match.
//
// A Set is immutable and safe for concurrent use.
type Set struct {
	patterns  []*Pattern
	json      *jsonmatch.Set
	jsonIdx   []int // Set index of the JSON set's pattern i
	jsonFirst bool  // jsonIdx[i] == i: the JSON patterns are the Set's first
	terms     termSet
	others    []int // matched one by one: space-delimited, match-all, regexes without literals
	maxEvent  int   // 0: some pattern takes any size; larger events match nothing
	oneLimit  bool  // every pattern has the same event size limit: maxEvent decides alone
	words     int   // uint64 words of a bitset over the patterns
}

// NewSet returns a Set of patterns, in order: pattern i of the Set is patterns[i]. It
// panics if a pattern is nil.
func NewSet(patterns ...*Pattern) *Set {
	s := &Set{patterns: append([]*Pattern(nil), patterns...), words: (len(patterns) + 63) / 64}
	var jsons []*jsonmatch.Matcher
	unlimited := false
	for i, p := range s.patterns {
		unlimited = unlimited || p.maxEvent == 0
		s.maxEvent = max(s.maxEvent, p.maxEvent)
		switch p.kind {
		case JSON:
			jsons = append(jsons, p.json)
			s.jsonIdx = append(s.jsonIdx, i)
		case Terms:
			s.terms.add(i, p.tree.(*ast.Terms))
		case Regex:
			if !s.terms.addRegex(i, p.re) {
				s.others = append(s.others, i)
			}
		default:
			s.others = append(s.others, i)
		}
	}
	if unlimited {
		s.maxEvent = 0
	}
	s.oneLimit = true
	for _, p := range s.patterns {
		s.oneLimit = s.oneLimit && p.maxEvent == s.patterns[0].maxEvent
	}
	s.jsonFirst = true
	for i, k := range s.jsonIdx {
		s.jsonFirst = s.jsonFirst && i == k
	}
	if len(jsons) > 0 {
		// Every pattern compiled alone, so their union compiles too: CompileSet splits the
		// walk where the merged tries would exceed the walker's bounds, and reuses the
		// patterns' compiled regexes and prefilters.
		js, err := jsonmatch.CompileSet(jsons)
		if err != nil {
			panic("filterpattern: NewSet: " + err.Error())
		}
		s.json = js
	}
	return s
}

// Len returns the number of patterns in the Set.
func (s *Set) Len() int { return len(s.patterns) }

// Pattern returns pattern i of the Set.
func (s *Set) Pattern(i int) *Pattern { return s.patterns[i] }

// inlineWords is the bitset size Match keeps on its stack: Sets of up to 128 patterns and
// 128 distinct terms need no pooled memory.
const inlineWords = 2

// scratch is the per-Match memory of a large Set.
type scratch struct{ matched, jsonBits, known, present []uint64 }

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

func sized(b []uint64, n int) []uint64 {
	if cap(b) < n {
		return make([]uint64, n)
	}
	b = b[:n]
	clear(b)
	return b
}

// Match appends to dst the indexes, in increasing order, of the patterns that event matches,
// and returns the extended slice. It allocates nothing when dst has room for every match.
func (s *Set) Match(event []byte, dst []int) []int {
	if s.maxEvent > 0 && len(event) > s.maxEvent {
		return dst
	}
	var m, j, k, p [inlineWords]uint64
	matched, jsonBits, known, present := m[:], j[:], k[:], p[:]
	if s.words > inlineWords || len(s.terms.finders) > 64*inlineWords {
		sc := scratchPool.Get().(*scratch)
		defer scratchPool.Put(sc)
		sc.matched, sc.jsonBits = sized(sc.matched, s.words), sized(sc.jsonBits, s.words)
		n := (len(s.terms.finders) + 63) / 64
		sc.known, sc.present = sized(sc.known, n), sized(sc.present, n)
		matched, jsonBits, known, present = sc.matched, sc.jsonBits, sc.known, sc.present
	}
	if s.json != nil && s.jsonFirst {
		s.json.Match(event, matched) // the JSON patterns come first: their indexes are the Set's
	} else if s.json != nil {
		s.json.Match(event, jsonBits)
		for w, word := range jsonBits {
			for ; word != 0; word &= word - 1 {
				i := s.jsonIdx[w*64+bits.TrailingZeros64(word)]
				matched[i>>6] |= 1 << (i & 63)
			}
		}
	}
	if len(s.terms.pats) > 0 {
		s.terms.match(event, matched, known, present)
	}
	for i := range s.terms.regexes {
		m := &s.terms.regexes[i]
		if s.terms.found(m, event, known, present) && (m.decided || s.patterns[m.index].re.Match(event)) {
			matched[m.index>>6] |= 1 << (m.index & 63)
		}
	}
	for _, i := range s.others {
		if s.patterns[i].Match(event) {
			matched[i>>6] |= 1 << (i & 63)
		}
	}
	for w, word := range matched[:s.words] {
		for ; word != 0; word &= word - 1 {
			i := w*64 + bits.TrailingZeros64(word)
			if s.oneLimit || !s.patterns[i].oversized(event) {
				dst = append(dst, i)
			}
		}
	}
	return dst
}

// MatchString is Match for an event held in a string, without copying it.
func (s *Set) MatchString(event string, dst []int) []int { return s.Match(bytesOf(event), dst) }

// termSet evaluates term patterns (§2.2) with one search per distinct term per event,
// and tells which regex patterns have the literals they require: a literal that is also a
// term, or another regex's, is searched once.
type termSet struct {
	finders []*termsearch.Finder // distinct terms and literals
	uses    []int32              // by finder: the terms and regex clauses that search it (1: no memo needed)
	ids     map[string]int32     // text → index in finders
	pats    []termPattern
	regexes []regexMember
}

type termPattern struct {
	index int
	roles termRoles[int32]
}

// regexMember is a regex pattern of the Set with the literals its matches contain: all of
// some clause (indexes in finders).
type regexMember struct {
	index   int
	clauses [][]int32
	decided bool // a clause found is a match
}

// id returns the index of text's search, adding it if new, and counts one more use of it.
func (t *termSet) id(text string) int32 {
	if t.ids == nil {
		t.ids = map[string]int32{}
	}
	id, ok := t.ids[text]
	if !ok {
		id = int32(len(t.finders))
		t.ids[text] = id
		t.finders = append(t.finders, termsearch.New([]byte(text)))
		t.uses = append(t.uses, 0)
	}
	t.uses[id]++
	return id
}

func (t *termSet) add(index int, terms *ast.Terms) {
	t.pats = append(t.pats, termPattern{index, rolesOf(terms, t.id)})
}

// addRegex adds the literal searches of regex pattern index; false when it requires none.
func (t *termSet) addRegex(index int, re *regex.Regexp) bool {
	cs := re.Clauses()
	if cs == nil {
		return false
	}
	m := regexMember{index: index, decided: re.Decided()}
	for _, c := range cs {
		ids := make([]int32, len(c))
		for i, l := range c {
			ids[i] = t.id(l)
		}
		m.clauses = append(m.clauses, ids)
	}
	t.regexes = append(t.regexes, m)
	return true
}

// has reports whether the text of search id occurs in event, searching it only the first
// time: known and present are the event's memo, cleared bitsets over the finders.
func (t *termSet) has(id int32, event []byte, known, present []uint64) bool {
	w, bit := id>>6, uint64(1)<<(id&63)
	if known[w]&bit == 0 {
		known[w] |= bit
		if t.finders[id].Contains(event) {
			present[w] |= bit
		}
	}
	return present[w]&bit != 0
}

// match sets the bits of the matching term patterns.
func (t *termSet) match(event []byte, matched, known, present []uint64) {
	has := func(id int32) bool { return t.has(id, event, known, present) }
	for i := range t.pats {
		if tp := &t.pats[i]; tp.roles.match(has) {
			matched[tp.index>>6] |= 1 << (tp.index & 63)
		}
	}
}

// found reports whether event has every literal of one of m's clauses. A literal that no
// term and no other clause searches is searched without the memo.
func (t *termSet) found(m *regexMember, event []byte, known, present []uint64) bool {
next:
	for _, c := range m.clauses {
		for _, id := range c {
			if t.uses[id] == 1 {
				if !t.finders[id].Contains(event) {
					continue next
				}
			} else if !t.has(id, event, known, present) {
				continue next
			}
		}
		return true
	}
	return false
}
