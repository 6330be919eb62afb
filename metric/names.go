package metric

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// units are the CloudWatch StandardUnit values (§7.1).
var units = [...]string{"Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes",
	"Gigabytes", "Terabytes", "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent", "Count",
	"Bytes/Second", "Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second",
	"Bits/Second", "Kilobits/Second", "Megabits/Second", "Gigabits/Second", "Terabits/Second",
	"Count/Second", "None"}

// Units returns the CloudWatch StandardUnit values, a fresh slice on each call.
func Units() []string { return slices.Clone(units[:]) }

// ValidUnit reports whether u is a StandardUnit value ("" is not: callers map it to None).
func ValidUnit(u string) bool { return slices.Contains(units[:], u) }

// ValidDimensionName reports whether k can name a dimension (DM3): 1–255 ASCII characters,
// at least one not whitespace, not starting with ':'.
func ValidDimensionName(k string) bool {
	if len(k) == 0 || len(k) > 255 || k[0] == ':' {
		return false
	}
	nonWS := false
	for i := 0; i < len(k); i++ {
		c := k[i]
		if c >= utf8.RuneSelf {
			return false
		}
		if !strings.ContainsRune(" \t\n\v\f\r", rune(c)) {
			nonWS = true
		}
	}
	return nonWS
}
