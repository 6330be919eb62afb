package grammar

import (
	"strconv"
	"strings"

	"github.com/cwfilter/cwfilter/filterpattern/ast"
)

// selectorEnd: the characters that end a selector (§3.2).
func selectorEnd(c byte) bool { return isWS(c) || strings.IndexByte("=!<>)&|", c) >= 0 }

// isNameChar: a selector name character — letter, digit, '_' or '-' (§3.2).
func isNameChar(s string, i int) (bool, int) {
	r, n := runeAt(s, i)
	return isLetterOrDigit(r) || r == '_' || r == '-', n
}

// selector lexes $… at l.i (§3.2, SL1–SL3).
func (l *structLexer) selector() bool {
	s, start := l.s, l.i
	sel := &ast.Selector{}
	i := start + 1
	segStart := start // SL1: errors quote from the start of the current segment
	// bad reports the E_TERM of SL1: the current segment through the character at j.
	bad := func(j int) bool {
		text := s[segStart:]
		if j < len(s) {
			text = s[segStart : j+len(charAt(s, j))]
		}
		l.stop(l.base+segStart, termErr(text, l.base+segStart))
		return false
	}
	generic := func(off int) bool {
		l.stop(l.base+off, errAt(generic(l.ctx), l.base+off))
		return false
	}
	first := true
	for {
		if i == len(s) || (!first && selectorEnd(s[i])) {
			break
		}
		c := s[i]
		switch {
		case c == '.':
			if !first {
				segStart = i
			}
			i++
			if i == len(s) {
				return bad(i)
			}
			switch {
			case s[i] == '*':
				sel.Segments = append(sel.Segments, ast.Segment{Kind: ast.Wildcard})
				i++
			case s[i] == '[':
				if i+1 >= len(s) || s[i+1] != '\'' {
					return bad(i + 1)
				}
				k := strings.IndexByte(s[i+2:], '\'')
				if k <= 0 || i+2+k+1 >= len(s) || s[i+2+k+1] != ']' { // SL2: empty or unterminated
					return generic(segStart)
				}
				sel.Segments = append(sel.Segments, ast.Segment{Kind: ast.Key, Key: s[i+2 : i+2+k], Bracket: true})
				i += 2 + k + 2
			default:
				j := i
				for j < len(s) {
					ok, n := isNameChar(s, j)
					if !ok {
						break
					}
					j += n
				}
				if j == i {
					return bad(i)
				}
				sel.Segments = append(sel.Segments, ast.Segment{Kind: ast.Key, Key: s[i:j]})
				i = j
			}
		case c == '[' && !first:
			segStart = i
			i++
			if i < len(s) && s[i] == '*' {
				if i+1 >= len(s) || s[i+1] != ']' {
					return bad(i + 1)
				}
				sel.Segments = append(sel.Segments, ast.Segment{Kind: ast.Wildcard, Bracket: true})
				i += 2
				break
			}
			j := i
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			if j == len(s) && j > i { // unterminated index
				return generic(segStart)
			}
			if j == i || s[j] != ']' {
				return bad(j)
			}
			n, err := strconv.ParseInt(s[i:j], 10, 64)
			if err != nil || n > 1<<31-1 { // SL2
				return generic(segStart)
			}
			sel.Segments = append(sel.Segments, ast.Segment{Kind: ast.Index, Index: int(n)})
			i = j + 1
		default:
			return bad(i)
		}
		first = false
		// After a segment: another segment, or the end of the selector.
		if i < len(s) && !selectorEnd(s[i]) && s[i] != '.' && s[i] != '[' {
			return bad(i)
		}
	}
	if first { // just "$"
		return bad(i)
	}
	wild := 0
	for _, seg := range sel.Segments {
		if seg.Kind == ast.Wildcard {
			wild++
		}
	}
	if wild > 1 { // SL3
		l.stop(l.base+start, errAt(msgWildSel, l.base+start))
		return false
	}
	sel.Pos = ast.Span{Start: l.base + start, End: l.base + i}
	l.t.selectors[l.base+start] = sel
	l.t.add(tSelector, s[start:i], l.base+start)
	l.i = i
	return true
}

// name lexes a space-delimited name token or the ellipsis (SD1–SD3).
func (l *structLexer) name() bool {
	s, i := l.s, l.i
	j := i
	for j < len(s) && !isWS(s[j]) && strings.IndexByte(",=!<>()&|", s[j]) < 0 {
		j++
	}
	word, off := s[i:j], l.base+i
	if !l.field.hasStart {
		l.field.start, l.field.hasStart = off, true
	}
	if word == "..." {
		l.t.add(tEllipsis, word, off)
		if l.field.key == "" {
			l.field.key = word
		}
		l.i = j
		return true
	}
	if !validName(word) { // SD1
		l.stop(off, termErr(word, off))
		return false
	}
	// SD2: every condition of a field names the same variable. A name is a condition's
	// name when an operator follows it.
	k := j
	for k < len(s) && isWS(s[k]) {
		k++
	}
	if k < len(s) && strings.IndexByte("=!<>", s[k]) >= 0 {
		if l.field.condName != "" && l.field.condName != word {
			l.stop(off, errAt("Multiple variables used in a single filter. Var1 : "+l.field.condName+", Var2 : "+word, off))
			return false
		}
		l.field.condName = word
	}
	if l.field.key == "" {
		l.field.key = word
	}
	l.t.add(tName, word, off)
	l.i = j
	return true
}

// endField closes the current field at a comma or the end of the body (SD3: duplicates are
// reported when the repeated field ends).
func (l *structLexer) endField(at int) bool {
	f := l.field
	l.field = fieldState{}
	if f.key == "" {
		return true
	}
	if l.seenNames[f.key] {
		l.stop(at, errAt("Duplicate field '"+f.key+"'", f.start))
		return false
	}
	l.seenNames[f.key] = true
	return true
}

func validName(w string) bool {
	for i := 0; i < len(w); i++ {
		c := w[i]
		letter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
		if !letter && (i == 0 || c < '0' || c > '9') {
			return false
		}
	}
	return w != ""
}
