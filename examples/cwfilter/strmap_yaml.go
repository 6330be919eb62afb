package main

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// yamlScalarMap maps each byte of a YAML string scalar's value to the source text it was
// decoded from: plain, single- and double-quoted scalars (escapes and line folding) and
// literal and folded block scalars (indentation, folding and chomping), so that an error in
// a pattern written over several lines points at the line of the fault. It returns nil when
// its decoding does not give n.Value back, so that a wrong mapping is never used.
func yamlScalarMap(f *srcFile, n *yaml.Node) strMap {
	off := f.offset(n.Line, n.Column)
	if off < 0 || n.Kind != yaml.ScalarNode {
		return nil
	}
	d := yamlDecoder{strDecoder{f: f}}
	switch n.Style {
	case yaml.DoubleQuotedStyle:
		return d.quoted(off, n.Value, true)
	case yaml.SingleQuotedStyle:
		return d.quoted(off, n.Value, false)
	case yaml.LiteralStyle, yaml.FoldedStyle:
		return d.block(off, n.Value)
	case 0:
		return d.plain(off, n.Value)
	}
	return nil
}

type yamlDecoder struct{ strDecoder }

func isBreak(c byte) bool { return c == '\n' || c == '\r' }
func isBlank(c byte) bool { return c == ' ' || c == '\t' }

// lineBreak returns the length of the line break at i (2 for "\r\n"), 0 if none.
func lineBreak(b []byte, i int) int {
	switch {
	case i < len(b) && b[i] == '\r' && i+1 < len(b) && b[i+1] == '\n':
		return 2
	case i < len(b) && isBreak(b[i]):
		return 1
	}
	return 0
}

// fold handles the white space and line breaks at i inside a flow scalar, as YAML folds
// them: blanks followed by a break are dropped; a single break becomes a space; each further
// empty line becomes a "\n". Blanks not followed by a break are content. It returns the
// offset after them.
func (d *yamlDecoder) fold(i int) int {
	b := d.f.data
	j := i
	for j < len(b) && isBlank(b[j]) {
		j++
	}
	n := lineBreak(b, j)
	if n == 0 {
		for k := i; k < j; k++ {
			d.emit(string(b[k:k+1]), k)
		}
		return j
	}
	first := j
	j += n
	breaks := 0
	for {
		for j < len(b) && isBlank(b[j]) {
			j++
		}
		n := lineBreak(b, j)
		if n == 0 {
			break
		}
		d.emit("\n", j)
		breaks++
		j += n
	}
	if breaks == 0 {
		d.emit(" ", first)
	}
	return j
}

// yamlEscapes are the one-character escapes of double-quoted scalars.
var yamlEscapes = map[byte]string{
	'0': "\x00", 'a': "\a", 'b': "\b", 't': "\t", '\t': "\t", 'n': "\n", 'v': "\v", 'f': "\f",
	'r': "\r", 'e': "\x1b", ' ': " ", '"': "\"", '/': "/", '\\': "\\",
	'N': "\u0085", '_': "\u00a0", 'L': "\u2028", 'P': "\u2029",
}

// quoted decodes a single- or double-quoted scalar whose quote is at off.
func (d *yamlDecoder) quoted(off int, want string, double bool) strMap {
	b := d.f.data
	quote := byte('\'')
	if double {
		quote = '"'
	}
	if off >= len(b) || b[off] != quote {
		return nil
	}
	i := off + 1
	for i < len(b) {
		c := b[i]
		switch {
		case c == quote && !double && i+1 < len(b) && b[i+1] == '\'':
			d.emit("'", i)
			i += 2
		case c == quote:
			return d.result(want, i)
		case c == '\\' && double:
			if n := lineBreak(b, i+1); n > 0 { // an escaped line break joins the lines
				j := i + 1 + n
				for j < len(b) && isBlank(b[j]) {
					j++
				}
				for lineBreak(b, j) > 0 {
					d.emit("\n", j)
					j += lineBreak(b, j)
					for j < len(b) && isBlank(b[j]) {
						j++
					}
				}
				i = j
				continue
			}
			if i+1 >= len(b) {
				return nil
			}
			e := b[i+1]
			if s, ok := yamlEscapes[e]; ok {
				d.emit(s, i)
				i += 2
				continue
			}
			digits := map[byte]int{'x': 2, 'u': 4, 'U': 8}[e]
			if digits == 0 || i+2+digits > len(b) {
				return nil
			}
			v, err := strconv.ParseUint(string(b[i+2:i+2+digits]), 16, 32)
			if err != nil {
				return nil
			}
			d.emit(string(utf8.AppendRune(nil, rune(v))), i)
			i += 2 + digits
		case isBlank(c) || isBreak(c):
			i = d.fold(i)
		default:
			_, n := utf8.DecodeRune(b[i:])
			d.emit(string(b[i:i+n]), i)
			i += n
		}
	}
	return nil
}

