package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/cwfilter/cwfilter/filterpattern"
)

var grepContexts = map[string]filterpattern.Context{
	"metric":          filterpattern.ContextMetricFilter,
	"subscription":    filterpattern.ContextSubscriptionFilter,
	"filterlogevents": filterpattern.ContextFilterLogEvents,
}

const grepUsage = `usage: cwfilter grep [--context metric|subscription|filterlogevents] [-c] [-v] [-j N]
                     [--max-event-size BYTES] [--] P [file ...]

Prints the lines (log event messages) of the files, or of stdin, that the filter pattern P
matches, as FilterLogEvents would select them. Files may be gzip-compressed. Flags may come
before or after P and the files; write -- before a pattern that starts with '-'.

Lines longer than --max-event-size bytes never match (CloudWatch Logs does not accept such
events), nor, for a JSON pattern, do JSON lines that are not valid UTF-8; when there are any,
their number is printed on stderr. A file that cannot be opened or read is reported on stderr
and the others are still searched.

Exit status: 0 if a line was selected, 1 if none, 2 if a file could not be read or P is
invalid (even if lines were selected).
`

func runGrep(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("grep", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, grepUsage); fs.PrintDefaults() }
	context := fs.String("context", "filterlogevents", "where the pattern is used; selects the text of syntax errors")
	countOnly := fs.Bool("c", false, "print only the number of selected lines")
	invert := fs.Bool("v", false, "select the lines that do not match")
	workers := fs.Int("j", runtime.GOMAXPROCS(0), "number of matching goroutines")
	maxEvent := fs.Int("max-event-size", filterpattern.DefaultMaxEventSize, "largest event (line) in bytes that can match; 0 means no limit")
	if err := fs.Parse(permuteArgs(fs, args)); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	ctx, ok := grepContexts[*context]
	if !ok || fs.NArg() == 0 || *maxEvent < 0 {
		fs.Usage()
		return exitUsage
	}
	p, err := filterpattern.Compile(fs.Arg(0), filterpattern.WithContext(ctx), filterpattern.WithMaxEventSize(*maxEvent))
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
	g := grepper{set: filterpattern.NewSet(p), invert: *invert, countOnly: *countOnly, workers: *workers,
		out: out, progress: prog, maxEvent: *maxEvent, json: p.Kind() == filterpattern.JSON}
	status := exitFound
	failed := false
	for _, name := range files {
		if len(files) > 1 {
			g.prefix = name + ":"
		}
		n, err := g.file(name, stdin)
		if n > 0 {
			status = exitOK
		}
		if err != nil {
			prog.stop()
			out.Flush()
			fmt.Fprintf(stderr, "cwfilter grep: %s: %v\n", displayName(name), err)
			prog = startProgress(stderr, nil)
			g.progress = prog
			failed = true
			if errors.Is(err, errWrite) {
				break
			}
		}
	}
	prog.stop()
	if err := out.Flush(); err != nil {
		fmt.Fprintf(stderr, "cwfilter grep: %v\n", err)
		return exitUsage
	}
	if g.tooLarge+g.invalid > 0 {
		fmt.Fprintf(stderr, "cwfilter grep: %s skipped: %d larger than the event-size limit (%d bytes), %d not valid UTF-8\n",
			plural(g.tooLarge+g.invalid, "event"), g.tooLarge, *maxEvent, g.invalid)
	}
	if failed {
		return exitUsage
	}
	return status
}

// displayName is how grep names a file in messages.
func displayName(name string) string {
	if name == "-" {
		return "(standard input)"
	}
	return name
}

// errWrite marks a failure to write the output, which stops the search.
var errWrite = errors.New("write error")

// grepper selects the lines of one input after another.
type grepper struct {
	set       *filterpattern.Set // the one pattern
	invert    bool
	countOnly bool
	workers   int
	prefix    string // "file:" when several files are searched, as grep does
	out       *bufio.Writer
	progress  *progress
	maxEvent  int  // 0: no limit
	json      bool // a JSON pattern: lines that are not valid UTF-8 never match
	// Lines the matcher passed over, in all files.
	tooLarge, invalid int
}

// file searches one file ("-" is stdin) and returns the number of selected lines. With -c the
// count is printed even when reading fails part way (a truncated gzip file): it counts the
// lines read before the failure.
func (g *grepper) file(name string, stdin io.Reader) (int, error) {
	var r io.Reader = stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return 0, bareError(err)
		}
		defer f.Close()
		r = f
	}
	r, gz, err := decompress(g.progress.count(r))
	if err != nil {
		return 0, readError(err, gz)
	}
	selected := 0
	err = g.set.MatchLines(r, g.workers, func(line []byte, matched []int) error {
		g.progress.addLines(1)
		if len(matched) == 0 {
			g.skipped(line)
		}
		if (len(matched) > 0) == g.invert {
			return nil
		}
		selected++
		if g.countOnly {
			return nil
		}
		g.out.WriteString(g.prefix)
		g.out.Write(line)
		if err := g.out.WriteByte('\n'); err != nil { // a write error (sticky in bufio) stops reading
			return fmt.Errorf("%w: %v", errWrite, err)
		}
		return nil
	})
	if g.countOnly {
		g.out.WriteString(g.prefix + strconv.Itoa(selected) + "\n")
	}
	if err != nil && !errors.Is(err, errWrite) {
		err = readError(err, gz)
	}
	return selected, err
}

// skipped counts a line that did not match because the matcher did not look at it: longer
// than the event-size limit or, for a JSON pattern, a JSON object that is not valid UTF-8.
func (g *grepper) skipped(line []byte) {
	switch {
	case g.maxEvent > 0 && len(line) > g.maxEvent:
		g.tooLarge++
	case g.json && looksLikeJSON(line) && !utf8.Valid(line):
		g.invalid++
	}
}

// looksLikeJSON reports whether a line starts, after white space, with '{'.
func looksLikeJSON(line []byte) bool {
	t := bytes.TrimLeft(line, " \t")
	return len(t) > 0 && t[0] == '{'
}

// bareError drops the "open NAME: " of a file error, since messages name the file first.
func bareError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// readError says that a read error of a gzip file came from its decompression.
func readError(err error, gz bool) error {
	err = bareError(err)
	if gz && !strings.HasPrefix(err.Error(), "gzip: ") {
		return fmt.Errorf("gzip: %w", err)
	}
	return err
}

// decompress returns r, transparently gunzipped when it starts with the gzip magic number.
func decompress(r io.Reader) (_ io.Reader, gz bool, _ error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		return zr, true, err
	}
	return br, false, nil
}
