// Package pyjson writes JSON text the way Python's json module does, which is how the AWS
// CLI prints responses: callers that must match its output byte for byte use it.
package pyjson

import "unicode/utf8"

// shortEscapes holds the letter Python escapes a character with ('"' and '\\' themselves).
var shortEscapes = [utf8.RuneSelf]byte{'"': '"', '\\': '\\', '\n': 'n', '\r': 'r', '\t': 't', '\b': 'b', '\f': 'f'}

// AppendString appends s as Python's json module does with ensure_ascii=False: only '"',
// '\\' and control characters are escaped (\b \f \n \r \t, else \u00xx in lower case);
// everything else, U+2028 and U+2029 included, is written raw. Invalid UTF-8 becomes U+FFFD.
func AppendString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, n := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && n == 1 {
				dst = append(dst, "\ufffd"...)
			} else {
				dst = append(dst, s[i:i+n]...)
			}
			i += n
			continue
		}
		switch e := shortEscapes[c]; {
		case e != 0:
			dst = append(dst, '\\', e)
		case c < 0x20:
			dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		default:
			dst = append(dst, c)
		}
		i++
	}
	return append(dst, '"')
}
