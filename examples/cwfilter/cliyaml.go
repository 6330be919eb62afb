package main

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/cwfilter/cwfilter/metricfilter"
)

// cliYAML is the AWS CLI v2's YAML output of the response: a safe YAML dump with block
// style, keys sorted, Unicode written as is, lines folded at 80 columns. Scalars are written
// plain when they can be read back as the same string, else single-quoted, else
// double-quoted with escapes, by the rules of the YAML emitter the AWS CLI uses.
func cliYAML(matches []metricfilter.MatchRecord) string {
	e := &yamlEmitter{}
	if len(matches) == 0 {
		return "matches: []\n"
	}
	e.raw("matches:")
	for _, m := range matches {
		e.newline()
		e.raw("- ")
		e.key("eventMessage", 2)
		e.scalar(m.EventMessage, 4)
		e.newline()
		e.raw("  ")
		e.key("eventNumber", 2)
		e.raw(" " + strconv.FormatInt(m.EventNumber, 10))
		e.newline()
		e.raw("  ")
		keys := extractedKeys(m)
		if len(keys) == 0 {
			e.raw("extractedValues: {}")
			continue
		}
		e.raw("extractedValues:")
		for _, k := range keys {
			e.newline()
			e.raw("    ")
			e.key(k, 4)
			e.scalar(m.ExtractedValues[k], 6)
		}
	}
	e.newline()
	return e.b.String()
}

type yamlEmitter struct {
	b          strings.Builder
	column     int
	whitespace bool
}

func (e *yamlEmitter) raw(s string) {
	e.b.WriteString(s)
	e.column += utf8.RuneCountInString(s)
	e.whitespace = strings.HasSuffix(s, " ")
}

func (e *yamlEmitter) newline() {
	e.b.WriteString("\n")
	e.column = 0
	e.whitespace = true
}

// indentTo starts a new line indented to indent, for a folded scalar.
func (e *yamlEmitter) indentTo(indent int) {
	e.newline()
	e.raw(strings.Repeat(" ", indent))
	e.whitespace = true
}

// key writes a mapping key (a simple key: never folded) and its colon.
func (e *yamlEmitter) key(k string, indent int) {
	e.write(k, indent, true)
	e.raw(":")
	e.whitespace = false
}

// scalar writes a mapping value, which starts after "key:".
func (e *yamlEmitter) scalar(s string, indent int) { e.write(s, indent, false) }

// write writes a scalar in the style the emitter chooses; keys are not folded.
func (e *yamlEmitter) write(s string, indent int, key bool) {
	switch yamlStyle(s, key) {
	case '"':
		e.doubleQuoted(s, indent, !key)
	case '\'':
		e.singleQuoted(s, indent, !key)
	case 0:
		if key {
			e.raw(s)
		} else {
			e.plain(s, indent)
		}
	}
}

// Strings that a YAML 1.2 reader would take for another type must be quoted.
var yamlImplicit = regexp.MustCompile(`^(?:` +
	`true|True|TRUE|false|False|FALSE` +
	`|~|null|Null|NULL` +
	`|[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+` +
	`|[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)` +
	`|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)` +
	`|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)?` +
	`|<<|=` +
	`)$`)

func isBreakRune(r rune) bool { return r == '\n' || r == '\u0085' || r == '\u2028' || r == '\u2029' }

func isSpaceOrBreak(r rune) bool { return r == ' ' || r == '\t' || r == '\r' || isBreakRune(r) }

// yamlStyle chooses the style of a scalar: 0 plain, '\” or '"', by the YAML emitter's
// analysis of the scalar (indicators, spaces and breaks at the ends, special characters).
func yamlStyle(s string, simpleKey bool) byte {
	if s == "" || yamlImplicit.MatchString(s) {
		return '\''
	}
	rs := []rune(s)
	var blockIndicators, lineBreaks, special bool
	var leadingSpace, leadingBreak, trailingSpace, trailingBreak, breakSpace, spaceBreak bool
	if strings.HasPrefix(s, "---") || strings.HasPrefix(s, "...") {
		blockIndicators = true
	}
	preceded := true
	followed := len(rs) == 1 || isSpaceOrBreak(rs[1]) || rs[1] == 0
	prevSpace, prevBreak := false, false
	for i, ch := range rs {
		if i == 0 {
			if strings.ContainsRune("#,[]{}&*!|>'\"%@`", ch) {
				blockIndicators = true
			}
			if (ch == '?' || ch == ':') && followed {
				blockIndicators = true
			}
			if ch == '-' && followed {
				blockIndicators = true
			}
		} else {
			if ch == ':' && followed {
				blockIndicators = true
			}
			if ch == '#' && preceded {
				blockIndicators = true
			}
		}
		if isBreakRune(ch) {
			lineBreaks = true
		}
		if !(ch == '\n' || ch >= 0x20 && ch <= 0x7e) {
			if !(ch == 0x85 || ch >= 0xa0 && ch <= 0xd7ff || ch >= 0xe000 && ch <= 0xfffd || ch >= 0x10000 && ch < 0x10ffff) || ch == 0xfeff {
				special = true
			}
		}
		switch {
		case ch == ' ':
			leadingSpace = leadingSpace || i == 0
			trailingSpace = trailingSpace || i == len(rs)-1
			breakSpace = breakSpace || prevBreak
			prevSpace, prevBreak = true, false
		case isBreakRune(ch):
			leadingBreak = leadingBreak || i == 0
			trailingBreak = trailingBreak || i == len(rs)-1
			spaceBreak = spaceBreak || prevSpace
			prevSpace, prevBreak = false, true
		default:
			prevSpace, prevBreak = false, false
		}
		preceded = isSpaceOrBreak(ch) || ch == 0
		followed = i+2 >= len(rs) || isSpaceOrBreak(rs[i+2]) || rs[i+2] == 0
	}
	plain := !(leadingSpace || leadingBreak || trailingSpace || trailingBreak || breakSpace || spaceBreak ||
		special || lineBreaks || blockIndicators)
	single := !(breakSpace || spaceBreak || special)
	switch {
	case plain:
		return 0
	case single && !(simpleKey && lineBreaks):
		return '\''
	}
	return '"'
}

