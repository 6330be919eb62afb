// Package filterpattern compiles and matches Amazon CloudWatch Logs filter patterns: term
// lists, %regex%, JSON { … } and space-delimited [ … ] patterns, exactly as CloudWatch Logs
// accepts, rejects and matches them.
//
// A compiled *Pattern is immutable and safe for concurrent use. Match and MatchString never
// allocate and never panic; events that are malformed for the pattern's kind simply do not match.
//
// A Set matches many patterns at once (a log group's filters): one pass over the event decides
// them all, with exactly the answers of their own Match. Set.MatchLines matches a stream's lines,
// and Set.MatchAll events already in memory, on several goroutines and hands the results back
// in input order.
package filterpattern

import (
	"errors"
	"strconv"
	"unsafe"

	"github.com/cwfilter/cwfilter/filterpattern/ast"
	"github.com/cwfilter/cwfilter/internal/delimited"
	"github.com/cwfilter/cwfilter/internal/grammar"
	"github.com/cwfilter/cwfilter/internal/jsonmatch"
	"github.com/cwfilter/cwfilter/internal/regex"
)

// Kind is the sub-language of a pattern.
type Kind uint8

const (
	MatchAll       Kind = iota // empty or blank pattern
	Terms                      // unstructured terms: ERROR -DEBUG "disk full"
	Regex                      // %regex%
	JSON                       // { $.eventName = "ConsoleLogin" }
	SpaceDelimited             // [ip, user, ..., status_code = 5*]
)

