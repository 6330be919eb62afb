package jsonmatch

import (
	"unicode/utf16"
	"unicode/utf8"
)

// appendDecoded appends the decoded content of a validated JSON string (without its quotes)
// to dst: escapes are resolved, \uXXXX pairs combined, lone surrogates become U+FFFD (EV2),
// exactly as encoding/json does.
func appendDecoded(dst, raw []byte) []byte {
	for i := 0; i < len(raw); {
		c := raw[i]
		if c != '\\' {
			j := i + 1
			for j < len(raw) && raw[j] != '\\' {
				j++
			}
			dst = append(dst, raw[i:j]...)
			i = j
			continue
		}
		r, n := decodeEscape(raw, i)
		dst = utf8.AppendRune(dst, r)
		i += n
	}
	return dst
}

// decodeEscape decodes the escape at raw[i] (a backslash) and returns the rune and the
// number of bytes consumed. A valid surrogate pair is consumed whole.
func decodeEscape(raw []byte, i int) (rune, int) {
	switch raw[i+1] {
	case 'b':
		return '\b', 2
	case 'f':
		return '\f', 2
	case 'n':
		return '\n', 2
	case 'r':
		return '\r', 2
	case 't':
		return '\t', 2
	case 'u':
		r := hex4(raw[i+2:])
		if !utf16.IsSurrogate(r) {
			return r, 6
		}
		if i+12 <= len(raw) && raw[i+6] == '\\' && raw[i+7] == 'u' {
			if d := utf16.DecodeRune(r, hex4(raw[i+8:])); d != utf8.RuneError {
				return d, 12
			}
		}
		return utf8.RuneError, 6
	}
	return rune(raw[i+1]), 2 // " \ /
}

func hex4(b []byte) rune {
	return rune(hexVal[b[0]])<<12 | rune(hexVal[b[1]])<<8 | rune(hexVal[b[2]])<<4 | rune(hexVal[b[3]])
}

// decodedEqual reports whether the validated raw string content decodes to want, without
// allocating.
func decodedEqual[T ~string | ~[]byte](raw []byte, want T) bool {
	var tmp [utf8.UTFMax]byte
	j := 0
	for i := 0; i < len(raw); {
		if raw[i] != '\\' {
			if j >= len(want) || want[j] != raw[i] {
				return false
			}
			i++
			j++
			continue
		}
		r, n := decodeEscape(raw, i)
		i += n
		enc := utf8.AppendRune(tmp[:0], r)
		if len(want)-j < len(enc) {
			return false
		}
		for _, c := range enc {
			if want[j] != c {
				return false
			}
			j++
		}
	}
	return j == len(want)
}
