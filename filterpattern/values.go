package filterpattern

import (
	"fmt"
	"strconv"

	"github.com/cwfilter/cwfilter/internal/delimited"
	"github.com/cwfilter/cwfilter/internal/grammar"
	"github.com/cwfilter/cwfilter/internal/jsonmatch"
)

// Ref is a compiled reference to one value of a matching event, the way a metric filter names
// its metric value or a dimension: a selector without wildcards ("$.a.b", "$.list[0]") for a
// JSON pattern, or "$name" (a declared field) / "$N" (the N-th token, N ≥ 1) for a
// space-delimited pattern. A JSON selector need not occur in the pattern (§7.2, DM8).
// Refs are created by (*Pattern).Ref and only valid with that pattern.
type Ref struct {
	key   string
	path  *jsonmatch.Path
	delim delimited.Ref
}

// String returns the reference as written.
func (r Ref) String() string { return r.key }

// RefError reports a reference that is not valid for a pattern's kind.
type RefError struct {
	Ref  string
	Kind Kind
}

func (e *RefError) Error() string {
	return fmt.Sprintf("filterpattern: %q is not a field reference of a %v pattern", e.Ref, e.Kind)
}

// Ref compiles ref for use with MatchRefs. The error is a *RefError.
func (p *Pattern) Ref(ref string) (Ref, error) {
	switch p.kind {
	case JSON:
		if sel, ok := grammar.ParseSelector(ref); ok && !sel.HasWildcard() {
			if path, err := jsonmatch.CompileSelector(sel); err == nil {
				return Ref{key: ref, path: path}, nil
			}
		}
	case SpaceDelimited:
		if r, ok := p.delim.Ref(ref); ok {
			return Ref{key: ref, delim: r}, nil
		}
	}
	return Ref{}, &RefError{Ref: ref, Kind: p.kind}
}

// ValueKind classifies the value a Ref reads from an event.
type ValueKind uint8

const (
	ValueMissing ValueKind = iota // no such member, index or token
	ValueNull                     // JSON null
	ValueNumber                   // a finite JSON number; Text is T(v) (EV6)
	ValueInf                      // a JSON number overflowing float64 (EV4); Text is T(v)
	ValueString                   // a JSON string (decoded) or a space-delimited field
	ValueTrue                     // JSON true
	ValueFalse                    // JSON false
	ValueObject                   // a JSON object
	ValueArray                    // a JSON array
)

var valueKindNames = [...]string{"missing", "null", "number", "INF", "string", "true", "false", "object", "array"}

func (k ValueKind) String() string {
	if int(k) < len(valueKindNames) {
		return valueKindNames[k]
	}
	return "ValueKind(" + strconv.Itoa(int(k)) + ")"
}

// RefValue is the value of one Ref in one event. Text aliases the event or storage owned by
// the RefValue itself, so it is valid until the event changes or the RefValue is reused;
// reusing the same out slice across calls makes MatchRefs allocation-free once warm.
type RefValue struct {
	Kind ValueKind
	Text []byte // the string, the field or T(v) of a number; empty for other kinds
	buf  []byte
}

// maxStackRefs is how many space-delimited refs MatchRefs serves without allocating.
const maxStackRefs = 8

// MatchRefs reports whether event matches and, if so, sets out[i] to the value of refs[i].
// len(out) must be at least len(refs). It does not allocate once out's buffers are warm
// (space-delimited: for up to 8 refs). Match stays the fast path when no value is needed.
func (p *Pattern) MatchRefs(event []byte, refs []Ref, out []RefValue) bool {
	out = out[:len(refs)]
	if p.oversized(event) {
		return false
	}
	switch p.kind {
	case JSON:
		if !p.json.Match(event) {
			return false
		}
		for i, r := range refs {
			lookupJSON(r.path, event, &out[i])
		}
		return true
	case SpaceDelimited:
		return p.locateDelimited(event, refs, out)
	}
	for i := range out {
		out[i].Kind, out[i].Text = ValueMissing, nil
	}
	return p.Match(event)
}

// MatchRefsString is MatchRefs for a string event, without copying it.
func (p *Pattern) MatchRefsString(event string, refs []Ref, out []RefValue) bool {
	return p.MatchRefs(bytesOf(event), refs, out)
}

func lookupJSON(path *jsonmatch.Path, event []byte, o *RefValue) {
	if path == nil { // a zero Ref
		o.Kind, o.Text = ValueMissing, nil
		return
	}
	v, ok := path.Lookup(event, o.buf[:0])
	if !ok {
		o.Kind, o.Text = ValueMissing, nil
		return
	}
	// Copy into our own buffer: Text may point into Lookup's scratch; the copy is a
	// no-op move when it already is our buffer, and grows it only while warming up.
	o.buf = append(o.buf[:0], v.Text...)
	o.Text = o.buf
	switch v.Kind {
	case jsonmatch.String:
		o.Kind = ValueString
	case jsonmatch.Number:
		o.Kind = ValueNumber
	case jsonmatch.Inf:
		o.Kind = ValueInf
	case jsonmatch.True:
		o.Kind, o.Text = ValueTrue, nil
	case jsonmatch.False:
		o.Kind, o.Text = ValueFalse, nil
	case jsonmatch.Null:
		o.Kind, o.Text = ValueNull, nil
	case jsonmatch.Object:
		o.Kind, o.Text = ValueObject, nil
	case jsonmatch.Array:
		o.Kind, o.Text = ValueArray, nil
	}
}

func (p *Pattern) locateDelimited(event []byte, refs []Ref, out []RefValue) bool {
	var stack [maxStackRefs]delimited.Ref
	var spanStack [maxStackRefs]delimited.Span
	drefs, spans := stack[:0], spanStack[:]
	if len(refs) > maxStackRefs {
		drefs, spans = make([]delimited.Ref, 0, len(refs)), make([]delimited.Span, len(refs))
	}
	for _, r := range refs {
		drefs = append(drefs, r.delim)
	}
	if !p.delim.Locate(event, drefs, spans) {
		return false
	}
	for i := range out {
		if s := spans[i]; s.OK {
			out[i].Kind, out[i].Text = ValueString, event[s.Start:s.End]
		} else {
			out[i].Kind, out[i].Text = ValueMissing, nil
		}
	}
	return true
}
