package jsonmatch

import (
	"strings"
	"testing"

	"github.com/cwfilter/cwfilter/filterpattern/ast"
	"github.com/cwfilter/cwfilter/internal/grammar"
	"github.com/cwfilter/cwfilter/internal/jsonmatch/reference"
)

// FuzzJSONMatch holds the engine to the reference evaluator, and the prefilter to the full
// evaluation. The fuzzer's bytes drive generators of patterns and events over a small
// vocabulary (so that matches are frequent); the raw event bytes are also tried as is.
func FuzzJSONMatch(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3}, []byte(`{"a":7}`))
	f.Add([]byte{9, 9, 9, 1, 4, 200}, []byte(`{"a":[1,null,{"b":"x"}],"a.b":"x\/y"}`))
	f.Add([]byte{3, 7, 1, 2, 250, 17, 33}, []byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
	f.Fuzz(func(t *testing.T, pat, ev []byte) {
		text := genPattern(&byteSource{b: pat})
		parsed, err := grammar.ParseWithLimit(text, grammar.MetricFilter, 0)
		if err != nil {
			return // the generator may exceed a quota; the grammar is tested elsewhere
		}
		p := parsed.(*ast.JSON)
		m, err := Compile(p)
		if err != nil {
			t.Fatalf("compile %s: %v", text, err)
		}
		noPre := m.WithoutPrefilter()
		for _, event := range [][]byte{ev, []byte(genEvent(&byteSource{b: ev}))} {
			want := reference.Match(p, event)
			if got := noPre.Match(event); got != want {
				t.Fatalf("engine %v, reference %v\npattern %s\nevent   %q", got, want, text, event)
			}
			if got := m.Match(event); got != want {
				t.Fatalf("prefilter unsound: %v, want %v (literals %q)\npattern %s\nevent   %q", got, want, m.Literals(), text, event)
			}
		}
	})
}

// byteSource yields the fuzzer's bytes, then zeros.
type byteSource struct {
	b []byte
	i int
}

func (s *byteSource) next() int {
	if s.i >= len(s.b) {
		return 0
	}
	s.i++
	return int(s.b[s.i-1])
}

func (s *byteSource) pick(xs []string) string { return xs[s.next()%len(xs)] }

var (
	genKeys      = []string{"a", "b", "c", "a.b", "x-y", "k", "é", "@t", "abc", "xyz"}
	genNumbers   = []string{"0", "1", "-1", "7", "7.0", "7e0", "+7", "1e400", "-1e400", "0.1", "1.5e3", "1500", "9007199254740993", "-0", "4e-500", "1e7", "123456789012345678901234567890"}
	genGlobs     = []string{`"x"`, `"*x"`, `"x*"`, `"*x*"`, `"*"`, `""`, `"7"`, `"7.0"`, `"1.0E7"`, `"Infinity"`, `"a*b"`, `"é"`, `"x/y"`, `"q\"q"`, `x`, `true`, `ab*`, `*`, `*b`, `"0"`, `"-0.0"`, `"*E7"`, `"xyz"`, `"*xyz"`, `"abc*"`, `"*bcd*"`, `abcd`, `"nfinity"`}
	genRegexes   = []string{`%^7%`, `%x%`, `%[0-9]+%`, `%\.0$%`, `%^$%`, `%I%`}
	genEventStrs = []string{`"x"`, `"7"`, `"7.0"`, `"true"`, `"x\/y"`, `"\u0078"`, `"ax"`, `"xa"`, `"a*b"`, `"q\"q"`, `""`, `"é"`, `"\ud800"`, `"1.0E7"`, `"Infinity"`, `"ab"`, `"xyz"`, `"abcd"`, `"xxyz"`, `"\u0078yz"`, `"ab\u0063d"`, `"abc"`}
	genEventNums = []string{"7", "7.0", "7e0", "1e400", "-1e400", "-0", "-0.0", "0.1", "1e-1", "1500", "1.5E+3", "9007199254740993", "9007199254740992", "4e-500", "1e7", "0", "123456789012345678901234567890", "-1", "6"}
)

