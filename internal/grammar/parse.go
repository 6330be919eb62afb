// Package grammar parses CloudWatch Logs filter patterns into the ast package's tree and
// rejects invalid ones with AWS's exact messages (§1–§6). It is the only importer of
// participle: a hand-written lexer applies AWS's lexical and context-dependent rules, and
// participle parses the token stream.
package grammar

import (
	"errors"
	"io"
	"unicode/utf8"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"

	"github.com/cwfilter/cwfilter/filterpattern/ast"
)

// DefaultMaxLength is AWS's limit on a filter pattern, in characters.
const DefaultMaxLength = 1024

// Parse parses pattern with AWS's default length limit. The error, if any, is an *Error.
func Parse(pattern string, ctx Context) (ast.Pattern, error) {
	return ParseWithLimit(pattern, ctx, DefaultMaxLength)
}

// ParseWithLimit parses pattern; maxLen is the limit in code points (0 = unlimited).
func ParseWithLimit(pattern string, ctx Context, maxLen int) (ast.Pattern, error) {
	p, err := parse(pattern, ctx, maxLen)
	if err != nil {
		return nil, err
	}
	return p, nil
}

func parse(p string, ctx Context, maxLen int) (ast.Pattern, *Error) {
	if maxLen > 0 && utf8.RuneCountInString(p) > maxLen { // §1 #1, D-47
		off, n := 0, 0
		for off = range p {
			if n == maxLen {
				break
			}
			n++
		}
		return nil, errAt(lengthMsg(p, maxLen), off)
	}
	lo, hi := 0, len(p)
	for lo < hi && isWS(p[lo]) {
		lo++
	}
	for hi > lo && isWS(p[hi-1]) {
		hi--
	}
	s := p[lo:hi]
	whole := ast.Span{Start: lo, End: hi}
	if s == "" {
		return &ast.MatchAll{Pos: whole}, nil
	}
	switch s[0] {
	case '{':
		if len(s) < 2 || s[len(s)-1] != '}' {
			return nil, errAt(msgBrace, hi-1)
		}
		return parseJSON(p, s[1:len(s)-1], lo+1, ctx, whole)
	case '[':
		if len(s) < 2 || s[len(s)-1] != ']' {
			return nil, errAt(msgBracket, hi-1)
		}
		return parseDelimited(p, s[1:len(s)-1], lo+1, ctx, whole)
	case '%':
		return parseRegex(s, lo, whole)
	}
	return parseTerms(p, s, lo, ctx, whole)
}

// parseRegex handles a standalone %regex% (§5 R2–R5, R7).
func parseRegex(s string, base int, whole ast.Span) (ast.Pattern, *Error) {
	if len(s) < 2 || s[len(s)-1] != '%' {
		return nil, errAt(msgPercent, whole.End-1)
	}
	close := 1
	for s[close] != '%' {
		close++
	}
	if err := checkRegex(s, 0, close, base); err != nil {
		return nil, err
	}
	if close != len(s)-1 { // R5
		return nil, termErr(charAt(s, close+1), base+close+1)
	}
	body := s[1:close]
	if err := compileRegex(body, base); err != nil {
		return nil, err
	}
	return &ast.Regex{Pos: whole, Body: body}, nil
}

// definition satisfies participle's lexer interface; tokens always come from our own lexers.
type definition struct{}

func (definition) Symbols() map[string]lexer.TokenType { return symbols }
func (definition) Lex(string, io.Reader) (lexer.Lexer, error) {
	return nil, errors.New("grammar: lex through the package's own lexers")
}

var (
	termsParser     = participle.MustBuild[gTerms](participle.Lexer(definition{}))
	jsonParser      = participle.MustBuild[gOr[gCond]](participle.Lexer(definition{}), participle.UseLookahead(2))
	delimitedParser = participle.MustBuild[gDelimited](participle.Lexer(definition{}), participle.UseLookahead(4))
)

