package main

import (
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/cwfilter/cwfilter/metricfilter"
	"golang.org/x/text/width"
)

// writeTestOutput prints a TestMetricFilter response as `aws --output FORMAT` does.
func writeTestOutput(w io.Writer, format string, matches []metricfilter.MatchRecord, termWidth int) error {
	var s string
	switch format {
	case "text":
		s = cliText(matches)
	case "table":
		s = cliTable(matches, termWidth)
	case "yaml":
		s = cliYAML(matches)
	default:
		return metricfilter.WriteCLIJSON(w, matches)
	}
	_, err := io.WriteString(w, s)
	return err
}

// sortedStrings returns ss sorted, as Python's sorted() orders str (by code point).
func sortedStrings(ss []string) []string {
	sort.Strings(ss)
	return ss
}

// extractedKeys returns the keys of a match's extracted values, sorted.
func extractedKeys(m metricfilter.MatchRecord) []string {
	keys := make([]string, 0, len(m.ExtractedValues))
	for k := range m.ExtractedValues {
		keys = append(keys, k)
	}
	return sortedStrings(keys)
}

// cliText is the AWS CLI's text output of the response: a MATCHES line per match with its
// scalar members in key order (eventMessage, eventNumber), then an EXTRACTEDVALUES line with
// the values in key order, when there are any. No match prints nothing.
func cliText(matches []metricfilter.MatchRecord) string {
	var b strings.Builder
	for _, m := range matches {
		fmt.Fprintf(&b, "MATCHES\t%s\t%d\n", m.EventMessage, m.EventNumber)
		if keys := extractedKeys(m); len(keys) > 0 {
			b.WriteString("EXTRACTEDVALUES")
			for _, k := range keys {
				b.WriteString("\t" + m.ExtractedValues[k])
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}

// stdoutWidth is the width the AWS CLI's table output fits: the terminal's when stdout is
// one ($COLUMNS here), else 80.
func stdoutWidth(w io.Writer) int {
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			if n, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && n > 0 {
				return n
			}
		}
	}
	return 80
}

// A tableSection is a section of the AWS CLI's table output: a title, optional column
// headers and rows, indented by level.
type tableSection struct {
	title     string
	headers   []string
	rows      [][]string
	indent    int
	maxWidths []int
}

// textWidth is the width of s in a terminal, as the AWS CLI counts it: East Asian wide,
// full-width and ambiguous characters count 2.
func textWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth, width.EastAsianAmbiguous:
			n += 2
		default:
			n++
		}
	}
	return n
}

func (s *tableSection) update(row []string) {
	if s.maxWidths == nil {
		for _, el := range row {
			s.maxWidths = append(s.maxWidths, textWidth(el))
		}
		return
	}
	for i, el := range row {
		s.maxWidths[i] = max(s.maxWidths[i], textWidth(el))
	}
}

func (s *tableSection) addHeader(h []string) { s.update(h); s.headers = h }
func (s *tableSection) addRow(r []string)    { s.update(r); s.rows = append(s.rows, r) }

func (s *tableSection) totalWidth() int {
	total := 2 + 2*s.indent
	for _, w := range s.maxWidths {
		total += w + 4
	}
	return max(textWidth(s.title)+2+2*s.indent, total)
}

// columnWidths scales the columns to fill maxWidth, as the AWS CLI does (Python's round,
// half to even, then one column at a time is adjusted).
func (s *tableSection) columnWidths(maxWidth int) []int {
	if len(s.maxWidths) == 0 {
		return nil
	}
	sum := 0
	for _, w := range s.maxWidths {
		sum += w + 4
	}
	scale := float64(maxWidth) / float64(sum)
	scaled := make([]int, len(s.maxWidths))
	off := -maxWidth
	for i, w := range s.maxWidths {
		scaled[i] = int(math.RoundToEven(scale * float64(w+4)))
		off += scaled[i]
	}
	for off != 0 {
		for k := range scaled {
			i := k
			if off < 0 {
				i = len(scaled) - 1 - k
			}
			if off > 0 {
				scaled[i]--
				off--
			} else {
				scaled[i]++
				off++
			}
			if off == 0 {
				break
			}
		}
	}
	return scaled
}