// plain maps a plain scalar: its text as written, lines folded. Where it ends depends on
// the context, so the decoding is guided by want.
func (d *yamlDecoder) plain(off int, want string) strMap {
	b := d.f.data
	i := off
	for len(d.got) < len(want) && i < len(b) {
		c := b[i]
		if isBreak(c) || isBlank(c) {
			i = d.fold(i)
			if !strings.HasPrefix(want, string(d.got)) {
				return nil
			}
			continue
		}
		if c != want[len(d.got)] {
			return nil
		}
		d.emit(string(b[i:i+1]), i)
		i++
	}
	return d.result(want, i)
}

// block decodes a literal (|) or folded (>) block scalar whose indicator is at off. The
// content's indentation is that of its first non-empty line, unless the header gives it
// relative to a parent indentation that is not known here; then every indentation up to the
// first line's is tried, and the one that gives want back is taken.
func (d *yamlDecoder) block(off int, want string) strMap {
	b := d.f.data
	if off >= len(b) || b[off] != '|' && b[off] != '>' {
		return nil
	}
	folded := b[off] == '>'
	i := off + 1
	for i < len(b) && (b[i] == '+' || b[i] == '-' || b[i] >= '1' && b[i] <= '9') {
		i++
	}
	for i < len(b) && !isBreak(b[i]) { // blanks and a comment
		i++
	}
	i += lineBreak(b, i)
	// The largest indentation of the leading lines is the auto-detected one.
	maxIndent, col := 0, 0
	for j := i; j < len(b); j++ {
		switch {
		case b[j] == ' ':
			col++
			maxIndent = max(maxIndent, col)
			continue
		case isBreak(b[j]):
			col = 0
			continue
		}
		break
	}
	for indent := maxIndent; indent >= 1; indent-- {
		try := yamlDecoder{strDecoder{f: d.f}}
		got, m := try.blockContent(i, indent, folded)
		rest, ok := strings.CutPrefix(got, want)
		if ok && strings.Trim(rest, "\n") == "" {
			end := m[len(want)]
			return append(m[:len(want):len(want)], end)
		}
	}
	return nil
}

// blockContent decodes the content lines of a block scalar from start, keeping every
// trailing line break (chomping only removes some of them); the map has one entry more
// than the text.
func (d *yamlDecoder) blockContent(start, indent int, folded bool) (string, strMap) {
	b := d.f.data
	i := start
	// skipIndent moves over at most indent spaces and returns the column reached.
	skipIndent := func() int {
		col := 0
		for col < indent && i < len(b) && b[i] == ' ' {
			i++
			col++
		}
		return col
	}
	// breaks reads empty lines, each one a "\n".
	breaks := func() (brk []int, col int) {
		col = skipIndent()
		for n := lineBreak(b, i); n > 0; n = lineBreak(b, i) {
			brk = append(brk, i)
			i += n
			col = skipIndent()
		}
		return brk, col
	}
	emitBreaks := func(brk []int) {
		for _, at := range brk {
			d.emit("\n", at)
		}
	}
	brk, col := breaks()
	lastBreak := -1
	for col == indent && i < len(b) {
		emitBreaks(brk)
		leadingNonSpace := !isBlank(b[i])
		lineStart := i
		for i < len(b) && !isBreak(b[i]) {
			i++
		}
		for k := lineStart; k < i; k++ {
			d.emit(string(b[k:k+1]), k)
		}
		lastBreak = i
		i += lineBreak(b, i)
		brk, col = breaks()
		if col != indent || i >= len(b) {
			break
		}
		if folded && leadingNonSpace && !isBlank(b[i]) {
			if len(brk) == 0 {
				d.emit(" ", lastBreak)
			}
		} else {
			d.emit("\n", lastBreak)
		}
	}
	end := len(d.m)
	if lastBreak >= 0 {
		d.emit("\n", lastBreak)
	}
	emitBreaks(brk)
	endRef := srcRef{d.f, start}
	if end > 0 {
		endRef = srcRef{d.f, d.m[end-1].off + 1}
	}
	d.m = append(d.m, endRef)
	// The end of the text (where a premature end is reported) is after its last character.
	m := d.m
	for k := end; k < len(m); k++ {
		m[k] = endRef
	}
	return string(d.got), m
}
