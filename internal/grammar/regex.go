package grammar

import (
	"regexp/syntax"
	"strings"
)

// regexAllowed are the ASCII punctuation and space allowed in a regex body besides letters
// and digits (R2; space per D-22).
const regexAllowed = ":_#=@/;,-^$?[]{}|\\*+. "

// checkRegex validates the body of a %…% token whose opening '%' is at s[open] and closing
// '%' at s[close] (R2–R4, R7). base converts indexes of s to offsets in P.
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

// MaxRegexProgram bounds the compiled size of one regex, in RE2 instructions. Matching costs
// time per event byte in proportion to the program size, so without a bound a legal
// 1,024-character regex such as 92 × "[a]{0,1000}" takes minutes per event. Larger regexes
// fail like any regex that does not compile (D-54). A single
// "[a-z]{1000}" needs about 1,000 instructions.
const MaxRegexProgram = 10000

// compileRegex compiles a validated body verbatim with Go's RE2 syntax (R7) and applies
// MaxRegexProgram.
func compileRegex(body string, off int) *Error {
	re, err := syntax.Parse(body, syntax.Perl)
	if err != nil {
		return errAt(msgCompile, off)
	}
	prog, err := syntax.Compile(re.Simplify())
	if err != nil || len(prog.Inst) > MaxRegexProgram {
		return errAt(msgCompile, off)
	}
	return nil
}