func centerText(text string, length int, left, right string) string {
	tl := textWidth(text)
	start := length/2 - tl/2 - 1
	so := textWidth(left) + start + tl
	return left + strings.Repeat(" ", max(start, 0)) + text + strings.Repeat(" ", max(length-textWidth(right)-so, 0)) + right
}

func alignLeft(text string, length int, left, right string) string {
	tl := textWidth(text)
	padding := 0
	if length-(tl+2+textWidth(left)+textWidth(right)) >= 0 {
		padding = 2
	}
	so := len(left) + padding + tl
	return left + strings.Repeat(" ", padding) + text + strings.Repeat(" ", max(length-so-len(right), 0)) + right
}

func lineBreakRow(widths []int) string {
	var b strings.Builder
	for i, w := range widths {
		if i == 0 {
			b.WriteString("+" + strings.Repeat("-", max(w-2, 0)) + "+")
		} else {
			b.WriteString(strings.Repeat("-", max(w-1, 0)) + "+")
		}
	}
	return b.String()
}

// cliTable is the AWS CLI's table output of the response: a TestMetricFilter title, a
// "matches" section per match (eventMessage and eventNumber columns) and, under a match with
// extracted values, an "extractedValues" section. A table wider than termWidth has its
// one-row sections turned into two-column (name, value) sections, as the AWS CLI does.
func cliTable(matches []metricfilter.MatchRecord, termWidth int) string {
	sections := []*tableSection{{title: "TestMetricFilter"}}
	for _, m := range matches {
		s := &tableSection{title: "matches", indent: 1}
		s.addHeader([]string{"eventMessage", "eventNumber"})
		s.addRow([]string{m.EventMessage, strconv.FormatInt(m.EventNumber, 10)})
		sections = append(sections, s)
		if keys := extractedKeys(m); len(keys) > 0 {
			ev := &tableSection{title: "extractedValues", indent: 2}
			if len(keys) == 1 {
				ev.addRow([]string{keys[0], m.ExtractedValues[keys[0]]})
			} else {
				var vals []string
				for _, k := range keys {
					vals = append(vals, m.ExtractedValues[k])
				}
				ev.addHeader(keys)
				ev.addRow(vals)
			}
			sections = append(sections, ev)
		}
	}
	maxWidth := func() int {
		w := 0
		for _, s := range sections {
			w = max(w, s.totalWidth())
		}
		return w
	}
	width := maxWidth()
	if width > termWidth {
		for i, s := range sections {
			if len(s.rows) == 1 && len(s.headers) > 0 {
				v := &tableSection{title: s.title, indent: s.indent}
				for j, h := range s.headers {
					v.addRow([]string{h, s.rows[0][j]})
				}
				sections[i] = v
			}
		}
		width = maxWidth()
	}
	var b strings.Builder
	b.WriteString(strings.Repeat("-", width) + "\n")
	for _, s := range sections {
		bar := strings.Repeat("|", s.indent)
		line := func(text string) { b.WriteString(bar + text + bar + "\n") }
		w := width - 2*s.indent
		line(centerText(s.title, w, "|", "|"))
		if len(s.headers) == 0 && len(s.rows) == 0 {
			line("+" + strings.Repeat("-", w-2) + "+")
		}
		widths := s.columnWidths(w)
		// row writes one line of cells, each placed in its column by align.
		row := func(cells []string, align func(text string, length int, left, right string) string) {
			var r strings.Builder
			for i, c := range cells {
				left := ""
				if i == 0 {
					left = "|"
				}
				r.WriteString(align(c, widths[i], left, "|"))
			}
			line(r.String())
		}
		if len(s.headers) > 0 {
			line(lineBreakRow(widths))
			row(s.headers, centerText)
		}
		if len(s.rows) > 0 {
			line(lineBreakRow(widths))
			for _, r := range s.rows {
				row(r, alignLeft)
			}
			line(lineBreakRow(widths))
		}
	}
	return b.String()
}
