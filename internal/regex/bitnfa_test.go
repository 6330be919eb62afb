package regex

import (
	"regexp/syntax"
	"testing"
)

// bitNFA is the measured alternative to the automaton (bench/README.md): a bit-parallel
// Glushkov NFA, one bit per atom of a single sequence (≤ 63 atoms), with the optional
// blocks of Navarro and Raffinot for ? and * and a self-loop mask for * and +. It covers
// ASCII text and regexes without alternation or empty-width assertions, which is enough to
// time its inner loop against the automaton's on the same events.
type bitNFA struct {
	b        [256]uint64 // b[c]: positions whose class holds c
	rep      uint64      // positions with a self-loop
	opt      uint64      // optional positions (A)
	first    uint64      // the position before each optional block (I)
	last     uint64      // the last position of each optional block (F)
	final    uint64
	hasBlock bool
}

// newBitNFA returns the NFA of body, or false when body is outside what it covers.
func newBitNFA(body string) (*bitNFA, bool) {
	re, err := syntax.Parse(body, syntax.Perl)
	if err != nil {
		return nil, false
	}
	re = re.Simplify()
	var atoms []*syntax.Regexp
	if re.Op == syntax.OpConcat {
		atoms = re.Sub
	} else {
		atoms = []*syntax.Regexp{re}
	}
	n := &bitNFA{}
	pos := 0
	var add func(a *syntax.Regexp, opt, rep bool) bool
	add = func(a *syntax.Regexp, opt, rep bool) bool {
		switch a.Op {
		case syntax.OpLiteral:
			if opt || rep {
				if len(a.Rune) != 1 {
					return false
				}
			}
			for _, r := range a.Rune {
				if pos++; pos > 63 || r >= 0x80 {
					return false
				}
				n.b[r] |= 1 << pos
				n.mark(pos, opt, rep)
			}
			return true
		case syntax.OpCharClass, syntax.OpAnyCharNotNL:
			if pos++; pos > 63 {
				return false
			}
			for c := 0; c < 0x80; c++ {
				if a.Op == syntax.OpAnyCharNotNL && c != '\n' || a.Op == syntax.OpCharClass && inSet(a.Rune, rune(c)) {
					n.b[c] |= 1 << pos
				}
			}
			n.mark(pos, opt, rep)
			return true
		case syntax.OpQuest:
			return add(a.Sub[0], true, rep)
		case syntax.OpStar:
			return add(a.Sub[0], true, true)
		case syntax.OpPlus:
			return add(a.Sub[0], opt, true)
		case syntax.OpConcat:
			for _, s := range a.Sub {
				if !add(s, opt, rep) {
					return false
				}
			}
			return true
		}
		return false
	}
	for _, a := range atoms {
		if !add(a, false, false) {
			return nil, false
		}
	}
	n.final = 1 << pos
	// Optional blocks: runs of optional positions, with the position before each.
	for p := 1; p <= pos; p++ {
		if n.opt&(1<<p) != 0 {
			n.hasBlock = true
			if n.opt&(1<<(p-1)) == 0 {
				n.first |= 1 << (p - 1)
			}
			if p == pos || n.opt&(1<<(p+1)) == 0 {
				n.last |= 1 << p
			}
		}
	}
	return n, true
}

func (n *bitNFA) mark(pos int, opt, rep bool) {
	if opt {
		n.opt |= 1 << pos
	}
	if rep {
		n.rep |= 1 << pos
	}
}

// closure adds the positions reachable by skipping optional ones.
func (n *bitNFA) closure(d uint64) uint64 {
	df := d | n.last
	return d | n.opt&(^(df - n.first)) ^ df
}

func (n *bitNFA) match(text []byte) bool {
	d := n.closure(1)
	if d&n.final != 0 {
		return true
	}
	if !n.hasBlock {
		for _, c := range text {
			d = ((d<<1 | d&n.rep) & n.b[c]) | 1
			if d&n.final != 0 {
				return true
			}
		}
		return false
	}
	for _, c := range text {
		d = ((d<<1|d&n.rep)&n.b[c] | 1)
		df := d | n.last
		d |= n.opt&(^(df - n.first)) ^ df
		if d&n.final != 0 {
			return true
		}
	}
	return false
}

// The prototype agrees with the automaton on the corpus, so that the timing compares like
// with like.
func TestBitNFAAgrees(t *testing.T) {
	for _, body := range bitNFABodies {
		n, ok := newBitNFA(body)
		if !ok {
			t.Fatalf("%s: outside the prototype", body)
		}
		r := MustCompile(body)
		for _, ev := range records() {
			if got, want := n.match(ev), r.dfa.run(ev, 0); got != want {
				t.Fatalf("%s on %s: bit-parallel %v, automaton %v", body, ev, got, want)
			}
		}
	}
}

var bitNFABodies = []string{`\d{3}-\d{3}`, `[0-9]{12}`, `[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}`, `ConsoleLogin.*Failure`, `i-[0-9a-f]{17}`}

// The inner loops alone, on every event from its start: no prefilter, no skip.
func BenchmarkCore(b *testing.B) {
	recs := records()
	size := int64(0)
	for _, r := range recs {
		size += int64(len(r))
	}
	for _, body := range bitNFABodies {
		n, _ := newBitNFA(body)
		d := MustCompile(body).dfa
		for _, impl := range []struct {
			name  string
			match func([]byte) bool
		}{{"dfa", func(ev []byte) bool { return d.run(ev, 0) }}, {"bitnfa", n.match}} {
			b.Run(body+"/impl="+impl.name, func(b *testing.B) {
				b.SetBytes(size)
				for b.Loop() {
					for _, ev := range recs {
						impl.match(ev)
					}
				}
			})
		}
	}
}