const yamlWidth = 80

// plain writes a plain scalar, a space past column 80 becoming a line break.
func (e *yamlEmitter) plain(s string, indent int) {
	e.raw(" ")
	words := strings.Split(s, " ")
	for i, w := range words {
		if i > 0 {
			if e.column > yamlWidth && w != "" && words[i-1] != "" {
				e.indentTo(indent)
			} else {
				e.raw(" ")
			}
		}
		e.raw(w)
	}
}

// singleQuoted writes a single-quoted scalar: ” for ', breaks doubled, a lone space past
// column 80 becoming a line break.
func (e *yamlEmitter) singleQuoted(s string, indent int, split bool) {
	if !e.whitespace {
		e.raw(" ")
	}
	e.raw("'")
	rs := []rune(s)
	start := 0
	spaces, breaks := false, false
	for end := 0; end <= len(rs); end++ {
		var ch rune = -1
		if end < len(rs) {
			ch = rs[end]
		}
		switch {
		case spaces:
			if ch != ' ' {
				if start+1 == end && e.column > yamlWidth && split && start != 0 && end != len(rs) {
					e.indentTo(indent)
				} else {
					e.raw(string(rs[start:end]))
				}
				start = end
			}
		case breaks:
			if ch == -1 || !isBreakRune(ch) {
				if rs[start] == '\n' {
					e.newline()
				}
				for _, br := range rs[start:end] {
					e.b.WriteRune(br)
				}
				e.column = 0
				e.raw(strings.Repeat(" ", indent))
				e.whitespace = true
				start = end
			}
		default:
			if ch == -1 || ch == ' ' || isBreakRune(ch) || ch == '\'' {
				if start < end {
					e.raw(string(rs[start:end]))
					start = end
				}
			}
		}
		if ch == '\'' {
			e.raw("''")
			start = end + 1
		}
		if ch != -1 {
			spaces, breaks = ch == ' ', isBreakRune(ch)
		}
	}
	e.raw("'")
}

var yamlEscapeNames = map[rune]string{
	0: "0", 7: "a", 8: "b", 9: "t", 10: "n", 11: "v", 12: "f", 13: "r", 27: "e",
	'"': "\"", '\\': "\\", 0x85: "N", 0xa0: "_", 0x2028: "L", 0x2029: "P",
}

// doubleQuoted writes a double-quoted scalar with escapes; a single space past column 80
// becomes a line break (read back as a space), as libyaml's emitter folds.
func (e *yamlEmitter) doubleQuoted(s string, indent int, split bool) {
	if !e.whitespace {
		e.raw(" ")
	}
	e.raw("\"")
	rs := []rune(s)
	spaces := false
	for i, ch := range rs {
		printable := ch == '\n' || ch >= 0x20 && ch <= 0x7e || ch == 0x85 || ch >= 0xa0 && ch <= 0xd7ff ||
			ch >= 0xe000 && ch <= 0xfffd && ch != 0xfeff || ch >= 0x10000 && ch <= 0x10ffff
		switch {
		case !printable || isBreakRune(ch) || ch == '"' || ch == '\\':
			esc, ok := yamlEscapeNames[ch]
			switch {
			case ok:
				esc = "\\" + esc
			case ch <= 0xff:
				esc = fmt.Sprintf("\\x%02X", ch)
			case ch <= 0xffff:
				esc = fmt.Sprintf("\\u%04X", ch)
			default:
				esc = fmt.Sprintf("\\U%08X", ch)
			}
			e.raw(esc)
			spaces = false
		case ch == ' ':
			if split && !spaces && e.column > yamlWidth && i != 0 && i != len(rs)-1 {
				e.indentTo(indent)
				if rs[i+1] == ' ' {
					e.raw("\\")
				}
			} else {
				e.raw(" ")
			}
			spaces = true
		default:
			e.raw(string(ch))
			spaces = false
		}
	}
	e.raw("\"")
}
