package main

import (
	"bufio"
	"compress/gzip"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"

	"github.com/cwfilter/cwfilter/filterpattern"
)

var grepContexts = map[string]filterpattern.Context{
	"metric":          filterpattern.ContextMetricFilter,
	"subscription":    filterpattern.ContextSubscriptionFilter,
	"filterlogevents": filterpattern.ContextFilterLogEvents,
}

const grepUsage = `usage: cwfilter grep [--context metric|subscription|filterlogevents] [-c] [-v] [-j N] [--] P [file ...]

Prints the lines (log event messages) of the files, or of stdin, that the filter pattern P
matches, as FilterLogEvents would select them. Files may be gzip-compressed. Flags come
before P; write -- before a pattern that starts with '-'. Exit status: 0 if a line was
selected, 1 if none, 2 on error.
`

func runGrep(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("grep", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, grepUsage); fs.PrintDefaults() }
	context := fs.String("context", "filterlogevents", "where the pattern is used; selects the text of syntax errors")
	countOnly := fs.Bool("c", false, "print only the number of selected lines")
	invert := fs.Bool("v", false, "select the lines that do not match")
	workers := fs.Int("j", runtime.GOMAXPROCS(0), "number of matching goroutines")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	ctx, ok := grepContexts[*context]
	if !ok || fs.NArg() == 0 {
		fs.Usage()
		return exitUsage
	}
	p, err := filterpattern.Compile(fs.Arg(0), filterpattern.WithContext(ctx))
	if err != nil {
		fmt.Fprintf(stderr, "cwfilter grep: %s\n", renderError(err))
		return exitUsage
	}

	files := fs.Args()[1:]
	if len(files) == 0 {
		files = []string{"-"}
	}
	out := bufio.NewWriterSize(stdout, 64<<10)
	prog := startProgress(stderr, files)
	g := grepper{set: filterpattern.NewSet(p), invert: *invert, countOnly: *countOnly, workers: *workers, out: out, progress: prog}
	status := exitFound
	for _, name := range files {
		if len(files) > 1 {
			g.prefix = name + ":"
		}
		n, err := g.file(name, stdin)
		if err != nil {
			prog.stop()
			out.Flush()
			fmt.Fprintf(stderr, "cwfilter grep: %v\n", err)
			return exitUsage
		}
		if n > 0 {
			status = exitOK
		}
	}
	prog.stop()
	if err := out.Flush(); err != nil {
		fmt.Fprintf(stderr, "cwfilter grep: %v\n", err)
		return exitUsage
	}
	return status
}

// grepper selects the lines of one input after another.
type grepper struct {
	set       *filterpattern.Set // the one pattern
	invert    bool
	countOnly bool
	workers   int
	prefix    string // "file:" when several files are searched, as grep does
	out       *bufio.Writer
	progress  *progress
}

// file searches one file ("-" is stdin) and returns the number of selected lines.
func (g *grepper) file(name string, stdin io.Reader) (int, error) {
	var r io.Reader = stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return 0, err
		}
		defer f.Close()
		r = f
	}
	r, err := decompress(g.progress.count(r))
	if err != nil {
		return 0, fmt.Errorf("%s: %w", name, err)
	}
	selected := 0
	err = g.set.MatchLines(r, g.workers, func(line []byte, matched []int) error {
		g.progress.addLines(1)
		if (len(matched) > 0) == g.invert {
			return nil
		}
		selected++
		if g.countOnly {
			return nil
		}
		g.out.WriteString(g.prefix)
		g.out.Write(line)
		return g.out.WriteByte('\n') // a write error (sticky in bufio) stops reading
	})
	if err != nil {
		return selected, fmt.Errorf("%s: %w", name, err)
	}
	if g.countOnly {
		g.out.WriteString(g.prefix + strconv.Itoa(selected) + "\n")
	}
	return selected, nil
}

// decompress returns r, transparently gunzipped when it starts with the gzip magic number.
func decompress(r io.Reader) (io.Reader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		return gzip.NewReader(br)
	}
	return br, nil
}