// run parses a token stream. A parse failure at an error token reports the lexer's error;
// any other failure is AWS's generic message at the token that could not be consumed.
func run[G any](p *participle.Parser[G], t *tokens, ctx Context) (*G, *Error) {
	peek, err := lexer.Upgrade(&replay{list: t.list})
	if err != nil {
		return nil, errAt(generic(ctx), 0)
	}
	g, err := p.ParseFromLexer(peek)
	if err == nil {
		return g, nil
	}
	off := 0
	var perr participle.Error
	if errors.As(err, &perr) {
		off = perr.Position().Offset
	}
	if e, ok := t.errs[off]; ok {
		return nil, e
	}
	return nil, errAt(generic(ctx), off)
}

func parseTerms(p, s string, base int, ctx Context, whole ast.Span) (ast.Pattern, *Error) {
	t := lexTerms(s, base, len(p))
	g, err := run(termsParser, t, ctx)
	if err != nil {
		return nil, err
	}
	out := &ast.Terms{Pos: whole}
	for _, gt := range g.Terms {
		term := &ast.Term{Pos: span(gt.Tokens)}
		switch gt.Prefix {
		case "-":
			term.Op = ast.Exclude
		case "?":
			term.Op = ast.Optional
		}
		if gt.Phrase != "" {
			term.Quoted = true
			term.Text = t.phrases[gt.Tokens[len(gt.Tokens)-1].Pos.Offset]
		} else {
			term.Text = gt.Word
		}
		out.Terms = append(out.Terms, term)
	}
	return out, nil
}

func parseJSON(p, body string, base int, ctx Context, whole ast.Span) (ast.Pattern, *Error) {
	t := lexStructured(body, base, len(p), ctx, false)
	g, err := run(jsonParser, t, ctx)
	if err != nil {
		return nil, err
	}
	out := &ast.JSON{Pos: whole, Expr: lowerOr(g, t.lowerCondition)}
	if err := checkQuotas(out, t); err != nil {
		return nil, err
	}
	return out, nil
}

func parseDelimited(p, body string, base int, ctx Context, whole ast.Span) (ast.Pattern, *Error) {
	t := lexStructured(body, base, len(p), ctx, true)
	g, err := run(delimitedParser, t, ctx)
	if err != nil {
		return nil, err
	}
	out := &ast.Delimited{Pos: whole}
	// A body of only whitespace has no fields; "[,]" has two unnamed ones (§4.1, SD5).
	if !(len(g.Fields) == 1 && len(g.Fields[0].Tokens) == 0) {
		for _, gf := range g.Fields {
			out.Fields = append(out.Fields, lowerField(gf, t))
		}
		placeUnnamedFields(p, out.Fields, base, base+len(body))
	}
	if err := checkQuotas(out, t); err != nil {
		return nil, err
	}
	return out, nil
}

// checkQuotas applies the per-pattern limits after a successful parse, in §6.3's
// order: E_REGEX2 (at the third regex), then E_WILD3 (at the fourth wildcard selector).
func checkQuotas(p ast.Pattern, t *tokens) *Error {
	regexes, wild := 0, 0
	var wildErr *Error
	for _, tok := range t.list {
		switch tok.Type {
		case tValue:
			if t.values[tok.Pos.Offset].Kind == ast.RegexValue {
				if regexes++; regexes == 3 {
					return errAt(msgRegex2, tok.Pos.Offset)
				}
			}
		case tSelector:
			if t.selectors[tok.Pos.Offset].HasWildcard() {
				if wild++; wild == 4 && wildErr == nil {
					wildErr = errAt(msgWildPatt, tok.Pos.Offset)
				}
			}
		}
	}
	return wildErr
}

// span covers a node's tokens, from the first byte of the first to the last byte of the last.
func span(toks []lexer.Token) ast.Span {
	if len(toks) == 0 {
		return ast.Span{}
	}
	last := toks[len(toks)-1]
	return ast.Span{Start: toks[0].Pos.Offset, End: last.Pos.Offset + len(last.Value)}
}

// ParseSelector parses a lone JSON selector such as "$.a.b[0]" (a metric value or dimension,
// §7.2). ok is false when s is not exactly one valid selector.
func ParseSelector(s string) (sel *ast.Selector, ok bool) {
	if s == "" || s[0] != '$' {
		return nil, false
	}
	l := &structLexer{s: s, end: len(s), t: newTokens(), seenNames: map[string]bool{}}
	if !l.selector() || l.i != len(s) {
		return nil, false
	}
	return l.t.selectors[0], true
}
