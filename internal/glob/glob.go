// Package glob implements the G literal of §3.3.1: a '*' at the start and/or end of the
// literal is a wildcard, any other '*' is a literal star. Matching is linear in the subject.
package glob

import "bytes"

// Kind is the shape of a glob, decided once at compile time.
type Kind uint8

const (
	Exact    Kind = iota // no wildcard: s == core
	Prefix               // core*: s starts with core
	Suffix               // *core: s ends with core
	Contains             // *core*: core occurs in s
	All                  // *: anything
)

// Glob is a compiled G literal.
type Glob struct {
	Kind Kind
	Core []byte
}

// Compile classifies the decoded literal g.
func Compile(g string) Glob {
	if g == "*" {
		return Glob{Kind: All}
	}
	lead := len(g) > 0 && g[0] == '*'
	trail := len(g) > 1 && g[len(g)-1] == '*'
	core := g
	if lead {
		core = core[1:]
	}
	if trail {
		core = core[:len(core)-1]
	}
	k := Exact
	switch {
	case lead && trail:
		k = Contains
	case lead:
		k = Suffix
	case trail:
		k = Prefix
	}
	return Glob{Kind: k, Core: []byte(core)}
}

// Match reports whether s satisfies the glob.
func (g *Glob) Match(s []byte) bool {
	switch g.Kind {
	case Exact:
		return bytes.Equal(s, g.Core)
	case Prefix:
		return bytes.HasPrefix(s, g.Core)
	case Suffix:
		return bytes.HasSuffix(s, g.Core)
	case Contains:
		return bytes.Contains(s, g.Core)
	}
	return true
}

// Reference is the literal transcription of §3.3.1, the slow twin of Compile+Match.
func Reference(g, s string) bool {
	if g == "*" {
		return true
	}
	lead := len(g) > 0 && g[0] == '*'
	trail := len(g) > 1 && g[len(g)-1] == '*'
	core := g
	if lead {
		core = core[1:]
	}
	if trail {
		core = core[:len(core)-1]
	}
	switch {
	case lead && trail:
		for i := 0; i+len(core) <= len(s); i++ {
			if s[i:i+len(core)] == core {
				return true
			}
		}
		return false
	case lead:
		return len(s) >= len(core) && s[len(s)-len(core):] == core
	case trail:
		return len(s) >= len(core) && s[:len(core)] == core
	}
	return s == core
}
