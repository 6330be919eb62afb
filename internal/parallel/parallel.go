// Package parallel matches the lines of a stream, or the items of a slice, on several
// goroutines and hands every result back strictly in input order, on the calling goroutine.
//
// Work is cut into batches (about batchSize bytes of whole lines, or batchSize items), so that
// handing a batch between goroutines costs nothing next to matching it. The calling goroutine
// reads the input, emits results and matches too while it waits; workers-1 goroutines only
// match. A fixed ring of batches is in flight at once, so memory is bounded whatever the
// input size, and batches are reused with their buffers: the results of a batch live in one
// flat slice plus per-item offsets, and in the steady state nothing is allocated per line or
// item.
//
// When Lines or Items returns, on success or error, every goroutine it started has exited and
// no callback is running.
package parallel

import (
	"bytes"
	"io"
	"runtime"
	"slices"
	"sync"
)

// DefaultBatchSize is a good batchSize for Lines: large enough that the handoff of a batch is
// noise next to matching its lines, small enough that the last batches of an input keep
// every worker busy.
const DefaultBatchSize = 128 << 10

// Lines reads r, splits it into lines and calls emit for every line, in input order, with the
// indexes match returned for it.
//
// Lines are split at '\n' and a trailing '\r' is removed; the last line may lack its '\n'.
// Empty lines are matched and emitted too; an empty input has no lines. A line may be longer
// than batchSize (its batch grows to hold it).
//
// match is called on up to workers goroutines at once, the calling one included (workers <= 0
// means runtime.GOMAXPROCS(0); with 1, everything runs on the calling goroutine). It must
// append the line's results to dst and return the extended slice, as filterpattern's
// Set.Match does; it must not keep line.
//
// emit is called on the calling goroutine; line and matched are valid only during the call.
// The first error emit returns stops reading and is returned. A read error is returned after
// the lines read before it have been emitted (a partial last line included).
func Lines(r io.Reader, workers, batchSize int, match func(line []byte, dst []int) []int, emit func(line []byte, matched []int) error) error {
	lr := lineReader{r: r, size: max(batchSize, 1)}
	err := run(workers, lr.fill,
		func(b *lineBatch) { b.match(match) },
		func(b *lineBatch) error {
			for i, line := range b.lines {
				if err := emit(line, b.res.get(i)); err != nil {
					return err
				}
			}
			return nil
		})
	if err != nil {
		return err
	}
	return lr.err
}

// Items is Lines for n items already in memory, such as a slice the callbacks index: work(i,
// dst) appends the results of item i to dst and returns the extended slice, on up to workers
// goroutines at once; emit(i, out) receives them for i = 0, 1, …, n-1, on the calling
// goroutine, and out is valid only during the call. Batches hold batchSize items. The first
// error emit returns stops the work and is returned.
func Items[T any](n, workers, batchSize int, work func(i int, dst []T) []T, emit func(i int, out []T) error) error {
	size, next := max(batchSize, 1), 0
	return run(workers,
		func(b *itemBatch[T]) bool {
			if next >= n {
				return false
			}
			b.lo, b.hi = next, min(next+size, n)
			next = b.hi
			return true
		},
		func(b *itemBatch[T]) {
			b.res.reset()
			for i := b.lo; i < b.hi; i++ {
				b.res.add(work(i, b.res.free()))
			}
		},
		func(b *itemBatch[T]) error {
			for i := b.lo; i < b.hi; i++ {
				if err := emit(i, b.res.get(i-b.lo)); err != nil {
					return err
				}
			}
			return nil
		})
}

