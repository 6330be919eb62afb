package grammar

import "fmt"

// Context selects the wording of the generic syntax error (§6.2 E_GENERIC).
type Context uint8

const (
	MetricFilter Context = iota
	SubscriptionFilter
	FilterLogEvents
)

// Error codes (§6.1).
const (
	InvalidParameter = "InvalidParameterException"
	LimitExceeded    = "LimitExceededException"
)

// Error is a rejected pattern: AWS's exact message and the byte offset of the fault in
// the pattern as passed by the caller. filterpattern turns it into a *SyntaxError.
type Error struct {
	Code   string
	Msg    string
	Offset int
}

func (e *Error) Error() string { return e.Msg }

// Messages of §6.2.
const (
	msgBrace    = "If a filter pattern starts with '{' it must end with '}'"
	msgBracket  = "If a filter pattern starts with '[' it must end with ']'"
	msgPercent  = "If a filter pattern starts with '%' it must end with '%'"
	msgCompile  = "Failed to compile regular expression."
	msgRegex2   = "Your input has exceeded the maximum of 2 regular expressions per filter pattern."
	msgWildSel  = "Your filter pattern has a JSON path selector that exceeds the maximum of 1 wildcard allowed per json selector."
	msgWildPatt = "Your filter pattern has exceeded the maximum of 3 JSON path selectors with wildcards per filter pattern."
)

func generic(ctx Context) string {
	switch ctx {
	case SubscriptionFilter:
		return "Invalid subscription filter pattern"
	case FilterLogEvents:
		return "Invalid filter pattern"
	}
	return "Invalid metric filter pattern"
}

func lengthMsg(p string, max int) string {
	return fmt.Sprintf("1 validation error detected: Value '%s' at 'filterPattern' failed to satisfy constraint: Member must have length less than or equal to %d", p, max)
}

func termErr(text string, off int) *Error {
	return &Error{Code: InvalidParameter, Msg: "Invalid character(s) in term '" + text + "'", Offset: off}
}

func errAt(msg string, off int) *Error {
	return &Error{Code: InvalidParameter, Msg: msg, Offset: off}
}
