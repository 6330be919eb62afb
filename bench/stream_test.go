package bench

import (
	"bytes"
	"strconv"
	"sync"
	"testing"

	"github.com/cwfilter/cwfilter/filterpattern"
)

// Stream: the 15-pattern CIS Set over the CloudTrail corpus joined with '\n' and repeated to
// ≥ 20 MB (streamData), read from an io.Reader by Set.MatchLines with one worker and with two.
// One op is one pass over the whole stream; "matches" counts (line, pattern) pairs.
// impl=split1 and impl=split2 are the machine's yardstick, no engine at all: the same lines
// already in memory, cut into one part per goroutine and matched in place. split2/split1 is
// the most two goroutines can gain here at the time of the run.

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
			n := 0 // emit runs on the calling goroutine
			for b.Loop() {
				n = 0
				err := set.MatchLines(bytes.NewReader(data), w.workers, func(line []byte, matched []int) error {
					n += len(matched)
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n), "matches")
		})
	}
	for _, parts := range []int{1, 2} {
		b.Run("impl=split"+strconv.Itoa(parts), func(b *testing.B) {
			halves := [][]byte{data}
			if parts == 2 {
				cut := len(data) / 2
				cut += bytes.IndexByte(data[cut:], '\n') + 1
				halves = [][]byte{data[:cut], data[cut:]}
			}
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				var wg sync.WaitGroup
				for _, part := range halves {
					wg.Add(1)
					go func(part []byte) {
						defer wg.Done()
						var dst []int
						for len(part) > 0 {
							line, rest, _ := bytes.Cut(part, []byte{'\n'})
							part = rest
							dst = set.Match(line, dst[:0])
						}
					}(part)
				}
				wg.Wait()
			}
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
		n := 0
		if err := set.MatchLines(bytes.NewReader(data), workers, func(_ []byte, matched []int) error {
			n += len(matched)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if n != want {
			t.Errorf("MatchLines with %d workers: %d matches, Set.Match %d", workers, n, want)
		}
	}
}
