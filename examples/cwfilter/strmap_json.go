package main

import (
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// jsonStringMap decodes the JSON string whose opening quote is at byte off of f, as
// encoding/json does, and maps each decoded byte to the source: an escape such as \" or
// \u00e9 maps all its bytes to its backslash. It returns nil if the decoded text is not
// want (the value the parser read), so that a wrong mapping is never used.
func jsonStringMap(f *srcFile, off int, want string) strMap {
	d := f.data
	if off < 0 || off >= len(d) || d[off] != '"' {
		return nil
	}
	dec := strDecoder{f: f}
	i := off + 1
	for i < len(d) && d[i] != '"' {
		c := d[i]
		switch {
		case c == '\\' && i+1 < len(d):
			start := i
			switch e := d[i+1]; e {
			case '"', '\\', '/':
				dec.emit(string(e), start)
				i += 2
			case 'b', 'f', 'n', 'r', 't':
				dec.emit(map[byte]string{'b': "\b", 'f': "\f", 'n': "\n", 'r': "\r", 't': "\t"}[e], start)
				i += 2
			case 'u':
				r, n := jsonUnicodeEscape(d[i:])
				if n == 0 {
					return nil
				}
				dec.emit(string(r), start)
				i += n
			default:
				return nil
			}
		case c < utf8.RuneSelf:
			dec.emit(string(c), i)
			i++
		default:
			r, n := utf8.DecodeRune(d[i:])
			dec.emit(string(r), i) // invalid UTF-8 becomes U+FFFD, as in encoding/json
			i += n
		}
	}
	if i >= len(d) {
		return nil
	}
	return dec.result(want, i)
}

// jsonUnicodeEscape decodes \uXXXX at the start of b, with a following low surrogate if b
// starts with a high one; n is the number of bytes used, 0 if b holds no valid escape.
func jsonUnicodeEscape(b []byte) (r rune, n int) {
	hex := func(b []byte) rune {
		if len(b) < 6 || b[0] != '\\' || b[1] != 'u' {
			return -1
		}
		v, err := strconv.ParseUint(string(b[2:6]), 16, 16)
		if err != nil {
			return -1
		}
		return rune(v)
	}
	r = hex(b)
	if r < 0 {
		return 0, 0
	}
	if utf16.IsSurrogate(r) {
		if r2 := hex(b[6:]); r2 >= 0 {
			if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
				return dec, 12
			}
		}
		return utf8.RuneError, 6
	}
	return r, 6
}
