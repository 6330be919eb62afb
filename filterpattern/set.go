package filterpattern

import (
	"math/bits"
	"sync"

	"github.com/cwfilter/cwfilter/filterpattern/ast"
	"github.com/cwfilter/cwfilter/internal/jsonmatch"
	"github.com/cwfilter/cwfilter/internal/termsearch"
)

// Set matches one event against many compiled patterns at once, as a log group applies its
// metric and subscription filters: the JSON patterns share one validating walk (their
// selector tries merged, each node knowing which patterns need it) after shared literal and
// key searches have ruled out the patterns that cannot match; term patterns share their
// substring searches; regex and space-delimited patterns are matched one by one. The answer
// for every pattern is exactly its own Match.
//
// A Set is immutable and safe for concurrent use.
type Set struct {
	patterns []*Pattern
	json     *jsonmatch.Set
	jsonIdx  []int // Set index of the JSON set's pattern i
	terms    termSet
	others   []int // matched one by one: regex, space-delimited, match-all
	maxEvent int   // 0: some pattern takes any size; larger events match nothing
	oneLimit bool  // every pattern has the same event size limit: maxEvent decides alone
	words    int   // uint64 words of a bitset over the patterns
}

// NewSet returns a Set of patterns, in order: pattern i of the Set is patterns[i]. It
// panics if a pattern is nil.
func NewSet(patterns ...*Pattern) *Set {
	s := &Set{patterns: append([]*Pattern(nil), patterns...), words: (len(patterns) + 63) / 64}
	var jsons []*ast.JSON
	unlimited := false
	for i, p := range s.patterns {
		unlimited = unlimited || p.maxEvent == 0
		s.maxEvent = max(s.maxEvent, p.maxEvent)
		switch p.kind {
		case JSON:
			jsons = append(jsons, p.tree.(*ast.JSON))
			s.jsonIdx = append(s.jsonIdx, i)
		case Terms:
			s.terms.add(i, p.tree.(*ast.Terms))
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
	if len(jsons) > 0 {
		// Every pattern compiled alone, so their union compiles too: CompileSet splits the
		// walk where the merged tries would exceed the walker's bounds.
		js, err := jsonmatch.CompileSet(jsons, jsonmatch.RarestByte)
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
	if s.json != nil && s.json.Len() == len(s.patterns) {
		s.json.Match(event, matched) // only JSON patterns: the indexes are the Set's
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

// termSet evaluates term patterns (§2.2) with one search per distinct term per event.
type termSet struct {
	finders []*termsearch.Finder // distinct terms
	ids     map[string]int32     // term text → index in finders
	pats    []termPattern
}

type termPattern struct {
	index int // in the Set
	roles termRoles[int32]
}

func (t *termSet) add(index int, terms *ast.Terms) {
	if t.ids == nil {
		t.ids = map[string]int32{}
	}
	roles := rolesOf(terms, func(text string) int32 {
		id, ok := t.ids[text]
		if !ok {
			id = int32(len(t.finders))
			t.ids[text] = id
			t.finders = append(t.finders, termsearch.New([]byte(text)))
		}
		return id
	})
	t.pats = append(t.pats, termPattern{index, roles})
}

// match sets the bits of the matching term patterns; known and present are the cleared
// memo of term searches.
func (t *termSet) match(event []byte, matched, known, present []uint64) {
	has := func(id int32) bool {
		w, bit := id>>6, uint64(1)<<(id&63)
		if known[w]&bit == 0 {
			known[w] |= bit
			if t.finders[id].Contains(event) {
				present[w] |= bit
			}
		}
		return present[w]&bit != 0
	}
	for i := range t.pats {
		if tp := &t.pats[i]; tp.roles.match(has) {
			matched[tp.index>>6] |= 1 << (tp.index & 63)
		}
	}
}
