package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// progress draws a progress bar on stderr while grep runs, only when stderr is a terminal so
// that redirected output stays clean. A nil *progress does nothing.
type progress struct {
	w     io.Writer
	total int64 // bytes in all files (compressed size for .gz); 0 when unknown (stdin)
	read  atomic.Int64
	lines atomic.Int64
	quit  chan struct{}
	wg    sync.WaitGroup
}

func startProgress(stderr io.Writer, files []string) *progress {
	f, ok := stderr.(*os.File)
	if !ok {
		return nil
	}
	if st, err := f.Stat(); err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return nil
	}
	p := &progress{w: stderr, quit: make(chan struct{})}
	for _, name := range files {
		if st, err := os.Stat(name); name != "-" && err == nil {
			p.total += st.Size()
		} else {
			p.total = 0 // stdin or unreadable: the size is unknown
			break
		}
	}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		tick := time.NewTicker(200 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-p.quit:
				fmt.Fprint(p.w, "\r\033[K") // erase the bar
				return
			case <-tick.C:
				fmt.Fprint(p.w, "\r\033[K"+p.line())
			}
		}
	}()
	return p
}

// line is the text of the bar: [#####-----]  42%  12.3 MiB  45678 lines.
func (p *progress) line() string {
	read, lines := p.read.Load(), p.lines.Load()
	size := fmt.Sprintf("%.1f MiB  %d lines", float64(read)/(1<<20), lines)
	if p.total <= 0 {
		return size
	}
	const width = 30
	done := int(min(read*width/p.total, width))
	return fmt.Sprintf("[%s%s] %3d%%  %s", strings.Repeat("#", done), strings.Repeat("-", width-done), read*100/p.total, size)
}

// count returns r, counting the bytes read from it.
func (p *progress) count(r io.Reader) io.Reader {
	if p == nil {
		return r
	}
	return countingReader{r, &p.read}
}

func (p *progress) addLines(n int) {
	if p != nil {
		p.lines.Add(int64(n))
	}
}

func (p *progress) stop() {
	if p != nil {
		close(p.quit)
		p.wg.Wait()
	}
}

type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c countingReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.n.Add(int64(n))
	return n, err
}
