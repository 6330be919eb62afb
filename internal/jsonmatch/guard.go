package jsonmatch

import (
	"bytes"

	"github.com/cwfilter/cwfilter/filterpattern/ast"
	"github.com/cwfilter/cwfilter/internal/glob"
	"github.com/cwfilter/cwfilter/internal/termsearch"
)

// A guard is a required member, stronger than a required literal: every event matching the
// pattern has a member named key whose value is a number or a string one of vals accepts
// (the pattern needs `key = v1 || key = v2 …`, §3.5). In an event without a backslash
// the member's name and string value are spelled as they decode, so the guard is checked
// by finding each `"key"`, then `:` and the value, without parsing the event.
type guard struct {
	key  string
	vals []glob.Glob // Exact for number literals (eq compares their text with a string)
}

// guardsOf returns the guards every event matching e satisfies (none: nil).
func guardsOf(e ast.Expr) []guard {
	switch e := e.(type) {
	case *ast.Paren:
		return guardsOf(e.X)
	case *ast.And:
		var gs []guard
		for _, o := range e.Operands {
			gs = append(gs, guardsOf(o)...)
		}
		return gs
	case *ast.Or:
		// A key every alternative guards: the union of their values.
		var merged []guard
		for _, g := range guardsOf(e.Operands[0]) {
			m := guard{key: g.key, vals: g.vals}
			for _, o := range e.Operands[1:] {
				other, ok := guardOn(guardsOf(o), g.key)
				if !ok {
					m.key = ""
					break
				}
				m.vals = append(m.vals[:len(m.vals):len(m.vals)], other.vals...)
			}
			if m.key != "" {
				merged = append(merged, m)
			}
		}
		return merged
	case *ast.Condition:
		if g, ok := conditionGuard(e); ok {
			return []guard{g}
		}
	}
	return nil
}

func guardOn(gs []guard, key string) (guard, bool) {
	for _, g := range gs {
		if g.key == key {
			return g, true
		}
	}
	return guard{}, false
}

// conditionGuard: `$.….key = value` without wildcards, value a glob other than * or a number.
func conditionGuard(c *ast.Condition) (guard, bool) {
	segs := c.Selector.Segments
	if c.Op != ast.Eq || c.Value == nil || len(segs) == 0 || c.Selector.HasWildcard() {
		return guard{}, false
	}
	last := segs[len(segs)-1]
	if last.Kind != ast.Key {
		return guard{}, false
	}
	var g glob.Glob
	switch c.Value.Kind {
	case ast.Glob:
		if g = glob.Compile(c.Value.Text); g.Kind == glob.All {
			return guard{}, false
		}
	case ast.Number:
		g = glob.Glob{Kind: glob.Exact, Core: []byte(c.Value.Text)}
	default:
		return guard{}, false
	}
	return guard{key: last.Key, vals: []glob.Glob{g}}, true
}

// keyGuard checks the guards of several patterns on one key with one search.
type keyGuard struct {
	key    []byte            // `"key"`
	anchor byte              // its rarest byte (as a termsearch.Finder picks it)
	at     int               // the anchor's index in key
	pats   uint64            // the patterns guarded on the key
	exact  map[string]uint64 // value → the patterns accepting it
	sig    [16]uint64        // signatures of the exact values: most other values skip the map
	globs  []patGlob         // the other values
}

// signature hashes a value's length and its first and last two bytes into 0..1023.
func signature(v []byte) uint16 {
	n := len(v)
	if n < 2 {
		return uint16(n)
	}
	h := uint32(n)*0x9E3779B1 ^ uint32(v[0])<<24 ^ uint32(v[1])<<16 ^ uint32(v[n-2])<<8 ^ uint32(v[n-1])
	h *= 0x85EBCA6B
	return uint16(h >> 22)
}

type patGlob struct {
	g    glob.Glob
	pats uint64
}

func newKeyGuard(key string) *keyGuard {
	f := termsearch.New([]byte(`"` + key + `"`))
	anchor, at := f.Anchor()
	return &keyGuard{key: f.Needle(), anchor: anchor, at: at, exact: map[string]uint64{}}
}

func (k *keyGuard) add(pat uint64, g guard) {
	k.pats |= pat
	for _, v := range g.vals {
		if v.Kind == glob.Exact {
			k.exact[string(v.Core)] |= pat
			h := signature(v.Core)
			k.sig[h>>6] |= 1 << (h & 63)
		} else {
			k.globs = append(k.globs, patGlob{v, pat})
		}
	}
}

// accepted returns the patterns whose guard event satisfies, assuming it has no backslash.
// Every occurrence of `"key"` followed by a colon is taken for the member: a wrong one can
// only accept more. Occurrences are found by the key's rarest byte, as a Finder would.
// (fusedGuards finds the anchors of several keys in one pass instead.)
func (k *keyGuard) accepted(event []byte) uint64 {
	var acc uint64
	end := len(event) - (len(k.key) - 1 - k.at) // anchors at or past end cannot start a whole key
	for i := k.at; i < end && acc != k.pats; {
		j := bytes.IndexByte(event[i:end], k.anchor)
		if j < 0 {
			break
		}
		acc |= k.occurrence(event, i+j)
		i += j + 1
	}
	return acc
}

// occurrence returns the patterns accepted by the member at anchor, the index of an
// anchor byte in event, if the key occurs there (none if not).
func (k *keyGuard) occurrence(event []byte, anchor int) uint64 {
	needle := k.key
	n, p := len(needle), anchor-k.at
	if p < 0 || p+n > len(event) || event[p] != '"' || event[p+n-1] != '"' || string(event[p:p+n]) != string(needle) {
		return 0
	}
	v := skipWS(event, p+n)
	if v >= len(event) || event[v] != ':' {
		return 0
	}
	if v = skipWS(event, v+1); v >= len(event) {
		return 0
	}
	switch c := event[v]; {
	case c == '"':
		close := bytes.IndexByte(event[v+1:], '"')
		if close < 0 {
			return 0
		}
		s := event[v+1 : v+1+close]
		if bytes.IndexByte(s, '\\') >= 0 {
			return k.pats // an escaped value (perhaps cut short at a \"): not worth decoding
		}
		var acc uint64
		if h := signature(s); len(k.exact) > 0 && k.sig[h>>6]&(1<<(h&63)) != 0 {
			acc = k.exact[string(s)]
		}
		for _, g := range k.globs {
			if acc&g.pats != g.pats && g.g.Match(s) {
				acc |= g.pats
			}
		}
		return acc
	case c == '-' || '0' <= c && c <= '9':
		return k.pats // a number's T(v) is not worth predicting here
	}
	return 0
}
