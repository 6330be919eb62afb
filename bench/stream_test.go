//go:build matchlines

// TODO(issue 8): remove the build tag once filterpattern.(*Set).MatchLines (filterpattern/lines.go)
// exists; until then `go test -tags matchlines` does not compile and bench/perf.sh shows the
// Stream row as not run.

package bench

import (
	"bytes"
	"sync/atomic"
	"testing"

	"github.com/cwfilter/cwfilter/filterpattern"
)

// Stream: the 15-pattern CIS Set over the CloudTrail corpus joined with '\n' and repeated to
// ≥ 20 MB (streamData), read from an io.Reader by Set.MatchLines with one worker and with two.
// One op is one pass over the whole stream; "matches" counts (line, pattern) pairs.

func BenchmarkStream(b *testing.B) {
	data := streamData()
	set := filterpattern.NewSet(cisSet(b)...)
	for _, w := range []struct {
		name    string
		workers int
	}{{"workers1", 1}, {"workers2", 2}} {
		b.Run("impl="+w.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			var n atomic.Int64
			for b.Loop() {
				n.Store(0)
				err := set.MatchLines(bytes.NewReader(data), w.workers, func(line []byte, matched []int) error {
					n.Add(int64(len(matched)))
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n.Load()), "matches")
		})
	}
}

// MatchLines finds the pairs that Set.Match finds line by line, with any number of workers.
func TestStreamAgrees(t *testing.T) {
	evs, _ := cloudTrail()
	set := filterpattern.NewSet(cisSet(t)...)
	var data []byte
	want := 0
	var dst []int
	for _, ev := range evs {
		data = append(append(data, ev...), '\n')
		want += len(set.Match(ev, dst[:0]))
	}
	for _, workers := range []int{1, 2} {
		var n atomic.Int64
		if err := set.MatchLines(bytes.NewReader(data), workers, func(_ []byte, matched []int) error {
			n.Add(int64(len(matched)))
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if int(n.Load()) != want {
			t.Errorf("MatchLines with %d workers: %d matches, Set.Match %d", workers, n.Load(), want)
		}
	}
}
