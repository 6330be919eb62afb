package main

import (
	"sort"
	"strconv"
	"unicode/utf8"
)

// A srcFile is a file lint read, with the offsets of its lines, so that byte offsets can be
// turned into the line and column people and code-scanning tools expect.
type srcFile struct {
	name  string // as given on the command line or found in a directory; "<stdin>"
	data  []byte
	lines []int // byte offset of the start of each line
}

func newSrcFile(name string, data []byte) *srcFile {
	return &srcFile{name: name, data: data, lines: lineStarts(data)}
}

// A place is a position in a file: a 1-based line and a 1-based column counted in Unicode
// code points. Line 0 means the file as a whole.
type place struct {
	file      string
	line, col int
}

func (p place) String() string {
	s := p.file
	if p.line > 0 {
		s += ":" + strconv.Itoa(p.line)
		if p.col > 0 {
			s += ":" + strconv.Itoa(p.col)
		}
	}
	return s
}

// at returns the place of byte offset off.
func (f *srcFile) at(off int) place {
	off = max(0, min(off, len(f.data)))
	i := sort.SearchInts(f.lines, off+1) - 1
	return place{f.name, i + 1, utf8.RuneCount(f.data[f.lines[i]:off]) + 1}
}

// line returns the text of the 1-based line n, without its line break.
func (f *srcFile) line(n int) []byte {
	end := len(f.data)
	if n < len(f.lines) {
		end = f.lines[n] - 1
	}
	return f.data[f.lines[n-1]:end]
}

// offset returns the byte offset of a 1-based line and column in code points, as yaml.v3
// and the JSON reader give them; -1 if there is no such place.
func (f *srcFile) offset(line, col int) int {
	if line < 1 || line > len(f.lines) || col < 1 {
		return -1
	}
	off := f.lines[line-1]
	for c := 1; c < col; c++ {
		if off >= len(f.data) || f.data[off] == '\n' {
			return -1
		}
		_, n := utf8.DecodeRune(f.data[off:])
		off += n
	}
	return off
}

// A srcRef is the byte of a file that a byte of a decoded string comes from.
type srcRef struct {
	file *srcFile
	off  int
}

// A strMap gives, for each byte of a decoded string (a pattern as YAML, JSON or Terraform
// decoded it), the first byte of the source text it was decoded from, and one more entry for
// the end of the string (the closing quote, or just after the last character). A nil strMap
// means the mapping is unknown; places then fall back to the start of the value.
type strMap []srcRef

// A strDecoder builds the strMap of a string while decoding it from its source: each piece
// of decoded text is emitted with the offset it was decoded from.
type strDecoder struct {
	f   *srcFile
	got []byte // the text decoded so far
	m   strMap
}

// emit appends s, decoded from the source at byte offset at.
func (d *strDecoder) emit(s string, at int) {
	d.got = append(d.got, s...)
	for range len(s) {
		d.m = append(d.m, srcRef{d.f, at})
	}
}

// result closes the map with end (the offset of the closing quote, or just after the last
// character) if the decoded text is want, the value the parser read; otherwise it returns
// nil, so that a wrong mapping is never used.
func (d *strDecoder) result(want string, end int) strMap {
	if string(d.got) != want {
		return nil
	}
	return append(d.m, srcRef{d.f, end})
}

// A strSource is where a decoded string value is written.
type strSource struct {
	start place  // the start of the value as written (its quote, indicator or first character)
	bytes strMap // nil: only start is known
}

// placeOf returns the place of the character at byte offset i of the decoded string.
func (s strSource) placeOf(i int) place {
	if i < 0 || i >= len(s.bytes) {
		return s.start
	}
	r := s.bytes[i]
	return r.file.at(r.off)
}

// lineStarts returns the byte offset of the start of each line of data.
func lineStarts(data []byte) []int {
	starts := []int{0}
	for i, c := range data {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}
