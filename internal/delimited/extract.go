package delimited

import "strconv"

// Field is one extracted value: Key is "$name" or "$N" (1-based token index), as
// TestMetricFilter reports it (§4.5).
type Field struct{ Key, Value string }

// AppendExtract reports whether event matches and, if so, appends its extracted values to dst
// in token order. The values share one copy of event.
func (m *Matcher) AppendExtract(dst []Field, event []byte) ([]Field, bool) {
	n, ok := m.match(event)
	if !ok {
		return dst, false
	}
	return m.appendFields(dst, string(event), n), true
}

// AppendExtractString is AppendExtract for a string event; the values are substrings of event,
// so nothing is allocated beyond growing dst.
func (m *Matcher) AppendExtractString(dst []Field, event string) ([]Field, bool) {
	n, ok := m.match(bytesOf(event))
	if !ok {
		return dst, false
	}
	return m.appendFields(dst, event, n), true
}

func (m *Matcher) appendFields(dst []Field, s string, n int) []Field {
	w := m.walker(bytesOf(s), n)
	for {
		e, ok := w.next()
		if !ok {
			return dst
		}
		key := numKey(e.idx)
		if e.slot >= 0 {
			if k := m.slot(e.slot).key; k != "" {
				key = k
			}
		}
		dst = append(dst, Field{Key: key, Value: s[e.vs:e.ve]})
	}
}

// walker visits the tokens of a matching message with the field each one belongs to.
type walker struct {
	m   *Matcher
	sc  scanner
	n   int // token count (patterns with "..." and fields after it)
	idx int // 1-based index of the last token returned
	end bool
}

// entry is one visited token: slot is the index of its field (head fields first, then tail
// fields) or −1 for a token covered by "..."; the value is m[vs:ve].
type entry struct{ idx, slot, vs, ve int }

func (m *Matcher) walker(b []byte, n int) walker { return walker{m: m, sc: scanner{m: b}, n: n} }

func (w *walker) next() (entry, bool) {
	if w.end {
		return entry{}, false
	}
	t, ok := w.sc.next()
	if !ok {
		return entry{}, false
	}
	w.idx++
	m, i := w.m, w.idx
	if !m.ellipsis {
		if i < len(m.head) {
			return entry{i, i - 1, t.vs, t.ve}, true
		}
		// The last field: its token, or the raw remainder when more tokens follow.
		w.end = true
		if w.sc.more() {
			return entry{i, i - 1, t.start, len(w.sc.m)}, true
		}
		return entry{i, i - 1, t.vs, t.ve}, true
	}
	h, tl := len(m.head), len(m.tail)
	switch {
	case i <= h:
		return entry{i, i - 1, t.vs, t.ve}, true
	case tl > 0 && i > w.n-tl:
		return entry{i, h + i - (w.n - tl) - 1, t.vs, t.ve}, true
	}
	return entry{i, -1, t.vs, t.ve}, true
}

func (m *Matcher) slot(i int) *slot {
	if i < len(m.head) {
		return &m.head[i]
	}
	return &m.tail[i-len(m.head)]
}

// numKeys holds "$1"… precomputed so typical extraction does not format numbers.
var numKeys = func() (k [256]string) {
	for i := range k {
		k[i] = "$" + strconv.Itoa(i)
	}
	return k
}()

func numKey(i int) string {
	if i < len(numKeys) {
		return numKeys[i]
	}
	return "$" + strconv.Itoa(i)
}
