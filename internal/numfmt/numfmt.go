// Package numfmt renders float64 values the way Java's Double.toString does ("T-format",
// §3.4 EV6). CloudWatch prints numbers this way in alarm reasons and when a JSON filter
// compares a number against a string or regex literal.
package numfmt

import (
	"math"
	"strconv"
)

// JavaDouble returns the T-format text of f: "NaN", "Infinity", "-Infinity", "0.0", "-0.0",
// plain digits with at least one fraction digit when 1e-3 ≤ |f| < 1e7 ("7.0", "0.001"),
// otherwise scientific "d.dddE±n" without a '+' ("1.0E7", "1.0E-4").
// The digits are Go's shortest round-trip digits.
func JavaDouble(f float64) string {
	var buf [32]byte
	return string(AppendJavaDouble(buf[:0], f))
}

// AppendJavaDouble appends the T-format text of f to dst. It allocates only if dst must grow.
func AppendJavaDouble(dst []byte, f float64) []byte {
	switch {
	case math.IsNaN(f):
		return append(dst, "NaN"...)
	case math.IsInf(f, 1):
		return append(dst, "Infinity"...)
	case math.IsInf(f, -1):
		return append(dst, "-Infinity"...)
	case f == 0:
		if math.Signbit(f) {
			return append(dst, "-0.0"...)
		}
		return append(dst, "0.0"...)
	}

	// Shortest digits as "-d.ddde±XX"; split into sign, digit string and decimal exponent.
	var tmp [32]byte
	s := strconv.AppendFloat(tmp[:0], f, 'e', -1, 64)
	if s[0] == '-' {
		dst = append(dst, '-')
		s = s[1:]
	}
	ePos := 0
	for s[ePos] != 'e' {
		ePos++
	}
	exp, _ := strconv.Atoi(string(s[ePos+1:])) // no allocation: the conversion does not escape
	var digits [24]byte
	nd := 0
	for _, c := range s[:ePos] {
		if c != '.' {
			digits[nd] = c
			nd++
		}
	}
	d := digits[:nd]

	abs := math.Abs(f)
	if abs >= 1e-3 && abs < 1e7 {
		return appendPlain(dst, d, exp)
	}
	dst = append(dst, d[0], '.')
	if len(d) > 1 {
		dst = append(dst, d[1:]...)
	} else {
		dst = append(dst, '0')
	}
	dst = append(dst, 'E')
	return strconv.AppendInt(dst, int64(exp), 10)
}

// appendPlain writes digits d (value 0.d₁d₂… × 10^(exp+1)) without an exponent.
func appendPlain(dst, d []byte, exp int) []byte {
	if exp < 0 {
		dst = append(dst, '0', '.')
		for i := 0; i < -exp-1; i++ {
			dst = append(dst, '0')
		}
		return append(dst, d...)
	}
	intLen := exp + 1
	for i := 0; i < intLen; i++ {
		if i < len(d) {
			dst = append(dst, d[i])
		} else {
			dst = append(dst, '0')
		}
	}
	dst = append(dst, '.')
	if len(d) > intLen {
		return append(dst, d[intLen:]...)
	}
	return append(dst, '0')
}

// JSONDouble marshals to JSON as CloudWatch prints numbers in its JSON payloads: T-format
// (30.0, 1.0E7), and null for a non-finite value.
type JSONDouble float64

// MarshalJSON implements json.Marshaler.
func (n JSONDouble) MarshalJSON() ([]byte, error) {
	f := float64(n)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null"), nil
	}
	return AppendJavaDouble(nil, f), nil
}
