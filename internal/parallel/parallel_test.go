package parallel_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"testing/iotest"

	"github.com/cwfilter/cwfilter/internal/israce"
	"github.com/cwfilter/cwfilter/internal/parallel"
)

// matchBytes is a match function whose results vary in number from line to line: the indexes
// k of the bytes 'a'+k (k < 5) the line contains, then its length, so that a result emitted
// with the wrong line shows.
func matchBytes(line []byte, dst []int) []int {
	for k := range 5 {
		if bytes.IndexByte(line, 'a'+byte(k)) >= 0 {
			dst = append(dst, k)
		}
	}
	return append(dst, len(line))
}

// sequential is the obviously-correct twin of Lines: one line after the other, each rendered
// as its results, a tab and its text.
func sequential(input string, match func([]byte, []int) []int) []string {
	if input == "" {
		return nil
	}
	var want []string
	for _, line := range strings.Split(strings.TrimSuffix(input, "\n"), "\n") {
		line = strings.TrimSuffix(line, "\r")
		want = append(want, render([]byte(line), match([]byte(line), nil)))
	}
	return want
}

func render(line []byte, matched []int) string {
	return fmt.Sprint(matched) + "\t" + string(line)
}

// collect runs Lines and renders what it emits as sequential does.
func collect(t testing.TB, r io.Reader, workers, size int, match func([]byte, []int) []int) []string {
	t.Helper()
	var got []string
	err := parallel.Lines(r, workers, size, match, func(line []byte, matched []int) error {
		got = append(got, render(line, matched))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// chunkReader returns the input in chunks of random lengths, as pipes and decompressors do.
type chunkReader struct {
	data []byte
	rng  *rand.Rand
	max  int
}

func (c *chunkReader) Read(p []byte) (int, error) {
	if len(c.data) == 0 {
		return 0, io.EOF
	}
	n := copy(p[:min(len(p), 1+c.rng.IntN(c.max))], c.data)
	c.data = c.data[n:]
	return n, nil
}

// randomLines is n lines of random lengths (some empty, some far above small batch sizes),
// with CRLF endings here and there.
func randomLines(rng *rand.Rand, n int) string {
	var sb strings.Builder
	for i := range n {
		var length int
		switch rng.IntN(20) {
		case 0:
			length = 0
		case 1:
			length = 1000 + rng.IntN(20000)
		default:
			length = rng.IntN(200)
		}
		for range length {
			sb.WriteByte("abcdefgh xyz{}\":,"[rng.IntN(17)])
		}
		sb.WriteString(strconv.Itoa(i))
		if rng.IntN(8) == 0 {
			sb.WriteByte('\r')
		}
		sb.WriteByte('\n')
	}
	return sb.String()
}

func TestLinesEqualsSequential(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	n := 3000
	if israce.Enabled {
		n = 500 // the race detector makes small batches slow
	}
	random := randomLines(rng, n)
	inputs := map[string]string{
		"random":               random,
		"no final newline":     random + "last line",
		"final CR only":        random + "last\r",
		"empty":                "",
		"one line":             "abc",
		"one newline":          "\n",
		"only newlines":        "\n\n\n",
		"only CRLF":            "\r\n\r\n",
		"line above size":      strings.Repeat("x", 5000) + " abc\nshort\n",
		"CR inside a line":     "a\rb\r\nc\r\r\n",
		"CRLF at a batch edge": "a ERROR\r\nb\r\n",
	}
	for name, input := range inputs {
		want := sequential(input, matchBytes)
		for _, workers := range []int{0, 1, 2, 3, 8} {
			for _, size := range []int{1, 7, 1000, parallel.DefaultBatchSize} {
				r := &chunkReader{data: []byte(input), rng: rng, max: 1 + rng.IntN(70000)}
				got := collect(t, r, workers, size, matchBytes)
				if !slices.Equal(got, want) {
					t.Errorf("%s, %d workers, size %d: %d lines differ from sequential matching (%d lines)", name, workers, size, len(got), len(want))
				}
			}
		}
	}
}

// Large random inputs keep their order whatever the interleaving of workers.
func TestLinesOrderLargeInput(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	n := 60000 // ≈ 10 MB
	if testing.Short() || israce.Enabled {
		n = 3000
	}
	input := randomLines(rng, n)
	want := sequential(input, matchBytes)
	// A match whose duration varies from line to line shuffles the order batches finish in.
	jitter := func(line []byte, dst []int) []int {
		if len(line)%97 == 0 {
			runtime.Gosched()
		}
		return matchBytes(line, dst)
	}
	for _, workers := range []int{2, 4, 16} {
		got := collect(t, strings.NewReader(input), workers, 4<<10, jitter)
		if !slices.Equal(got, want) {
			t.Fatalf("%d workers: %d lines differ from sequential matching (%d lines)", workers, len(got), len(want))
		}
	}
}

// The reader may return one byte at a time; batches must still hold whole lines.
func TestLinesOneByteReads(t *testing.T) {
	input := "a ERROR\nb\nc ERROR\n"
	want := sequential(input, matchBytes)
	for _, workers := range []int{1, 2} {
		got := collect(t, iotest.OneByteReader(strings.NewReader(input)), workers, 4, matchBytes)
		if !slices.Equal(got, want) {
			t.Fatalf("%d workers: got %q, want %q", workers, got, want)
		}
	}
}

// emit may keep appending to matched without touching the next line's results.
func TestLinesMatchedIsCapped(t *testing.T) {
	var got []string
	err := parallel.Lines(strings.NewReader("ab\ncd\n"), 2, 1<<10, matchBytes, func(line []byte, matched []int) error {
		_ = append(matched, -1)
		got = append(got, render(line, matched))
		return nil
	})
	if want := sequential("ab\ncd\n", matchBytes); err != nil || !slices.Equal(got, want) {
		t.Fatalf("got %q, %v; want %q", got, err, want)
	}
}

// A match that returns a slice of its own rather than appending to dst still works.
func TestLinesMatchIgnoresDst(t *testing.T) {
	own := func(line []byte, _ []int) []int { return matchBytes(line, nil) }
	input := randomLines(rand.New(rand.NewPCG(5, 6)), 500)
	for _, workers := range []int{1, 2} {
		if got, want := collect(t, strings.NewReader(input), workers, 1<<10, own), sequential(input, matchBytes); !slices.Equal(got, want) {
			t.Fatalf("%d workers: differs from sequential matching", workers)
		}
	}
}

func TestLinesEmitError(t *testing.T) {
	input := strings.Repeat("line\n", 100000)
	stop := errors.New("stop")
	for _, workers := range []int{1, 2, 4, 16} {
		var running atomic.Int32
		match := func(line []byte, dst []int) []int {
			running.Add(1)
			defer running.Add(-1)
			return dst
		}
		calls := 0
		err := parallel.Lines(strings.NewReader(input), workers, 100, match, func([]byte, []int) error {
			calls++
			if calls == 3 {
				return stop
			}
			return nil
		})
		if !errors.Is(err, stop) || calls != 3 {
			t.Errorf("%d workers: got %v after %d calls, want %v after 3", workers, err, calls, stop)
		}
		if n := running.Load(); n != 0 {
			t.Errorf("%d workers: %d calls to match still running after Lines returned", workers, n)
		}
	}
}

// parallelGoroutines returns the stacks of the goroutines, other than the caller's, that
// run code of package parallel. Counting these rather than runtime.NumGoroutine makes the
// goroutine checks independent of goroutines the testing package or an earlier test starts
// or has not finished ending.
func parallelGoroutines() []string {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	var out []string
	for i, g := range strings.Split(string(buf), "\n\n") {
		// The first stack is the caller's own (runtime.Stack puts it first). A worker inside
		// its deferred wg.Done has finished: run has returned once the count is zero, and the
		// goroutine may still be leaving Done (a CI run under load saw one there).
		if i > 0 && strings.Contains(g, "/internal/parallel.") && !strings.Contains(g, "sync.(*WaitGroup).Done") {
			out = append(out, g)
		}
	}
	return out
}

// Failing early leaves no goroutine behind.
func TestLinesNoGoroutineLeak(t *testing.T) {
	input := strings.Repeat("line\n", 50000)
	for range 50 {
		_ = parallel.Lines(strings.NewReader(input), 8, 64, matchBytes, func([]byte, []int) error { return io.ErrShortWrite })
		_ = parallel.Lines(iotest.ErrReader(io.ErrUnexpectedEOF), 8, 64, matchBytes, func([]byte, []int) error { return nil })
		_ = parallel.Items(1000, 8, 3, func(i int, dst []int) []int { return dst }, func(int, []int) error { return io.ErrShortWrite })
	}
	// Lines and Items wait for their goroutines before they return: none may be left.
	if left := parallelGoroutines(); len(left) > 0 {
		t.Fatalf("%d goroutines of package parallel left running; the first:\n%s", len(left), left[0])
	}
}

// With one worker, everything runs on the calling goroutine: no goroutine is started.
func TestLinesOneWorkerStartsNoGoroutine(t *testing.T) {
	var others []string
	looked := 0
	input := randomLines(rand.New(rand.NewPCG(7, 8)), 2000)
	err := parallel.Lines(strings.NewReader(input), 1, 1<<10, func(line []byte, dst []int) []int {
		if looked++; looked%500 == 1 { // runs on the caller's goroutine: any other is new
			others = append(others, parallelGoroutines()...)
		}
		return dst
	}, func([]byte, []int) error { return nil })
	if err != nil || len(others) > 0 {
		t.Fatalf("%d other goroutines in package parallel while matching (%v)", len(others), err)
	}
}

// A read error comes after every line read before it.
func TestLinesReadError(t *testing.T) {
	readErr := errors.New("disk on fire")
	for _, workers := range []int{1, 2, 4} {
		for _, size := range []int{1, 3, 1 << 10} {
			r := io.MultiReader(strings.NewReader("a\nb\r\npartial"), iotest.ErrReader(readErr))
			var got []string
			err := parallel.Lines(r, workers, size, matchBytes, func(line []byte, matched []int) error {
				got = append(got, render(line, matched))
				return nil
			})
			want := sequential("a\nb\r\npartial", matchBytes)
			if !errors.Is(err, readErr) || !slices.Equal(got, want) {
				t.Errorf("%d workers, size %d: got %q, %v; want %q, %v", workers, size, got, err, want, readErr)
			}
		}
	}
}

// The real corpus, matched in parallel by a Set of the CIS patterns, gives the same lines and
// results in the same order as matching one line after the other.
func TestLinesCorpus(t *testing.T) {
	data, set := cisInput(t, 1)
	want := sequential(string(data), set.Match)
	got := collect(t, bytes.NewReader(data), 4, 64<<10, set.Match)
	if !slices.Equal(got, want) {
		t.Fatalf("parallel matching differs from sequential matching")
	}
	n := 0
	for _, l := range got {
		if !strings.HasPrefix(l, "[]") {
			n++
		}
	}
	if n == 0 {
		t.Fatal("the patterns match no corpus line; the test proves nothing")
	}
}

// In the steady state nothing is allocated per line: four times the input costs no more
// allocations.
func TestLinesAllocs(t *testing.T) {
	if israce.Enabled {
		t.Skip("allocation counts differ under the race detector")
	}
	line := []byte(`{"eventName":"abc","n":12345}` + "\n")
	small, large := bytes.Repeat(line, 50000), bytes.Repeat(line, 200000)
	for _, workers := range []int{1, 2} {
		allocs := func(data []byte) float64 {
			return testing.AllocsPerRun(5, func() {
				err := parallel.Lines(bytes.NewReader(data), workers, 16<<10, matchBytes, func([]byte, []int) error { return nil })
				if err != nil {
					t.Fatal(err)
				}
			})
		}
		if a, b := allocs(small), allocs(large); b > a+2 {
			t.Errorf("%d workers: %v allocations for %d lines, %v for %d", workers, a, 50000, b, 200000)
		}
	}
}

func TestItems(t *testing.T) {
	// Item i has i%4 results: i, i+1, ….
	work := func(i int, dst []int) []int {
		for k := range i % 4 {
			dst = append(dst, i+k)
		}
		return dst
	}
	for _, n := range []int{0, 1, 5, 1000} {
		for _, workers := range []int{0, 1, 2, 7} {
			for _, size := range []int{0, 1, 3, 256} {
				var got []string
				err := parallel.Items(n, workers, size, work, func(i int, out []int) error {
					got = append(got, fmt.Sprint(i, out))
					return nil
				})
				var want []string
				for i := range n {
					want = append(want, fmt.Sprint(i, work(i, nil)))
				}
				if err != nil || !slices.Equal(got, want) {
					t.Errorf("n %d, %d workers, size %d: got %d items, %v", n, workers, size, len(got), err)
				}
			}
		}
	}

	stop := errors.New("stop")
	last := -1
	err := parallel.Items(10000, 4, 10, work, func(i int, _ []int) error {
		last = i
		if i == 42 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || last != 42 {
		t.Errorf("emit error: got %v after item %d, want %v after 42", err, last, stop)
	}
}

// FuzzLines checks Lines against sequential matching for any input, reads of any length,
// any number of workers and any batch size.
func FuzzLines(f *testing.F) {
	// More seeds are in testdata/fuzz/FuzzLines.
	f.Add([]byte("\n"), uint8(1), uint16(1), uint8(0))
	f.Add([]byte(strings.Repeat("abcdef\n", 100)+"x\r"), uint8(3), uint16(16), uint8(7))
	f.Fuzz(func(t *testing.T, input []byte, workers uint8, size uint16, chunk uint8) {
		w, s := int(workers%5), int(size%2048) // 0 workers is GOMAXPROCS, 0 size is 1
		r := &chunkReader{data: input, rng: rand.New(rand.NewPCG(uint64(chunk), 0)), max: 1 + int(chunk)}
		got := collect(t, r, w, s, matchBytes)
		if want := sequential(string(input), matchBytes); !slices.Equal(got, want) {
			t.Fatalf("%d workers, size %d:\ngot  %q\nwant %q", w, s, got, want)
		}
	})
}
