package jsonmatch

import (
	"errors"
	"hash/maphash"

	"github.com/cwfilter/cwfilter/filterpattern/ast"
	"github.com/cwfilter/cwfilter/internal/decimal"
	"github.com/cwfilter/cwfilter/internal/glob"
	"github.com/cwfilter/cwfilter/internal/regex"
)

// Matcher is a compiled JSON pattern. It is immutable and safe for concurrent use.
type Matcher struct {
	trie      []trieNode // trie[0] is the root ($)
	conds     []cond     // numbered in trie depth-first order: a subtree owns a contiguous range
	expr      *program
	prefilter *prefilter // nil: none
	seed      maphash.Seed
	src       *ast.JSON // the pattern Compile compiled, for CompileSet; nil otherwise
}

// trieNode is one selector step shared by every selector that passes through it.
type trieNode struct {
	keys      []keyEdge
	keyMap    map[string]int32 // set when keys is long
	index     []indexEdge
	wild      int32              // child for .* / [*], or -1
	conds     []int32            // conditions evaluated on the node reached here
	exact     map[string][]int32 // = "text" conditions, looked up at once (many event names)
	lo, hi    int32              // conditions of this subtree
	underWild bool               // the path to this node contains a wildcard
	leaf      bool               // no children: the value is only evaluated, never entered
	pats      uint64             // the patterns whose selectors pass here (bit i: pattern i of a Set)
}

type keyEdge struct {
	key   string
	child int32
}

type indexEdge struct {
	index int
	child int32
}

// program is the boolean structure of the pattern over condition results.
type program struct {
	and   bool
	kids  []*program
	leaf  bool
	cond  int32 // leaf: the condition
	final final // leaf: how its result is read
}

// final says how a condition's recorded bits give its truth value.
type final uint8

const (
	fCur        final = iota // the primitive on the resolved node
	fNotCur                  // NOT EXISTS: the node was not reached
	fAgg                     // wildcard: some node satisfied the primitive
	fNotAgg                  // wildcard NOT EXISTS: no node exists
	fPeAndNoAgg              // wildcard !=: the parent exists and no node is eq-true
)

const (
	maxStates    = 8  // trie nodes that can be reached at one value
	maxWildSpan  = 64 // conditions below one wildcard (recorded per object member)
	mapKeysFrom  = 9  // a node with this many keys looks them up in a map
	exactMapFrom = 4  // a node with this many = "text" conditions looks the value up in a map
)

var (
	errWildcards = errors.New("jsonmatch: too many wildcard selectors")
	errSelector  = errors.New("jsonmatch: invalid selector")
)

// builder collects the trie before conditions are numbered.
type builder struct {
	nodes   []bnode
	pat     uint64                   // the bit of the pattern being added
	regexes map[string]*regex.Regexp // regex values compiled already, by body (CompileSet)
}

type bnode struct {
	seg       ast.Segment
	kids      []int
	conds     []cond
	condIDs   []*int32 // where to write each condition's final number
	underWild bool
	pats      uint64
}

// newBuilder starts a trie for one pattern: pattern 0.
func newBuilder() *builder { return &builder{nodes: []bnode{{pats: ^uint64(0)}}, pat: 1} }

func (b *builder) child(parent int, seg ast.Segment) int {
	for _, k := range b.nodes[parent].kids {
		s := b.nodes[k].seg
		if s.Kind == seg.Kind && (seg.Kind == ast.Wildcard || seg.Kind == ast.Key && s.Key == seg.Key || seg.Kind == ast.Index && s.Index == seg.Index) {
			b.nodes[k].pats |= b.pat
			return k
		}
	}
	b.nodes = append(b.nodes, bnode{seg: seg, underWild: b.nodes[parent].underWild || seg.Kind == ast.Wildcard, pats: b.pat})
	k := len(b.nodes) - 1
	b.nodes[parent].kids = append(b.nodes[parent].kids, k)
	return k
}

// Compile compiles a JSON pattern.
func Compile(p *ast.JSON) (*Matcher, error) {
	b := newBuilder()
	prog, err := b.expr(p.Expr)
	if err != nil {
		return nil, err
	}
	m := &Matcher{expr: prog, seed: maphash.MakeSeed(), src: p}
	if err := m.finish(b); err != nil {
		return nil, err
	}
	m.prefilter = newPrefilter(requiredOf(p.Expr))
	return m, nil
}

func (b *builder) expr(e ast.Expr) (*program, error) {
	switch e := e.(type) {
	case *ast.Paren:
		return b.expr(e.X)
	case *ast.And, *ast.Or:
		ops, and := operands(e)
		p := &program{and: and}
		for _, o := range ops {
			k, err := b.expr(o)
			if err != nil {
				return nil, err
			}
			p.kids = append(p.kids, k)
		}
		return p, nil
	case *ast.Condition:
		return b.condition(e)
	}
	return nil, errors.New("jsonmatch: unexpected expression")
}

func operands(e ast.Expr) ([]ast.Expr, bool) {
	if a, ok := e.(*ast.And); ok {
		return a.Operands, true
	}
	return e.(*ast.Or).Operands, false
}

