package delimited

import (
	"fmt"
	"unsafe"

	"github.com/cwfilter/cwfilter/filterpattern/ast"
)

// ringSize is how many trailing tokens Match keeps in a stack array for the fields after "...".
// Patterns with more fields after "..." scan the message twice instead (same result, slower).
const ringSize = 64

// slot is one compiled field.
type slot struct {
	key  string // "$name"; "" for an unnamed field, whose key is its token index
	cond cond   // nil: any value
}

// Matcher is a compiled space-delimited pattern. It is immutable and safe for concurrent use.
type Matcher struct {
	head     []slot // fields before "..." (all fields when there is no "...")
	tail     []slot // fields after "..."
	ellipsis bool   // "..." present, or no fields at all (which behaves the same, §4.3)
	ring     bool   // tail fits the stack ring (see ringSize)
	names    []string
}

// Compile turns a parsed space-delimited pattern into a Matcher.
func Compile(d *ast.Delimited) (*Matcher, error) {
	m := &Matcher{}
	seen := map[string]bool{}
	for _, f := range d.Fields {
		if f.Ellipsis {
			if m.ellipsis {
				return nil, fmt.Errorf("delimited: more than one '...'")
			}
			m.ellipsis = true
			continue
		}
		s := slot{}
		if f.Name != "" {
			if seen[f.Name] {
				return nil, fmt.Errorf("delimited: duplicate field %q", f.Name)
			}
			seen[f.Name] = true
			s.key = "$" + f.Name
			m.names = append(m.names, f.Name)
		} else if f.Expr != nil {
			return nil, fmt.Errorf("delimited: condition on an unnamed field")
		}
		c, err := compileCond(f.Expr)
		if err != nil {
			return nil, err
		}
		s.cond = c
		if m.ellipsis {
			m.tail = append(m.tail, s)
		} else {
			m.head = append(m.head, s)
		}
	}
	if len(d.Fields) == 0 {
		m.ellipsis = true
	}
	m.ring = len(m.tail) <= ringSize
	return m, nil
}

// FieldNames returns the declared field names in pattern order.
func (m *Matcher) FieldNames() []string { return append([]string(nil), m.names...) }

// Match reports whether event matches the pattern.
func (m *Matcher) Match(event []byte) bool {
	_, ok := m.match(event)
	return ok
}

// MatchString is Match for a string event; it does not copy the event.
func (m *Matcher) MatchString(event string) bool { return m.Match(bytesOf(event)) }

// bytesOf views s as bytes without copying. The engine only reads events, never writes them.
func bytesOf(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }

// match reports whether b matches; with fields after "..." it also returns the token count n,
// which extraction needs to tell the "..." tokens from the tail (other patterns return 0).
func (m *Matcher) match(b []byte) (n int, ok bool) {
	sc := scanner{m: b}
	if !m.ellipsis {
		return 0, m.matchFixed(&sc)
	}
	for i := range m.head {
		t, ok := sc.next()
		if !ok || !test(m.head[i].cond, b[t.vs:t.ve]) {
			return 0, false
		}
	}
	switch {
	case len(m.tail) == 0:
		return 0, true // "..." takes whatever follows
	case m.ring:
		return m.matchTailRing(&sc)
	}
	return m.matchTailTwoPass(&sc)
}

func test(c cond, f []byte) bool { return c == nil || c.match(f) }

// matchFixed aligns a pattern without "...": fields 1…k−1 take tokens 1…k−1 and field k takes
// token k, or the raw remainder m[start(T_k):] when more tokens follow (§4.3).
func (m *Matcher) matchFixed(sc *scanner) bool {
	b, k := sc.m, len(m.head)
	for i := 0; i < k-1; i++ {
		t, ok := sc.next()
		if !ok || !test(m.head[i].cond, b[t.vs:t.ve]) {
			return false
		}
	}
	last := m.head[k-1].cond
	if last == nil { // only the token's existence matters: no need to scan it
		return sc.more()
	}
	t, ok := sc.next()
	return ok && last.match(lastValue(sc, t))
}

// lastValue is the value of the last field of a pattern without "...", whose token is t.
func lastValue(sc *scanner, t token) []byte {
	if sc.more() {
		return sc.m[t.start:]
	}
	return sc.m[t.vs:t.ve]
}

// matchTailRing keeps the last len(tail) token values in a stack ring while counting tokens.
func (m *Matcher) matchTailRing(sc *scanner) (int, bool) {
	var ring [ringSize]token
	t := len(m.tail)
	n, w := len(m.head), 0
	for tok, ok := sc.next(); ok; tok, ok = sc.next() {
		ring[w] = tok
		if w++; w == t {
			w = 0
		}
		n++
	}
	if n-len(m.head) < t {
		return 0, false
	}
	// ring[w] is the oldest kept token, i.e. token n−t+1.
	for j := range m.tail {
		tok := ring[(w+j)%t]
		if !test(m.tail[j].cond, sc.m[tok.vs:tok.ve]) {
			return 0, false
		}
	}
	return n, true
}

// matchTailTwoPass counts the remaining tokens, then rescans to the last len(tail) of them.
func (m *Matcher) matchTailTwoPass(sc *scanner) (int, bool) {
	start := *sc
	rest := 0
	for _, ok := sc.next(); ok; _, ok = sc.next() {
		rest++
	}
	if rest < len(m.tail) {
		return 0, false
	}
	*sc = start
	for i := 0; i < rest-len(m.tail); i++ {
		sc.next()
	}
	for j := range m.tail {
		tok, _ := sc.next()
		if !test(m.tail[j].cond, sc.m[tok.vs:tok.ve]) {
			return 0, false
		}
	}
	return len(m.head) + rest, true
}
