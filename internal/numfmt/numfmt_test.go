package numfmt

import (
	"math"
	"strconv"
	"testing"
)

func TestJavaDouble(t *testing.T) {
	cases := []struct {
		in   float64
		want string
	}{
		{math.NaN(), "NaN"},
		{math.Inf(1), "Infinity"},
		{math.Inf(-1), "-Infinity"},
		{0, "0.0"},
		{math.Copysign(0, -1), "-0.0"},
		{7, "7.0"},
		{-7, "-7.0"},
		{1000, "1000.0"},
		{0.001, "0.001"},
		{2.5, "2.5"},
		{21, "21.0"},
		{33, "33.0"},
		{0.28, "0.28"},
		{123.456, "123.456"},
		{9999999, "9999999.0"},
		{9999999.5, "9999999.5"},
		{1e7, "1.0E7"},
		{1.5e7, "1.5E7"},
		{12345678, "1.2345678E7"},
		{1e-4, "1.0E-4"},
		{0.00099, "9.9E-4"},
		{1e308, "1.0E308"},
		{-1e308, "-1.0E308"},
		{math.MaxFloat64, "1.7976931348623157E308"},
		{5e-324, "5.0E-324"}, // Go shortest digits (Java would print 4.9E-324)
		{0.30000000000000004, "0.30000000000000004"},
		{100, "100.0"},
		{0.01, "0.01"},
		{1e21, "1.0E21"},
		{1234567.125, "1234567.125"},
	}
	for _, c := range cases {
		if got := JavaDouble(c.in); got != c.want {
			t.Errorf("JavaDouble(%v) = %q, want %q", c.in, got, c.want)
		}
	}
}

// Every rendering must parse back to the same value (digits are shortest round-trip).
func TestJavaDoubleRoundTrip(t *testing.T) {
	for _, f := range []float64{1, 3.14159, 1e-3, 9.99e-4, 6.02214076e23, 1e7 - 1e-9, 123e-300, math.SmallestNonzeroFloat64} {
		s := JavaDouble(f)
		back, err := strconv.ParseFloat(s, 64)
		if err != nil || back != f {
			t.Errorf("JavaDouble(%v) = %q does not round-trip (%v, %v)", f, s, back, err)
		}
	}
}

func TestAppendJavaDoubleNoAlloc(t *testing.T) {
	buf := make([]byte, 0, 64)
	allocs := testing.AllocsPerRun(100, func() {
		buf = AppendJavaDouble(buf[:0], 1.2345678e-9)
	})
	if allocs != 0 {
		t.Fatalf("AppendJavaDouble allocated %v times", allocs)
	}
}
