package grammar

import (
	"regexp"
	"strings"
)

// regexAllowed are the ASCII punctuation and space allowed in a regex body besides letters
// and digits (SPEC R2; space per D-22).
const regexAllowed = ":_#=@/;,-^$?[]{}|\\*+. "

// checkRegex validates the body of a %…% token whose opening '%' is at s[open] and closing
// '%' at s[close] (SPEC R2–R4, R7). base converts indexes of s to offsets in P.
func checkRegex(s string, open, close, base int) *Error {
	if close == open+1 {
		return termErr("%%", base+open)
	}
	for j := open + 1; j < close; j++ {
		c := s[j]
		ok := c < 0x80 && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte(regexAllowed, c) >= 0)
		if !ok {
			_, n := runeAt(s, j)
			return termErr(s[open:j+n], base+open)
		}
	}
	return nil
}

// compileRegex compiles a validated body verbatim with Go regexp (SPEC R7).
func compileRegex(body string, off int) *Error {
	if _, err := regexp.Compile(body); err != nil {
		return errAt(msgCompile, off)
	}
	return nil
}
