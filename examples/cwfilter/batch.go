package main

import (
	"bytes"
	"io"
	"slices"
)

// batchSize is the amount of input, in bytes, one worker matches at a time: large enough that
// handing batches between goroutines costs nothing next to matching them.
const batchSize = 256 << 10

// batch is a run of whole input lines and, once matched, the result for each line.
type batch struct {
	data    []byte   // whole lines; only the input's last line may lack its '\n'
	lines   [][]byte // the lines of data without "\n" or "\r\n"
	matched []bool   // matched[i] is the result for lines[i]
	done    chan struct{}
}

// match splits b into lines and matches each one.
func (b *batch) match(match func([]byte) bool) {
	b.lines, b.matched = b.lines[:0], b.matched[:0]
	for data := b.data; len(data) > 0; {
		line, rest, _ := bytes.Cut(data, []byte{'\n'})
		data = rest
		line = bytes.TrimSuffix(line, []byte{'\r'})
		b.lines = append(b.lines, line)
		b.matched = append(b.matched, match(line))
	}
}

// matchBatches reads r in batches of whole lines of about size bytes, matches the lines of
// each batch on `workers` goroutines and calls emit with every batch in input order, on the
// calling goroutine. A batch is reused once emit returns. match must be safe for concurrent
// use. Reading stops at the first error emit returns.
func matchBatches(r io.Reader, workers, size int, match func([]byte) bool, emit func(*batch) error) error {
	workers = max(workers, 1)
	jobs := make(chan *batch, workers)
	order := make(chan *batch, 2*workers)  // the same batches, in input order; bounds memory
	free := make(chan *batch, 3*workers+1) // batches emit has finished with, for reuse
	stop := make(chan struct{})
	var readErr error

	go func() {
		defer close(order)
		defer close(jobs)
		br := batchReader{r: r, size: max(size, 1)}
		for {
			var b *batch
			select {
			case <-stop:
				return
			case b = <-free:
			default:
				b = &batch{done: make(chan struct{}, 1)}
			}
			if !br.next(b) {
				readErr = br.err
				return
			}
			order <- b
			jobs <- b
		}
	}()
	for range workers {
		go func() {
			for b := range jobs {
				b.match(match)
				b.done <- struct{}{}
			}
		}()
	}

	var err error
	for b := range order {
		<-b.done
		if err == nil {
			if err = emit(b); err != nil {
				close(stop)
			}
		}
		select {
		case free <- b:
		default:
		}
	}
	if err != nil {
		return err
	}
	return readErr
}

// batchReader cuts a stream into batches of whole lines.
type batchReader struct {
	r    io.Reader
	size int
	rest []byte // a partial line carried into the next batch
	done bool
	err  error // the read error, if not io.EOF
}

// next fills b.data with at least one whole line and about br.size bytes; it reports false
// at the end of the input.
func (br *batchReader) next(b *batch) bool {
	b.data = append(b.data[:0], br.rest...) // rest never holds a '\n'
	br.rest = br.rest[:0]
	cut := -1 // end of the last whole line in b.data
	for !br.done && (cut < 0 || len(b.data) < br.size) {
		b.data = slices.Grow(b.data, br.size)
		n, err := br.r.Read(b.data[len(b.data):cap(b.data)])
		if i := bytes.LastIndexByte(b.data[len(b.data):len(b.data)+n], '\n'); i >= 0 {
			cut = len(b.data) + i + 1
		}
		b.data = b.data[:len(b.data)+n]
		if err != nil {
			br.done = true
			if err != io.EOF {
				br.err = err
			}
		}
	}
	if !br.done {
		br.rest = append(br.rest, b.data[cut:]...)
		b.data = b.data[:cut]
	}
	return len(b.data) > 0
}