// condition places a condition on the trie node of its selector and chooses its primitive.
func (b *builder) condition(e *ast.Condition) (*program, error) {
	segs := e.Selector.Segments
	if len(segs) == 0 {
		return nil, errSelector
	}
	at, parent, wilds := 0, 0, 0
	for _, s := range segs {
		if s.Kind == ast.Wildcard {
			wilds++
			parent = at // the node the wildcard applies to (PE, §3.6)
		}
		at = b.child(at, s)
	}
	if wilds > 1 {
		return nil, errWildcards
	}
	c, err := b.newCond(e, wilds == 1)
	if err != nil {
		return nil, err
	}
	p := &program{leaf: true}
	switch {
	case wilds == 0 && e.Op == ast.NotExists:
		p.final = fNotCur
	case wilds == 0:
		p.final = fCur
	case e.Op == ast.NotExists:
		p.final = fNotAgg
	case e.Op == ast.Ne:
		p.final = fPeAndNoAgg
		pe := &program{leaf: true}
		b.add(parent, cond{test: tExists}, &pe.cond)
		p.kids = []*program{pe} // kids[0] carries the hidden PE condition's number
	default:
		p.final = fAgg
	}
	b.add(at, c, &p.cond)
	return p, nil
}

func (b *builder) add(at int, c cond, id *int32) {
	b.nodes[at].conds = append(b.nodes[at].conds, c)
	b.nodes[at].condIDs = append(b.nodes[at].condIDs, id)
}

// newCond specialises the comparison of one condition.
func (b *builder) newCond(e *ast.Condition, wild bool) (cond, error) {
	c := cond{op: e.Op, wild: wild}
	switch e.Op {
	case ast.IsNull:
		c.test = tNull
		if wild {
			c.test = tNullOnly // arrays among the nodes are not inspected (§3.6)
		}
		return c, nil
	case ast.IsTrue:
		c.test = tTrue
		return c, nil
	case ast.IsFalse:
		c.test = tFalse
		return c, nil
	case ast.NotExists:
		c.test = tExists
		return c, nil
	}
	v := e.Value
	if v == nil {
		return c, errors.New("jsonmatch: missing value")
	}
	switch v.Kind {
	case ast.Number:
		n, ok := decimal.ParseNumber(v.Text, decimal.Literal)
		if !ok {
			return c, errors.New("jsonmatch: invalid number literal")
		}
		c.lit, c.num, c.text = ast.Number, n, v.Text
	case ast.Glob:
		c.lit, c.glob = ast.Glob, glob.Compile(v.Text)
	case ast.Any:
		c.lit = ast.Any
	case ast.RegexValue:
		re := b.regexes[v.Text]
		if re == nil {
			var err error
			if re, err = regex.Compile(v.Text); err != nil {
				return c, err
			}
		}
		c.lit, c.re = ast.RegexValue, re
	}
	switch {
	case e.Op.Ordering():
		if c.lit != ast.Number {
			return c, errors.New("jsonmatch: ordering needs a number")
		}
		c.test = tOrder
	case e.Op == ast.Eq || wild: // a wildcard != records "some node is eq-true" (§3.6)
		c.test = tEqTrue
	default:
		c.test = tEqFalse
	}
	return c, nil
}

// finish numbers the conditions depth-first and lays out the trie.
func (m *Matcher) finish(b *builder) error {
	m.trie = make([]trieNode, len(b.nodes))
	var walk func(at int) error
	walk = func(at int) error {
		bn := &b.nodes[at]
		tn := &m.trie[at]
		tn.wild = -1
		tn.underWild = bn.underWild
		tn.pats = bn.pats
		tn.leaf = len(bn.kids) == 0
		tn.lo = int32(len(m.conds))
		exact := 0
		for _, c := range bn.conds {
			if c.isExact() {
				exact++
			}
		}
		for i, c := range bn.conds {
			id := int32(len(m.conds))
			*bn.condIDs[i] = id
			m.conds = append(m.conds, c)
			if exact >= exactMapFrom && c.isExact() {
				if tn.exact == nil {
					tn.exact = make(map[string][]int32)
				}
				tn.exact[string(c.glob.Core)] = append(tn.exact[string(c.glob.Core)], id)
				continue
			}
			tn.conds = append(tn.conds, id)
		}
		for _, k := range bn.kids {
			switch s := b.nodes[k].seg; s.Kind {
			case ast.Key:
				tn.keys = append(tn.keys, keyEdge{s.Key, int32(k)})
			case ast.Index:
				tn.index = append(tn.index, indexEdge{s.Index, int32(k)})
			default:
				tn.wild = int32(k)
			}
			if err := walk(k); err != nil {
				return err
			}
		}
		tn.hi = int32(len(m.conds))
		if len(tn.keys) >= mapKeysFrom {
			tn.keyMap = make(map[string]int32, len(tn.keys))
			for _, e := range tn.keys {
				tn.keyMap[e.key] = e.child
			}
		}
		return nil
	}
	if err := walk(0); err != nil {
		return err
	}
	// Bound the state set and the per-member record of each wildcard.
	wildNodes := 0
	for i := range m.trie {
		if w := m.trie[i].wild; w >= 0 {
			wildNodes++
			if m.trie[w].hi-m.trie[w].lo > maxWildSpan {
				return errWildcards
			}
		}
	}
	if wildNodes >= maxStates {
		return errWildcards
	}
	return nil
}
