package jsonmatch

import (
	"encoding/binary"
	"math/bits"
	"unicode/utf8"
)

// The scanner validates RFC 8259 JSON strictly (EV1, EV2). Every function takes the
// event and an index and returns the index after what it consumed, or -1 when the text is
// not valid JSON there. Skipped regions are validated as thoroughly as walked ones, so an
// invalid byte anywhere makes the event not match.

// maxDepth is the deepest nesting of objects and arrays accepted (EV2): the root object is 1.
const maxDepth = 1000

var isWS = [256]bool{' ': true, '\t': true, '\n': true, '\r': true}

func skipWS(b []byte, i int) int {
	for i < len(b) && isWS[b[i]] {
		i++
	}
	return i
}

const (
	lo8 = 0x0101010101010101
	hi8 = 0x8080808080808080
)

// special returns a mask with the high bit set in the first byte of x that is '"', '\\',
// a control character or non-ASCII (later bytes may be flagged spuriously; the first is exact).
func special(x uint64) uint64 {
	q := x ^ (lo8 * '"')
	s := x ^ (lo8 * '\\')
	return ((q - lo8) &^ q) | ((s - lo8) &^ s) | (x - lo8*0x20) | x
}

// scanString validates a string whose opening quote is at b[i-1]. It returns the index
// after the closing quote and whether the string contains escapes.
func scanString(b []byte, i int) (int, bool) {
	esc := false
	for {
		// Eight bytes at a time while none of them needs attention.
		for i+8 <= len(b) {
			m := special(binary.LittleEndian.Uint64(b[i:])) & hi8
			if m != 0 {
				i += bits.TrailingZeros64(m) >> 3
				break
			}
			i += 8
		}
		if i >= len(b) {
			return -1, false
		}
		switch c := b[i]; {
		case c == '"':
			return i + 1, esc
		case c == '\\':
			esc = true
			if i = scanEscape(b, i+1); i < 0 {
				return -1, false
			}
		case c < 0x20:
			return -1, false
		case c >= utf8.RuneSelf:
			r, n := utf8.DecodeRune(b[i:])
			if r == utf8.RuneError && n <= 1 {
				return -1, false
			}
			i += n
		default:
			i++
		}
	}
}

// scanEscape validates the escape whose backslash is at b[i-1].
func scanEscape(b []byte, i int) int {
	if i >= len(b) {
		return -1
	}
	switch b[i] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return i + 1
	case 'u':
		if i+5 > len(b) {
			return -1
		}
		for _, c := range b[i+1 : i+5] {
			if hexVal[c] < 0 {
				return -1
			}
		}
		return i + 5
	}
	return -1
}

var hexVal = func() (t [256]int8) {
	for i := range t {
		t[i] = -1
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = int8(c - '0')
	}
	for c := 'a'; c <= 'f'; c++ {
		t[c] = int8(c - 'a' + 10)
		t[c-'a'+'A'] = int8(c - 'a' + 10)
	}
	return t
}()

// scanNumber validates a number starting at b[i]: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
// isInt reports an integer token (no fraction, no exponent; EV3).
func scanNumber(b []byte, i int) (end int, isInt bool) {
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i >= len(b):
		return -1, false
	case b[i] == '0':
		i++
	case b[i] >= '1' && b[i] <= '9':
		i = digits(b, i+1)
	default:
		return -1, false
	}
	isInt = true
	if i < len(b) && b[i] == '.' {
		isInt = false
		j := digits(b, i+1)
		if j == i+1 {
			return -1, false
		}
		i = j
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		isInt = false
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		j := digits(b, i)
		if j == i {
			return -1, false
		}
		i = j
	}
	return i, isInt
}

func digits(b []byte, i int) int {
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		i++
	}
	return i
}

// scanLiteral validates the literal word (true, false or null) at b[i].
func scanLiteral(b []byte, i int, word string) int {
	if len(b)-i < len(word) || string(b[i:i+len(word)]) != word {
		return -1
	}
	return i + len(word)
}

// scanScalar validates the string, number or literal at b[i] (after whitespace).
func scanScalar(b []byte, i int) int {
	switch b[i] {
	case '"':
		i, _ = scanString(b, i+1)
		return i
	case 't':
		return scanLiteral(b, i, "true")
	case 'f':
		return scanLiteral(b, i, "false")
	case 'n':
		return scanLiteral(b, i, "null")
	}
	i, _ = scanNumber(b, i)
	return i
}

// scanKey validates `"key" ws : ws` with the opening quote at b[i]; it returns the key's
// raw content span, whether it has escapes, and the index of the member value.
func scanKey(b []byte, i int) (ks, ke int, esc bool, next int) {
	if i >= len(b) || b[i] != '"' {
		return 0, 0, false, -1
	}
	ks = i + 1
	i, esc = scanString(b, ks)
	if i < 0 {
		return 0, 0, false, -1
	}
	ke = i - 1
	i = skipWS(b, i)
	if i >= len(b) || b[i] != ':' {
		return 0, 0, false, -1
	}
	return ks, ke, esc, skipWS(b, i+1)
}

// skipValue validates the value at b[i] (after whitespace) without looking into it; depth is
// the nesting depth of the enclosing container. It is iterative: the open containers of any
// depth up to maxDepth are kept in a bit stack, so no input can exhaust the Go stack.
func skipValue(b []byte, i, depth int) int {
	if i < len(b) && b[i] != '{' && b[i] != '[' {
		return scanScalar(b, i)
	}
	return skipContainer(b, i, depth)
}

// skipContainer is skipValue for an object or array at b[i].
func skipContainer(b []byte, i, depth int) int {
	var isObj [maxDepth/64 + 1]uint64 // kind of each open container opened here
	n := 0                            // containers opened here and not yet closed
	for {
		// A value starts at b[i].
		if i >= len(b) {
			return -1
		}
		switch c := b[i]; c {
		case '{', '[':
			if depth+n+1 > maxDepth {
				return -1
			}
			if c == '{' {
				isObj[n>>6] |= 1 << (n & 63)
			} else {
				isObj[n>>6] &^= 1 << (n & 63)
			}
			n++
			i = skipWS(b, i+1)
			if i < len(b) && (b[i] == '}' && c == '{' || b[i] == ']' && c == '[') {
				i++
				n--
				break
			}
			if c == '{' {
				if _, _, _, i = scanKey(b, i); i < 0 {
					return -1
				}
			}
			continue
		default:
			if i = scanScalar(b, i); i < 0 {
				return -1
			}
		}
		// A value ended at b[i]: close containers until one continues with ','.
		for {
			if n == 0 {
				return i
			}
			i = skipWS(b, i)
			if i >= len(b) {
				return -1
			}
			obj := isObj[(n-1)>>6]&(1<<((n-1)&63)) != 0
			if b[i] == ',' {
				i = skipWS(b, i+1)
				if obj {
					if _, _, _, i = scanKey(b, i); i < 0 {
						return -1
					}
				}
				break
			}
			if obj && b[i] == '}' || !obj && b[i] == ']' {
				i++
				n--
				continue
			}
			return -1
		}
	}
}