// genPattern builds a JSON pattern text.
func genPattern(s *byteSource) string {
	g := &patGen{s: s}
	return "{ " + g.expr(0) + " }"
}

type patGen struct {
	s       *byteSource
	wilds   int
	regexes int
}

func (g *patGen) expr(depth int) string {
	switch c := g.s.next() % 8; {
	case depth < 3 && c == 5:
		return g.expr(depth+1) + " && " + g.expr(depth+1)
	case depth < 3 && c == 6:
		return g.expr(depth+1) + " || " + g.expr(depth+1)
	case depth < 3 && c == 7:
		return "(" + g.expr(depth+1) + ")"
	}
	return g.cond()
}

func (g *patGen) cond() string {
	var b strings.Builder
	b.WriteString("$")
	wild := false
	for i, n := 0, 1+g.s.next()%3; i < n; i++ {
		switch c := g.s.next() % 10; {
		case c < 5:
			k := g.s.pick(genKeys)
			if strings.ContainsAny(k, ".@") {
				b.WriteString(".['" + k + "']")
			} else {
				b.WriteString("." + k)
			}
		case c < 7 && i > 0:
			b.WriteString("[" + string(rune('0'+c-5)) + "]")
		case !wild && g.wilds < 3:
			wild = true
			if c%2 == 0 || i == 0 {
				b.WriteString(".*")
			} else {
				b.WriteString("[*]")
			}
		default:
			b.WriteString("." + g.s.pick(genKeys[:3]))
		}
	}
	if wild {
		g.wilds++
	}
	switch op := g.s.next() % 10; op {
	case 0, 1:
		b.WriteString(" = " + g.value())
	case 2:
		b.WriteString(" != " + g.value())
	case 3:
		b.WriteString(" " + []string{"<", "<=", ">", ">="}[g.s.next()%4] + " " + g.s.pick(genNumbers))
	case 4:
		b.WriteString(" IS NULL")
	case 5:
		b.WriteString(" IS TRUE")
	case 6:
		b.WriteString(" IS FALSE")
	case 7:
		b.WriteString(" NOT EXISTS")
	default:
		b.WriteString(" = " + g.value())
	}
	return b.String()
}

func (g *patGen) value() string {
	switch g.s.next() % 4 {
	case 0:
		return g.s.pick(genNumbers)
	case 1:
		if g.regexes < 2 {
			g.regexes++
			return g.s.pick(genRegexes)
		}
	}
	return g.s.pick(genGlobs)
}

// genEvent builds an event: mostly a valid object over the vocabulary, sometimes corrupted.
func genEvent(s *byteSource) string {
	var b strings.Builder
	genObject(s, &b, 0)
	ev := b.String()
	if c := s.next(); c%8 == 7 && len(ev) > 0 { // corrupt one byte
		i := s.next() % len(ev)
		ev = ev[:i] + string(rune(" {}[],:\"\\x0n"[s.next()%12])) + ev[i+1:]
	}
	return ev
}

func genValue(s *byteSource, b *strings.Builder, depth int) {
	switch c := s.next() % 10; {
	case c < 2 && depth < 4:
		genObject(s, b, depth+1)
	case c < 4 && depth < 4:
		b.WriteByte('[')
		for i, n := 0, s.next()%4; i < n; i++ {
			if i > 0 {
				b.WriteByte(',')
			}
			genValue(s, b, depth+1)
		}
		b.WriteByte(']')
	case c < 6:
		b.WriteString(s.pick(genEventStrs))
	case c < 8:
		b.WriteString(s.pick(genEventNums))
	default:
		b.WriteString(s.pick([]string{"true", "false", "null"}))
	}
}

func genObject(s *byteSource, b *strings.Builder, depth int) {
	b.WriteByte('{')
	n := s.next() % 4
	if n == 3 && depth == 0 && s.next()%4 == 0 {
		n = 18 // enough members for the sorted duplicate-key resolution (once: events stay small)
	}
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		k := s.pick(genKeys)
		if s.next()%8 == 0 && (k == "a" || k == "abc") {
			k = `\u0061` + k[1:]
		}
		b.WriteString(`"` + k + `":`)
		genValue(s, b, depth)
	}
	b.WriteByte('}')
}
