package grammar

import (
	"unicode"
	"unicode/utf8"

	"github.com/alecthomas/participle/v2/lexer"

	"github.com/cwfilter/cwfilter/filterpattern/ast"
)

// Token types shared by the three sub-languages. The lexer is hand-written because AWS's
// errors are lexical and context-dependent (§2.1, §3.1, §4.1); participle parses the
// resulting token stream.
const (
	tWord lexer.TokenType = iota + 1
	tPhrase
	tMinus
	tQuestion
	tLParen
	tRParen
	tAnd
	tOr
	tCmpOp
	tSelector
	tValue
	tKeyword
	tName
	tComma
	tEllipsis
	tJunk  // cannot be consumed: E_GENERIC at its offset
	tError // a lexical error carried in the stream so that the first fault, left to right, wins
)

var symbols = map[string]lexer.TokenType{
	"EOF": lexer.EOF, "Word": tWord, "Phrase": tPhrase, "Minus": tMinus, "Question": tQuestion,
	"LParen": tLParen, "RParen": tRParen, "And": tAnd, "Or": tOr, "CmpOp": tCmpOp,
	"Selector": tSelector, "Value": tValue, "Keyword": tKeyword, "Name": tName, "Comma": tComma,
	"Ellipsis": tEllipsis, "Junk": tJunk, "Error": tError,
}

// tokens is the output of a lexer: the token stream plus what each token means, keyed by
// its start offset in the pattern.
type tokens struct {
	list      []lexer.Token
	values    map[int]*ast.Value
	selectors map[int]*ast.Selector
	phrases   map[int]string
	errs      map[int]*Error
}

func newTokens() *tokens {
	return &tokens{values: map[int]*ast.Value{}, selectors: map[int]*ast.Selector{}, phrases: map[int]string{}, errs: map[int]*Error{}}
}

func (t *tokens) add(typ lexer.TokenType, text string, off int) {
	t.list = append(t.list, lexer.Token{Type: typ, Value: text, Pos: lexer.Position{Offset: off}})
}

// fail ends the stream with an error token at off (where the parser will stop) carrying err.
func (t *tokens) fail(off int, err *Error) {
	t.errs[off] = err
	t.add(tError, "", off)
}

func (t *tokens) eof(off int) { t.add(lexer.EOF, "", off) }

// replay feeds a finished token list to participle.
type replay struct {
	list []lexer.Token
	i    int
}

func (r *replay) Next() (lexer.Token, error) {
	tok := r.list[r.i]
	if r.i < len(r.list)-1 {
		r.i++
	}
	return tok, nil
}

// isWS is pattern whitespace (§0.2).
func isWS(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

// isLetterOrDigit is Unicode L* or Nd (§0.2).
func isLetterOrDigit(r rune) bool { return unicode.IsLetter(r) || unicode.Is(unicode.Nd, r) }

// isBareChar: the characters of a bare JSON/space-delimited value (L2).
func isBareChar(r rune) bool {
	return isLetterOrDigit(r) || r == '_' || r == '.' || r == '-' || r == '+' || r == '*'
}

// runeAt decodes the character at s[i] (invalid UTF-8 counts as one byte).
func runeAt(s string, i int) (rune, int) {
	r, n := utf8.DecodeRuneInString(s[i:])
	return r, n
}

// charAt is the text of the single character at s[i], for error messages.
func charAt(s string, i int) string {
	_, n := runeAt(s, i)
	return s[i : i+n]
}

// decodeQuoted scans a double-quoted string starting at s[i] == '"'. It returns the decoded
// text and the index after the closing quote, or end < 0 when the quote is never closed.
// Escapes: \" and \\ decode; any other \c stays as the two characters (A7, L4).
func decodeQuoted(s string, i int) (text string, end int) {
	var b []byte
	for j := i + 1; j < len(s); j++ {
		switch s[j] {
		case '"':
			return string(b), j + 1
		case '\\':
			if j+1 < len(s) && (s[j+1] == '"' || s[j+1] == '\\') {
				b = append(b, s[j+1])
				j++
				continue
			}
		}
		b = append(b, s[j])
	}
	return "", -1
}
