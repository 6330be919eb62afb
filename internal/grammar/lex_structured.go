package grammar

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/cwfilter/cwfilter/filterpattern/ast"
)

// structLexer tokenises the body of a JSON { … } or space-delimited [ … ] pattern
// (§3.1, §4.1). Both share operators, values and error rules; the differences are
// selectors (JSON) versus names, commas and the ellipsis (space-delimited).
type structLexer struct {
	s         string // the body, without the enclosing braces or brackets
	base, end int    // offset of s in P; offset reported at premature end
	ctx       Context
	delimited bool
	t         *tokens
	i         int

	// The operator just lexed, when the next token must be its value.
	pendingOp string
	// Space-delimited bookkeeping for E_MULTIVAR and E_DUP (SD2, SD3).
	field     fieldState
	seenNames map[string]bool
	done      bool // the stream has ended (after an error or junk token)
	depth     int  // open parentheses
}

// MaxNesting bounds parenthesis depth. A 1,024-character pattern cannot reach it; with the
// length limit lifted it keeps the parser's recursion (and so the goroutine stack) bounded:
// deeper nesting is the generic syntax error at the parenthesis that goes too deep.
const MaxNesting = 1024

type fieldState struct {
	key      string // the field's name, "..." or "" (unnamed so far)
	start    int    // offset in P of the field's first token
	hasStart bool
	condName string // the name its first condition uses
}

func lexStructured(s string, base, end int, ctx Context, delimited bool) *tokens {
	l := &structLexer{s: s, base: base, end: end, ctx: ctx, delimited: delimited, t: newTokens(), seenNames: map[string]bool{}}
	l.run()
	return l.t
}

// stop ends the token stream after an error token.
func (l *structLexer) stop(off int, err *Error) {
	l.t.fail(off, err)
	l.t.eof(l.end)
	l.done = true
}

// junk ends the token stream with a token the parser cannot consume: E_GENERIC at off.
func (l *structLexer) junk(off int) {
	l.t.add(tJunk, "", off)
	l.t.eof(l.end)
	l.done = true
}

func (l *structLexer) run() {
	s := l.s
	for {
		for l.i < len(s) && isWS(s[l.i]) {
			l.i++
		}
		if l.i == len(s) {
			if l.delimited && !l.endField(l.end) {
				return
			}
			l.t.eof(l.end)
			return
		}
		if l.pendingOp != "" {
			op := l.pendingOp
			l.pendingOp = ""
			if ok, handled := l.value(op); !ok {
				return
			} else if handled {
				continue
			}
		}
		c, off := s[l.i], l.base+l.i
		switch {
		case c == '(' || c == ')':
			typ := tLParen
			if c == ')' {
				typ = tRParen
				l.depth--
			} else if l.depth++; l.depth > MaxNesting {
				l.stop(off, errAt(generic(l.ctx), off))
				return
			}
			l.t.add(typ, s[l.i:l.i+1], off)
			l.i++
		case c == '&' || c == '|':
			if l.i+1 < len(s) && s[l.i+1] == c {
				typ := tAnd
				if c == '|' {
					typ = tOr
				}
				l.t.add(typ, s[l.i:l.i+2], off)
				l.i += 2
			} else { // J3: a single & or |
				l.junk(off)
				return
			}
		case c == '=' || c == '!' || c == '<' || c == '>':
			if !l.operator() {
				return
			}
		case c == ',' && l.delimited:
			if !l.endField(off) {
				return
			}
			l.t.add(tComma, ",", off)
			l.i++
		case c == '$' && !l.delimited:
			if !l.selector() {
				return
			}
		case c == '"' || c == '%':
			// A value where an operand is not expected: lex it so the parser rejects it.
			if ok, _ := l.value(""); !ok {
				return
			}
		default:
			r, _ := runeAt(s, l.i)
			if !isBareChar(r) { // J8, SD7
				l.stop(off, termErr(charAt(s, l.i), off))
				return
			}
			if l.delimited {
				if !l.name() {
					return
				}
			} else {
				l.keyword()
			}
		}
		if l.done {
			return
		}
	}
}

// operator lexes = != < <= > >= (longest match). A following = < > ! is E_GENERIC (J3).
func (l *structLexer) operator() bool {
	s, i := l.s, l.i
	n := 1
	if i+1 < len(s) && s[i+1] == '=' && s[i] != '=' {
		n = 2
	}
	op := s[i : i+n]
	if op == "!" {
		l.junk(l.base + i)
		return false
	}
	l.t.add(tCmpOp, op, l.base+i)
	l.i += n
	if l.i < len(s) && strings.IndexByte("=<>!", s[l.i]) >= 0 {
		l.junk(l.base + l.i)
		return false
	}
	l.pendingOp = op
	return true
}

var numberSyntax = regexp.MustCompile(`^[+-]?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$`)

