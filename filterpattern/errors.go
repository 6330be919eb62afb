package filterpattern

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/cwfilter/cwfilter/internal/grammar"
)

// SyntaxError is a pattern CloudWatch Logs would reject. Error returns AWS's message
// unchanged, so it can be compared with what the AWS API says; Render adds the position.
type SyntaxError struct {
	Code    string // "InvalidParameterException" or "LimitExceededException"
	Msg     string // AWS's exact text, e.g. "Invalid character(s) in term ':'"
	Pattern string
	Offset  int // byte offset of the fault in Pattern
	Line    int // 1-based
	Column  int // 1-based, in code points since the last newline
}

func (e *SyntaxError) Error() string { return e.Msg }

// Render formats the error for people: the message with (line:col), the pattern line and a
// caret under the fault.
//
//	Invalid character(s) in term ':' (1:5)
//	 | disk:
//	 | ....^
func (e *SyntaxError) Render() string {
	lineStart := strings.LastIndexByte(e.Pattern[:e.Offset], '\n') + 1
	lineEnd := strings.IndexByte(e.Pattern[lineStart:], '\n')
	if lineEnd < 0 {
		lineEnd = len(e.Pattern)
	} else {
		lineEnd += lineStart
	}
	var b strings.Builder
	b.WriteString(e.Msg + " (" + strconv.Itoa(e.Line) + ":" + strconv.Itoa(e.Column) + ")\n")
	b.WriteString(" | " + e.Pattern[lineStart:lineEnd] + "\n")
	b.WriteString(" | " + strings.Repeat(".", e.Column-1) + "^")
	return b.String()
}

func newSyntaxError(pattern string, e *grammar.Error) *SyntaxError {
	off := min(max(e.Offset, 0), len(pattern))
	before := pattern[:off]
	lineStart := strings.LastIndexByte(before, '\n') + 1
	return &SyntaxError{
		Code:    e.Code,
		Msg:     e.Msg,
		Pattern: pattern,
		Offset:  off,
		Line:    strings.Count(before, "\n") + 1,
		Column:  utf8.RuneCountInString(before[lineStart:]) + 1,
	}
}
