package regex

import (
	"strconv"
	"strings"
)

// genRegex builds a regex of the dialect (R2: no parentheses) from spec bytes: an
// alternation of sequences of atoms — literals, ., escape and bracket classes, ^ $ \b \B —
// each with an optional repeat, greedy or lazy. The vocabulary leans on what trips a byte
// automaton: multi-byte runes, U+FFFD, classes that do or do not contain them, \n, word
// boundaries next to non-ASCII runes, counted repeats.
func genRegex(spec []byte) string {
	g := specReader{b: spec}
	var b strings.Builder
	alts := 1 + g.next()%3
	for a := range alts {
		if a > 0 {
			b.WriteByte('|')
		}
		atoms := g.next() % 6
		for range atoms {
			b.WriteString(genAtoms[g.next()%len(genAtoms)])
			if q := g.next() % 16; q < len(genRepeats) {
				rep := genRepeats[q]
				if strings.Contains(rep, "n") {
					n := int(g.next() % 5)
					rep = strings.ReplaceAll(rep, "n", strconv.Itoa(n))
					rep = strings.ReplaceAll(rep, "m", strconv.Itoa(n+int(g.next()%4)))
				}
				b.WriteString(rep)
				if g.next()%4 == 0 {
					b.WriteByte('?') // lazy
				}
			}
		}
	}
	return b.String()
}

var genAtoms = []string{
	"a", "b", "c", "a", "b", "-", " ", "0", "7", ":", "é", `\x{e9}`, `\x{FFFD}`, `\x{10FFFF}`, `\x{800}`, "€",
	".", `\d`, `\w`, `\s`, `\D`, `\W`, `\S`, `\pL`, `\PL`, `\p{Greek}`, `[[:alpha:]]`, `[[:^digit:]]`,
	"[ab]", "[^a]", "[a-c0-9]", `[^\x{e9}]`, `[\x{80}-\x{10FFFF}]`, `[^\n]`, `[\x{FFFD}b]`, `[^\x{FFFD}]`,
	`[é-ö]`, `[\x{0}-\x{7f}]`, `\.`, `\-`, `\x2d`, `\Qa.b\E`,
	"^", "$", `\b`, `\B`, `\A`, `\z`,
	"Console", "Login", "Failure", "arn:aws", `[0-9]`, `[0-9a-f]`,
}

var genRepeats = []string{"?", "*", "+", "{n}", "{n,}", "{n,m}"}

// genEvent turns fuzz bytes into an event over a vocabulary that the atoms above can
// match, with invalid UTF-8 (lone leads, stray continuation bytes, surrogates, overlong
// forms, truncated encodings) among valid multi-byte runes.
func genEvent(spec []byte) []byte {
	var out []byte
	for _, c := range spec {
		out = append(out, genPieces[int(c)%len(genPieces)]...)
	}
	return out
}

var genPieces = []string{
	"a", "b", "c", "a", "b", "c", "-", " ", "0", "7", "9", ":", "\n", "_", "x", "A",
	"é", "€", "\u0800", "\U0010FFFF", "\U0001F600", "\uFFFD", "λ", "ö",
	"\xff", "\xc3", "\xa9", "\xe2\x82", "\xf0\x9f\x98", "\xed\xa0\x80", "\xc0\x80", "\xe0\x80\x80",
	"\xf4\x90\x80\x80", "\x80\x80", "\xc2",
	"Console", "Login", "Failure", "arn:aws", "0123456789ab",
}

type specReader struct {
	b []byte
	i int
}

// next returns the next spec byte; past the end, zeros (which mean "stop" or "none").
func (g *specReader) next() int {
	if g.i >= len(g.b) {
		return 0
	}
	g.i++
	return int(g.b[g.i-1])
}