// value lexes the operand of op at l.i (op == "" when no operand is expected here).
// handled is false when the text at l.i cannot start a value and must be lexed as an
// ordinary token; ok is false when lexing stopped on an error.
func (l *structLexer) value(op string) (ok, handled bool) {
	s, i := l.s, l.i
	off := l.base + i
	ordering := op == "<" || op == "<=" || op == ">" || op == ">="
	var v *ast.Value
	switch c := s[i]; {
	case c == '"':
		text, j := decodeQuoted(s, i)
		if j < 0 { // L4
			l.stop(off, termErr(strings.TrimRight(s[i:], " \t\n\v\f\r"), off))
			return false, true
		}
		v = &ast.Value{Kind: ast.Glob, Text: text, Quoted: true}
		if text == "*" {
			v.Kind = ast.Any
		}
		l.i = j
	case c == '%':
		j := strings.IndexByte(s[i+1:], '%')
		if j < 0 { // R6
			l.junk(off)
			return false, true
		}
		j += i + 1
		if err := checkRegex(s, i, j, l.base); err != nil {
			l.stop(err.Offset, err)
			return false, true
		}
		if err := compileRegex(s[i+1:j], off); err != nil {
			l.stop(off, err)
			return false, true
		}
		v = &ast.Value{Kind: ast.RegexValue, Text: s[i+1 : j]}
		l.i = j + 1
	default:
		r, _ := runeAt(s, i)
		if !isBareChar(r) {
			return true, false
		}
		j := i
		for j < len(s) && !isWS(s[j]) && strings.IndexByte("()&|", s[j]) < 0 && !(l.delimited && s[j] == ',') {
			r, n := runeAt(s, j)
			if !isBareChar(r) { // L2
				l.stop(l.base+j, termErr(s[j:j+n], l.base+j))
				return false, true
			}
			j += n
		}
		text := s[i:j]
		switch {
		case text == "*":
			v = &ast.Value{Kind: ast.Any, Text: text}
		case numberSyntax.MatchString(text):
			if !numberInBounds(text) { // L3
				l.stop(off, errAt(generic(l.ctx), off))
				return false, true
			}
			v = &ast.Value{Kind: ast.Number, Text: text}
		case strings.EqualFold(text, "null"): // L1
			l.stop(off, errAt(generic(l.ctx), off))
			return false, true
		default:
			v = &ast.Value{Kind: ast.Glob, Text: text}
		}
		l.i = j
	}
	if ordering && v.Kind != ast.Number {
		if l.delimited { // SD4
			l.stop(off, errAt(generic(l.ctx), off))
		} else { // L6
			l.stop(off, termErr(s[i:l.i], off))
		}
		return false, true
	}
	v.Pos = ast.Span{Start: off, End: l.base + l.i}
	l.t.values[off] = v
	l.t.add(tValue, s[i:l.i], off)
	return true, true
}

// numberInBounds checks L3 on a NUMBER: exponent E and F−E within 32 bits.
func numberInBounds(text string) bool {
	mant, exp, _ := strings.Cut(strings.ToLower(text), "e")
	e := int64(0)
	if exp != "" {
		v, err := strconv.ParseInt(exp, 10, 64)
		if err != nil || v < -1<<31 || v > 1<<31-1 {
			return false
		}
		e = v
	}
	f := int64(0)
	if _, frac, ok := strings.Cut(mant, "."); ok {
		f = int64(len(frac))
	}
	return f-e >= -1<<31 && f-e <= 1<<31-1
}

// keyword lexes a run of bare characters in a JSON pattern where an operator or keyword is
// expected: IS, NULL, TRUE, FALSE, NOT, EXISTS (any case, J2) or anything else for the parser
// to reject. After IS, the next token must be NULL, TRUE or FALSE (J4).
func (l *structLexer) keyword() {
	s, i := l.s, l.i
	prevIS := len(l.t.list) > 0 && l.t.list[len(l.t.list)-1].Type == tKeyword && l.t.list[len(l.t.list)-1].Value == "IS"
	j := i
	if prevIS { // J4: the token runs up to whitespace or ) & |
		for j < len(s) && !isWS(s[j]) && strings.IndexByte(")&|", s[j]) < 0 {
			j++
		}
	} else {
		for j < len(s) {
			r, n := runeAt(s, j)
			if !isBareChar(r) {
				break
			}
			j += n
		}
	}
	word := s[i:j]
	up := strings.ToUpper(word)
	if prevIS && up != "NULL" && up != "TRUE" && up != "FALSE" {
		l.stop(l.base+i, termErr(word, l.base+i))
		return
	}
	switch up {
	case "IS", "NULL", "TRUE", "FALSE", "NOT", "EXISTS":
		word = up
	}
	l.t.add(tKeyword, word, l.base+i)
	l.i = j
}
