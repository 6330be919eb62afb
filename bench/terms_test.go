package bench

import (
	"bytes"
	"testing"

	"github.com/cwfilter/cwfilter/filterpattern"
)

// Terms3: a 3-term unstructured pattern against the obvious bytes.Contains loop, over the
// CloudTrail corpus.

const terms3Pattern = "errorCode AccessDenied s3.amazonaws.com"

func terms3Impls() []impl {
	terms := [][]byte{[]byte("errorCode"), []byte("AccessDenied"), []byte("s3.amazonaws.com")}
	return []impl{
		{"cwfilter", filterpattern.MustCompile(terms3Pattern).Match},
		{"bytes.Contains", func(ev []byte) bool {
			return bytes.Contains(ev, terms[0]) && bytes.Contains(ev, terms[1]) && bytes.Contains(ev, terms[2])
		}},
	}
}

func BenchmarkTerms3(b *testing.B) {
	evs, size := cloudTrail()
	for _, im := range terms3Impls() {
		b.Run("impl="+im.name, func(b *testing.B) { run(b, evs, size, im.match) })
	}
}

func TestTerms3BaselineAgrees(t *testing.T) {
	evs, _ := cloudTrail()
	impls := terms3Impls()
	want := count(evs, impls[0].match)
	if got := count(evs, impls[1].match); got != want || want == 0 {
		t.Fatalf("bytes.Contains matches %d events, cwfilter %d", got, want)
	}
}