// run is the engine of Lines and Items. The calling goroutine fills batches, queues them and
// emits them in fill order; workers-1 goroutines process queued batches, and so does the
// calling goroutine while the oldest batch is not ready. Batch k lives in slot k%depth, which
// is refilled only after batch k has been emitted: that bounds memory and lets batches be
// reused.
func run[B any](workers int, fill func(*B) bool, process func(*B), emit func(*B) error) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if workers == 1 {
		// One batch at a time on this goroutine: the same work, without handoffs.
		var b B
		for fill(&b) {
			process(&b)
			if err := emit(&b); err != nil {
				return err
			}
		}
		return nil
	}

	type slot struct {
		b    B
		done chan struct{} // receives once process(&b) has returned
		// Slots sit side by side and workers store into theirs for every line: the padding
		// keeps two slots out of one cache line, which would bounce between CPUs.
		_ [64]byte
	}
	// Four batches per worker: a worker that finishes early still finds one queued while
	// the calling goroutine is busy matching, and sleeping then waking a worker is costly.
	depth := 4 * workers
	slots := make([]slot, depth)
	for i := range slots {
		slots[i].done = make(chan struct{}, 1)
	}
	jobs := make(chan *slot, depth) // never blocks: at most depth batches are in flight
	work := func(s *slot) {
		process(&s.b)
		s.done <- struct{}{}
	}
	// The calling goroutine is one of the workers: with one more goroutine than CPUs, a
	// goroutine woken to refill the queue or to emit would wait for a CPU.
	var wg sync.WaitGroup
	wg.Add(workers - 1)
	for range workers - 1 {
		go func() {
			defer wg.Done()
			for s := range jobs {
				work(s)
			}
		}()
	}
	defer func() {
		close(jobs)
		for range jobs {
			// Drop the batches no one will emit.
		}
		wg.Wait() // no worker outlives the call, nor a call to process
	}()

	filled, emitted, eof := 0, 0, false
	for {
		for !eof && filled-emitted < depth {
			s := &slots[filled%depth]
			if eof = !fill(&s.b); !eof {
				jobs <- s
				filled++
			}
		}
		if emitted == filled {
			return nil
		}
		// Wait for the oldest batch, processing queued ones meanwhile.
		s := &slots[emitted%depth]
		for ready := false; !ready; {
			select {
			case <-s.done:
				ready = true
			default:
				select {
				case <-s.done:
					ready = true
				case j := <-jobs:
					work(j)
				}
			}
		}
		if err := emit(&s.b); err != nil {
			return err
		}
		emitted++
	}
}

// results holds the results of a batch's items in one flat slice, reused from batch to batch:
// item i's are all[ends[i-1]:ends[i]] (from 0 for i == 0).
type results[T any] struct {
	all  []T
	ends []int
}

func (r *results[T]) reset() { r.all, r.ends = r.all[:0], r.ends[:0] }

// free is the dst to hand to a callback: empty, with the spare capacity of all, so that the
// callback appends in place.
func (r *results[T]) free() []T { return r.all[len(r.all):] }

// add records the next item's results. When the callback appended in place, the copy is onto
// itself; copying also keeps a callback that returns a slice of its own correct.
func (r *results[T]) add(out []T) {
	r.all = append(r.all, out...)
	r.ends = append(r.ends, len(r.all))
}

// get returns item i's results, capped so that appending to them cannot clobber item i+1's.
func (r *results[T]) get(i int) []T {
	start := 0
	if i > 0 {
		start = r.ends[i-1]
	}
	return r.all[start:r.ends[i]:r.ends[i]]
}

// itemBatch is items [lo, hi) of Items.
type itemBatch[T any] struct {
	lo, hi int
	res    results[T]
}

// lineBatch is a run of whole input lines and, once matched, their results.
type lineBatch struct {
	data  []byte   // whole lines; only the input's last line may lack its '\n'
	lines [][]byte // the lines of data without "\n" or "\r\n", split by the worker
	res   results[int]
}

// match splits b into lines and matches each one.
func (b *lineBatch) match(match func([]byte, []int) []int) {
	b.lines = b.lines[:0]
	b.res.reset()
	for data := b.data; len(data) > 0; {
		line, rest, _ := bytes.Cut(data, []byte{'\n'})
		data = rest
		if n := len(line); n > 0 && line[n-1] == '\r' { // cheaper than bytes.TrimSuffix
			line = line[:n-1]
		}
		b.lines = append(b.lines, line)
		b.res.add(match(line, b.res.free()))
	}
}

// lineReader cuts a stream into batches of whole lines.
type lineReader struct {
	r    io.Reader
	size int
	rest []byte // a partial line carried into the next batch; never holds a '\n'
	done bool
	err  error // the read error, if not io.EOF
}

// fill reads into b.data at least one whole line and about lr.size bytes; it reports false at
// the end of the input. Reading goes straight into the batch, which is the only copy.
func (lr *lineReader) fill(b *lineBatch) bool {
	b.data = append(b.data[:0], lr.rest...)
	lr.rest = lr.rest[:0]
	cut := -1 // end of the last whole line in b.data
	for !lr.done && (cut < 0 || len(b.data) < lr.size) {
		b.data = slices.Grow(b.data, lr.size)
		n, err := lr.r.Read(b.data[len(b.data):cap(b.data)])
		if i := bytes.LastIndexByte(b.data[len(b.data):len(b.data)+n], '\n'); i >= 0 {
			cut = len(b.data) + i + 1
		}
		b.data = b.data[:len(b.data)+n]
		if err != nil {
			lr.done = true
			if err != io.EOF {
				lr.err = err
			}
		}
	}
	if !lr.done {
		lr.rest = append(lr.rest, b.data[cut:]...)
		b.data = b.data[:cut]
	}
	return len(b.data) > 0
}
