package main

import (
	"strings"
	"testing"
)

func TestProgressLine(t *testing.T) {
	p := &progress{total: 4 << 20}
	p.read.Store(1 << 20)
	p.lines.Store(1234)
	if got, want := p.line(), "["+strings.Repeat("#", 7)+strings.Repeat("-", 23)+"]  25%  1.0 MiB  1234 lines"; got != want {
		t.Errorf("known size: got %q, want %q", got, want)
	}
	p.total = 0
	if got, want := p.line(), "1.0 MiB  1234 lines"; got != want {
		t.Errorf("unknown size: got %q, want %q", got, want)
	}
	// stderr that is not a terminal gets no bar, and a nil bar is inert.
	var sb strings.Builder
	if startProgress(&sb, nil) != nil {
		t.Error("a progress bar on a non-terminal writer")
	}
	var none *progress
	none.addLines(1)
	none.stop()
	if r := strings.NewReader("x"); none.count(r) != r {
		t.Error("a nil progress wrapped the reader")
	}
}
