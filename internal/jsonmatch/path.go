package jsonmatch

import (
	"errors"
	"hash/maphash"
	"strconv"

	"github.com/cwfilter/cwfilter/filterpattern/ast"
)

// Kind is the JSON kind of a node. The kinds are numbered from 1 as filterpattern.ValueKind
// numbers them, whose 0 is "missing", so that one converts to the other.
type Kind uint8

const (
	Null   Kind = iota + 1
	Number      // a finite number
	Inf         // a number token that overflows float64 (EV4)
	String
	True
	False
	Object
	Array
)

var kindNames = [...]string{"", "null", "number", "INF", "string", "true", "false", "object", "array"}

func (k Kind) String() string {
	if k > 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Value is a node found by Lookup.
type Value struct {
	Kind Kind
	// Text is the decoded string (String) or T(v) (Number, Inf; EV6); empty otherwise.
	// It aliases the event when no decoding was needed, else the caller's buffer.
	Text []byte
	// Raw is the number token as written (Number, Inf), aliasing the event.
	Raw []byte
}

// Path is a compiled selector without wildcards, used to read metric values and
// dimensions ($.latency) from events. It is immutable and safe for concurrent use.
type Path struct {
	m *Matcher
}

// CompileSelector compiles a selector for Lookup. Wildcards are rejected (§7.2).
func CompileSelector(sel *ast.Selector) (*Path, error) {
	if len(sel.Segments) == 0 || sel.HasWildcard() {
		return nil, errors.New("jsonmatch: a lookup selector must have segments and no wildcard")
	}
	b := newBuilder()
	at := 0
	for _, s := range sel.Segments {
		at = b.child(at, s)
	}
	p := &program{leaf: true, final: fCur}
	b.add(at, cond{test: tCapture}, &p.cond)
	m := &Matcher{expr: p, seed: maphash.MakeSeed()}
	if err := m.finish(b); err != nil {
		return nil, err
	}
	return &Path{m: m}, nil
}

// Lookup resolves the selector in event (last duplicate key wins, D-10). ok is false when
// the node is missing or the event is not one valid JSON object (EV1, EV2). Decoded strings
// with escapes and T(v) of floats are appended to buf; nothing is allocated unless buf must grow.
func (p *Path) Lookup(event, buf []byte) (v Value, ok bool) {
	s := p.m.getScratch()
	defer pool.Put(s)
	if !p.m.walk(event, s, 1) || !p.m.expr.eval(s) {
		return Value{}, false
	}
	n := &s.captured
	v.Kind = n.kind // but Inf for a number beyond float64: the walk does not read its range
	switch n.kind {
	case String:
		v.Text = n.raw
		if n.esc {
			v.Text = appendDecoded(buf[:0], n.raw)
		}
	case Number:
		num := parseNumber(n.raw, n.isInt, s.numBuf[:])
		v.Raw, v.Text = n.raw, n.raw
		if num.inf {
			v.Kind = Inf
		}
		if !n.isInt || num.view.IsZero() { // T(v) differs from the token: float or -0
			v.Text = append(buf[:0], num.text...)
		}
	}
	s.captured = node{} // do not keep the event alive from the pool
	return v, true
}