var kindNames = [...]string{"MatchAll", "Terms", "Regex", "JSON", "SpaceDelimited"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Context is where a pattern is used; it only changes the text of the generic syntax error.
type Context uint8

const (
	ContextMetricFilter       Context = iota // "Invalid metric filter pattern" (default)
	ContextSubscriptionFilter                // "Invalid subscription filter pattern"
	ContextFilterLogEvents                   // "Invalid filter pattern"
)

// DefaultMaxLength is AWS's limit on a filter pattern, in characters.
const DefaultMaxLength = grammar.DefaultMaxLength

// DefaultMaxEventSize is the largest log event CloudWatch Logs ingests, in bytes: 1,048,550.
// The PutLogEvents API reference (since April 2025) says "Each log event can be no larger
// than 1 MB" and counts a batch of at most 1,048,576 bytes as the sum of the events' UTF-8
// messages plus 26 bytes per event, so one event's message has at most 1,048,576 − 26 bytes.
// CloudWatch never delivers a larger event to a filter, so by default it does not match.
const DefaultMaxEventSize = 1<<20 - 26

type config struct {
	ctx      Context
	maxLen   int
	maxEvent int
}

// Option configures Compile and Parse.
type Option func(*config)

// WithContext selects where the pattern is used (§0.3).
func WithContext(c Context) Option { return func(cfg *config) { cfg.ctx = c } }

// WithMaxLength sets the length limit in characters; 0 means unlimited. The default is 1024.
func WithMaxLength(n int) Option { return func(cfg *config) { cfg.maxLen = n } }

// WithMaxEventSize sets the largest event, in bytes, that can match; larger events never
// match (Match, Extract and MatchRefs report false). 0 means unlimited. The default is
// DefaultMaxEventSize, CloudWatch's own limit. Matching time is linear in the event size
// either way.
func WithMaxEventSize(n int) Option { return func(cfg *config) { cfg.maxEvent = n } }

func configure(opts []Option) config {
	cfg := config{ctx: ContextMetricFilter, maxLen: DefaultMaxLength, maxEvent: DefaultMaxEventSize}
	for _, o := range opts {
		o(&cfg)
	}
	return cfg
}

// Parse returns the syntax tree of pattern. The error is a *SyntaxError.
func Parse(pattern string, opts ...Option) (ast.Pattern, error) {
	cfg := configure(opts)
	tree, err := grammar.ParseWithLimit(pattern, grammar.Context(cfg.ctx), cfg.maxLen)
	if err != nil {
		var ge *grammar.Error
		if errors.As(err, &ge) {
			return nil, newSyntaxError(pattern, ge)
		}
		return nil, err
	}
	return tree, nil
}

// Pattern is a compiled filter pattern.
type Pattern struct {
	src      string
	maxEvent int // 0: unlimited
	kind     Kind
	tree     ast.Pattern
	terms    *termMatcher
	re       *regex.Regexp
	delim    *delimited.Matcher
	json     *jsonmatch.Matcher
}

// Compile parses and compiles a filter pattern. Invalid patterns return a *SyntaxError whose
// Error() is the message AWS returns for the same pattern.
func Compile(pattern string, opts ...Option) (*Pattern, error) {
	tree, err := Parse(pattern, opts...)
	if err != nil {
		return nil, err
	}
	p := &Pattern{src: pattern, tree: tree, maxEvent: configure(opts).maxEvent}
	switch t := tree.(type) {
	case *ast.MatchAll:
		p.kind = MatchAll
	case *ast.Terms:
		p.kind, p.terms = Terms, compileTerms(t)
	case *ast.Regex:
		p.kind, p.re = Regex, regex.MustCompile(t.Body) // validated by the grammar
	case *ast.JSON:
		p.kind = JSON
		if p.json, err = jsonmatch.Compile(t); err != nil {
			return nil, err
		}
	case *ast.Delimited:
		p.kind = SpaceDelimited
		if p.delim, err = delimited.Compile(t); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// MustCompile is Compile that panics on an invalid pattern, for patterns known at build time.
func MustCompile(pattern string, opts ...Option) *Pattern {
	p, err := Compile(pattern, opts...)
	if err != nil {
		panic("filterpattern: Compile(" + pattern + "): " + err.Error())
	}
	return p
}

// Match reports whether event matches the pattern.
func (p *Pattern) Match(event []byte) bool {
	if p.oversized(event) {
		return false
	}
	switch p.kind {
	case Terms:
		return p.terms.match(event)
	case Regex:
		return p.re.Match(event)
	case JSON:
		return p.json.Match(event)
	case SpaceDelimited:
		return p.delim.Match(event)
	}
	return true
}

// oversized reports whether event is beyond the pattern's event size limit.
func (p *Pattern) oversized(event []byte) bool { return p.maxEvent > 0 && len(event) > p.maxEvent }

// MatchString reports whether event matches the pattern, without copying event.
func (p *Pattern) MatchString(event string) bool { return p.Match(bytesOf(event)) }

// bytesOf views s as bytes without copying; the matchers only read their input.
func bytesOf(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }

// Kind returns the pattern's sub-language.
func (p *Pattern) Kind() Kind { return p.kind }

// String returns the pattern's source text as passed to Compile.
func (p *Pattern) String() string { return p.src }

// AST returns the pattern's syntax tree. It must not be modified.
func (p *Pattern) AST() ast.Pattern { return p.tree }

// FieldNames returns the declared field names of a space-delimited pattern in order
// ("" for unnamed fields, "..." for the ellipsis), or nil for other kinds.
func (p *Pattern) FieldNames() []string {
	d, ok := p.tree.(*ast.Delimited)
	if !ok {
		return nil
	}
	names := make([]string, len(d.Fields))
	for i, f := range d.Fields {
		names[i] = f.Name
		if f.Ellipsis {
			names[i] = "..."
		}
	}
	return names
}

// Extract reports whether event matches and, if so, the values TestMetricFilter reports for
// it: every token of a space-delimited event under "$name" or "$N"; nothing for other kinds.
func (p *Pattern) Extract(event []byte) (Fields, bool) {
	return p.AppendExtract(Fields{}, event)
}

// AppendExtract is Extract appending to dst, so a caller can reuse one buffer across events.
// The values are strings: a matching event is copied into one string they share (the only
// allocation besides growing dst); AppendExtractString needs no copy.
func (p *Pattern) AppendExtract(dst Fields, event []byte) (Fields, bool) {
	if p.kind != SpaceDelimited || p.oversized(event) {
		return dst, p.Match(event)
	}
	return p.delim.AppendExtract(dst, event)
}

// AppendExtractString is AppendExtract for a string event: the values are substrings of
// event, so nothing is allocated beyond growing dst.
func (p *Pattern) AppendExtractString(dst Fields, event string) (Fields, bool) {
	if p.kind != SpaceDelimited || p.oversized(bytesOf(event)) {
		return dst, p.MatchString(event)
	}
	return p.delim.AppendExtractString(dst, event)
}
