package jsonmatch

import (
	"bytes"
	"hash/maphash"
	"slices"
)

// The walker validates the whole event and, on the way, resolves every selector of the
// pattern at once: each value is visited with the set of trie nodes that reach it, subtrees
// no node needs are skipped by the validating skipper, and each condition's primitive is
// recorded as a bit (§3.5, §3.6):
//
//   - cur: the primitive on the node the selector resolves to. Entering a trie node clears
//     its subtree's bits, so a later duplicate key replaces an earlier one (D-10).
//   - agg: for conditions below a wildcard, the OR of cur over the wildcard's elements.
//     Members of an object are folded only if no later member has the same key (D-10).

type walker struct {
	m      *Matcher
	b      []byte
	s      *scratch
	active uint64 // the patterns still undecided: trie nodes of no other pattern are not entered
}

// live returns t if one of the active patterns needs trie node t, else -1.
func (w *walker) live(t int32) int32 {
	if t >= 0 && w.m.trie[t].pats&w.active == 0 {
		return -1
	}
	return t
}

// states is the set of trie nodes reaching one value.
type states struct {
	n int
	v [maxStates]int32
}

func (st *states) add(x int32) {
	st.v[st.n] = x
	st.n++
}

// enter clears the bits of the subtree of trie node t before its value is visited.
func (w *walker) enter(t int32) {
	tn := &w.m.trie[t]
	if tn.lo == tn.hi {
		return
	}
	clearRange(w.s.cur, tn.lo, tn.hi)
	if !tn.underWild {
		clearRange(w.s.agg, tn.lo, tn.hi)
	}
}

// value walks the value at b[i] (not whitespace) reached by the nodes st; depth is the
// nesting depth of its container. It returns the index after the value or -1.
func (w *walker) value(i, depth int, st states) int {
	b := w.b
	if i >= len(b) {
		return -1
	}
	var n node
	switch b[i] {
	case '{':
		n.kind = kObject
		if w.leaves(st) {
			i = skipValue(b, i, depth)
		} else {
			i = w.object(i, depth+1, st)
		}
	case '[':
		n.kind = kArray
		i = w.array(i, depth+1, st, &n)
	case '"':
		n.kind = kString
		start := i + 1
		i, n.esc = scanString(b, start)
		if i >= 0 {
			n.raw = b[start : i-1]
		}
	case 't':
		n.kind = kTrue
		i = scanLiteral(b, i, "true")
	case 'f':
		n.kind = kFalse
		i = scanLiteral(b, i, "false")
	case 'n':
		n.kind = kNull
		i = scanLiteral(b, i, "null")
	default:
		n.kind = kNumber
		start := i
		i, n.isInt = scanNumber(b, i)
		if i >= 0 {
			n.raw = b[start:i]
		}
	}
	if i < 0 {
		return -1
	}
	w.s.decoded, w.s.parsed = false, false
	for _, t := range st.v[:st.n] {
		tn := &w.m.trie[t]
		for _, c := range tn.conds {
			if w.m.conds[c].eval(&n, w.s) {
				setBit(w.s.cur, c)
			}
		}
		if tn.exact != nil {
			if text, ok := n.text(w.s); ok {
				for _, c := range tn.exact[string(text)] {
					setBit(w.s.cur, c)
				}
			}
		}
	}
	return i
}

// leaves reports whether no node of st has children.
func (w *walker) leaves(st states) bool {
	for _, t := range st.v[:st.n] {
		if !w.m.trie[t].leaf {
			return false
		}
	}
	return true
}

// object walks the object at b[i]; depth is its own nesting depth.
func (w *walker) object(i, depth int, st states) int {
	b := w.b
	if depth > maxDepth {
		return -1
	}
	if i = skipWS(b, i+1); i < len(b) && b[i] == '}' {
		return i + 1
	}
	base := len(w.s.members)
	for {
		ks, ke, esc, vi := scanKey(b, i)
		if vi < 0 {
			return -1
		}
		key := b[ks:ke]
		var kids states
		for _, t := range st.v[:st.n] {
			tn := &w.m.trie[t]
			if c := w.live(tn.lookupKey(key, esc)); c >= 0 {
				w.enter(c)
				kids.add(c)
			}
			if wt := w.live(tn.wild); wt >= 0 {
				w.enter(wt)
				kids.add(wt)
			}
		}
		if kids.n == 0 {
			i = skipValue(b, vi, depth)
		} else {
			i = w.value(vi, depth, kids)
		}
		if i < 0 {
			return -1
		}
		for _, t := range st.v[:st.n] {
			if wt := w.live(w.m.trie[t].wild); wt >= 0 {
				w.record(wt, ks, ke, esc)
			}
		}
		if i = skipWS(b, i); i >= len(b) {
			return -1
		}
		switch b[i] {
		case ',':
			i = skipWS(b, i+1)
			continue
		case '}':
			w.foldMembers(base)
			return i + 1
		}
		return -1
	}
}

