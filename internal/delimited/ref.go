package delimited

import "strconv"

// Ref names one extracted value ("$name" or "$N"), resolved once so that reading it from an
// event (for a metric value or dimension) costs no lookups and no allocations.
type Ref struct {
	slot int // field index (head then tail), or −1 for "$N"
	tok  int // N for "$N"
}

// Span locates a value in an event: event[Start:End]. OK is false when the value is absent.
type Span struct {
	Start, End int
	OK         bool
}

// Ref resolves key. ok is false when no event can ever have a value under key: key is neither a
// declared "$name" nor "$N" with N ≥ 1 written without leading zeros (extracted keys never
// have them).
func (m *Matcher) Ref(key string) (r Ref, ok bool) {
	if len(key) < 2 || key[0] != '$' {
		return Ref{}, false
	}
	for i := 0; i < len(m.head)+len(m.tail); i++ {
		if m.slot(i).key == key {
			return Ref{slot: i}, true
		}
	}
	if key[1] == '0' {
		return Ref{}, false
	}
	n, err := strconv.Atoi(key[1:])
	if err != nil || n < 1 || key[1] == '+' {
		return Ref{}, false
	}
	return Ref{slot: -1, tok: n}, true
}

// Locate reports whether event matches and, if so, sets out[i] to where the value of refs[i]
// is, exactly as AppendExtract would report it (absent keys get OK == false).
// len(out) must be at least len(refs).
func (m *Matcher) Locate(event []byte, refs []Ref, out []Span) bool {
	n, ok := m.match(event)
	if !ok {
		return false
	}
	out = out[:len(refs)]
	clear(out)
	found := 0
	w := m.walker(event, n)
	for found < len(refs) {
		e, ok := w.next()
		if !ok {
			break
		}
		for i, r := range refs {
			if !out[i].OK && r.is(m, e) {
				out[i] = Span{Start: e.vs, End: e.ve, OK: true}
				found++
			}
		}
	}
	return true
}

// LocateString is Locate for a string event.
func (m *Matcher) LocateString(event string, refs []Ref, out []Span) bool {
	return m.Locate(bytesOf(event), refs, out)
}

// is reports whether token e is extracted under r's key.
func (r Ref) is(m *Matcher, e entry) bool {
	if r.slot >= 0 {
		return e.slot == r.slot
	}
	return e.idx == r.tok && (e.slot < 0 || m.slot(e.slot).key == "")
}

// Value returns the value event reports under r; ok is false when event does not match or has
// no such value.
func (m *Matcher) Value(event []byte, r Ref) (value []byte, ok bool) {
	var out [1]Span
	if !m.Locate(event, []Ref{r}, out[:]) || !out[0].OK {
		return nil, false
	}
	return event[out[0].Start:out[0].End], true
}

// ValueString is Value for a string event.
func (m *Matcher) ValueString(event string, r Ref) (value string, ok bool) {
	var out [1]Span
	if !m.LocateString(event, []Ref{r}, out[:]) || !out[0].OK {
		return "", false
	}
	return event[out[0].Start:out[0].End], true
}
