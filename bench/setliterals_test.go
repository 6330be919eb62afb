package bench

import (
	"testing"

	"github.com/cwfilter/cwfilter/filterpattern/ast"
	"github.com/cwfilter/cwfilter/internal/jsonmatch"
)

// SetLiterals (issue 8: "rarest-byte anchored or Aho–Corasick — measure both"): the 15 CIS
// patterns as one JSON Set that rules patterns out by their required literals only (no key
// guards, so that literals are all it searches), with each literal searched on demand and
// anchored on its rarest byte (impl=rarestbyte, what filterpattern.Set uses) against one
// Aho–Corasick pass over all of them (impl=ahocorasick).
func BenchmarkSetLiterals(b *testing.B) {
	evs, size := cloudTrail()
	var asts []*ast.JSON
	for _, p := range cisSet(b) {
		asts = append(asts, p.AST().(*ast.JSON))
	}
	for _, c := range []struct {
		impl   string
		search jsonmatch.LiteralSearch
	}{{"rarestbyte", jsonmatch.RarestByte}, {"ahocorasick", jsonmatch.AhoCorasick}} {
		s, err := jsonmatch.CompileSet(asts, c.search|jsonmatch.LiteralsOnly)
		if err != nil {
			b.Fatal(err)
		}
		b.Run("impl="+c.impl, func(b *testing.B) {
			matched := make([]uint64, 1)
			b.SetBytes(size)
			b.ReportAllocs()
			for b.Loop() {
				for _, ev := range evs {
					s.Match(ev, matched)
				}
			}
		})
	}
}