// array walks the array at b[i]; depth is its own nesting depth. It notes in n whether a
// direct element is null (IS NULL, §3.5).
func (w *walker) array(i, depth int, st states, n *node) int {
	b := w.b
	if depth > maxDepth {
		return -1
	}
	if i = skipWS(b, i+1); i < len(b) && b[i] == ']' {
		return i + 1
	}
	for idx := 0; ; idx++ {
		if i >= len(b) {
			return -1
		}
		if b[i] == 'n' {
			n.hasNull = true // validated as null below
		}
		var kids states
		for _, t := range st.v[:st.n] {
			tn := &w.m.trie[t]
			for _, e := range tn.index {
				if e.index == idx && w.live(e.child) >= 0 {
					w.enter(e.child)
					kids.add(e.child)
				}
			}
			if wt := w.live(tn.wild); wt >= 0 {
				w.enter(wt)
				kids.add(wt)
			}
		}
		if kids.n == 0 {
			i = skipValue(b, i, depth)
		} else {
			i = w.value(i, depth, kids)
		}
		if i < 0 {
			return -1
		}
		for _, t := range st.v[:st.n] {
			if wt := w.live(w.m.trie[t].wild); wt >= 0 {
				tn := &w.m.trie[wt]
				orRange(w.s.agg, w.s.cur, tn.lo, tn.hi)
			}
		}
		if i = skipWS(b, i); i >= len(b) {
			return -1
		}
		switch b[i] {
		case ',':
			i = skipWS(b, i+1)
			continue
		case ']':
			return i + 1
		}
		return -1
	}
}

// lookupKey returns the child for the raw key, or -1.
func (tn *trieNode) lookupKey(raw []byte, esc bool) int32 {
	if esc {
		for _, e := range tn.keys {
			if decodedEqual(raw, e.key) {
				return e.child
			}
		}
		return -1
	}
	if tn.keyMap != nil {
		if c, ok := tn.keyMap[string(raw)]; ok {
			return c
		}
		return -1
	}
	for _, e := range tn.keys {
		if e.key == string(raw) {
			return e.child
		}
	}
	return -1
}

// member is what a wildcard saw on one object member, kept until the object ends so that
// only the last of duplicate keys counts (D-10).
type member struct {
	wild   int32
	hash   uint64
	ks, ke int32
	esc    bool
	bits   uint64 // cur over the wildcard's subtree
	seq    int32
}

func (w *walker) record(wt int32, ks, ke int, esc bool) {
	tn := &w.m.trie[wt]
	k := w.b[ks:ke]
	if esc {
		w.s.key = appendDecoded(w.s.key[:0], k)
		k = w.s.key
	}
	w.s.members = append(w.s.members, member{
		wild: wt,
		hash: maphash.Bytes(w.m.seed, k),
		ks:   int32(ks), ke: int32(ke),
		esc:  esc,
		bits: getRange(w.s.cur, tn.lo, tn.hi),
		seq:  int32(len(w.s.members)),
	})
}

// foldMembers ORs the bits of the members recorded since base into agg, skipping every
// member whose key occurs again later in the same object, and drops the records.
func (w *walker) foldMembers(base int) {
	ms := w.s.members[base:]
	if len(ms) == 0 {
		return
	}
	const small = 16
	if len(ms) > small {
		slices.SortFunc(ms, func(a, b member) int {
			if a.wild != b.wild {
				return int(a.wild - b.wild)
			}
			if a.hash != b.hash {
				if a.hash < b.hash {
					return -1
				}
				return 1
			}
			return int(a.seq - b.seq)
		})
	}
	for i := range ms {
		last := true
		for j := i + 1; j < len(ms); j++ {
			if len(ms) > small && (ms[j].wild != ms[i].wild || ms[j].hash != ms[i].hash) {
				break // sorted: no later equal key
			}
			if ms[j].wild == ms[i].wild && ms[j].hash == ms[i].hash && w.sameKey(&ms[i], &ms[j]) {
				last = false
				break
			}
		}
		if last {
			tn := &w.m.trie[ms[i].wild]
			orBits(w.s.agg, tn.lo, ms[i].bits)
		}
	}
	w.s.members = w.s.members[:base]
}

func (w *walker) sameKey(a, b *member) bool {
	ka, kb := w.b[a.ks:a.ke], w.b[b.ks:b.ke]
	switch {
	case !a.esc && !b.esc:
		return bytes.Equal(ka, kb)
	case !a.esc:
		return decodedEqual(kb, ka)
	case !b.esc:
		return decodedEqual(ka, kb)
	}
	w.s.key = appendDecoded(w.s.key[:0], ka)
	return decodedEqual(kb, w.s.key)
}
