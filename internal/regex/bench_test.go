package regex

import (
	"testing"
	"unsafe"
)

// compileBodies are the bench/ rows' regexes and a few heavy ones (bounded repeats after a
// literal, a long repeat, a Unicode class, one over the automaton's bounds).
var compileBodies = []string{
	`AccessDenied|UnauthorizedOperation`, `[0-9]{12}`, `i-[0-9a-f]{17}`, `ConsoleLogin.*Failure`,
	`\d{3}-\d{3}`, `ERROR|WARN|FATAL`, `\broot\b`, `^.{2}eventVersion`, `AKIA[0-9A-Z]{16}`,
	`[a-z0-9-]+\.amazonaws\.com`, `errorCode.{1,5}[A-Za-z]+Exception`,
	`[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}`, `eventName.{1,40}Delete`,
	`ERROR.{0,100}timeout`, `x[^y]{0,200}y`, `[a-z]{1000}Z`, `.{300}`, `\pL+x`, `a.{20}b`,
}

// BenchmarkCompile reports what a compiled regex costs: time and memory allocated while
// compiling (ns/op, B/op), and what it keeps (the automaton's states, its bytes).
func BenchmarkCompile(b *testing.B) {
	for _, body := range compileBodies {
		b.Run(body, func(b *testing.B) {
			b.ReportAllocs()
			var r *Regexp
			for b.Loop() {
				r = MustCompile(body)
			}
			states := 0
			if r.dfa != nil {
				states = len(r.dfa.eot)
			}
			b.ReportMetric(float64(states), "states")
			b.ReportMetric(float64(r.footprint()), "kept-bytes")
		})
	}
}

// footprint estimates the bytes a compiled regex keeps (regexp's own, for the fallback, is
// not counted).
func (r *Regexp) footprint() int {
	n := int(unsafe.Sizeof(*r))
	if d := r.dfa; d != nil {
		n += int(unsafe.Sizeof(*d)) + 4*len(d.trans) + len(d.eot)
	}
	if p := r.pf; p != nil {
		n += int(unsafe.Sizeof(*p))
		for _, f := range p.finders {
			n += 48 + len(f.Needle())
		}
		for _, c := range p.clauses {
			n += 48 + 9*len(c.lits)
		}
		if f := p.fused; f != nil {
			n += int(unsafe.Sizeof(*f)) + 520 // the bytemask.Set
			for _, l := range f.lits {
				n += 24 + len(l) + 8 + 1 + 2
			}
		}
	}
	return n
}
