package metricfilter

import (
	"io"
	"slices"
	"strconv"

	"github.com/cwfilter/cwfilter/filterpattern"
	"github.com/cwfilter/cwfilter/internal/pyjson"
)

// WriteCLIJSON writes matches exactly as `aws logs test-metric-filter` prints them (§11.6):
// Python's json.dump(indent=4, ensure_ascii=False) plus a newline, keys in the service's order,
// extractedValues in event token order.
func WriteCLIJSON(w io.Writer, matches []MatchRecord) error {
	b := appendMatches(nil, matches, "    ")
	_, err := w.Write(append(b, '\n'))
	return err
}

// AppendResponseJSON appends the TestMetricFilter response body (D-33):
// {"matches":[{"eventNumber":1,"eventMessage":"…","extractedValues":{}}]}.
func AppendResponseJSON(dst []byte, matches []MatchRecord) []byte {
	return appendMatches(dst, matches, "")
}

// jsonWriter writes JSON with an optional Python-style indent ("" = compact).
type jsonWriter struct {
	b      []byte
	indent string
	depth  int
}

func (w *jsonWriter) newline() {
	if w.indent == "" {
		return
	}
	w.b = append(w.b, '\n')
	for range w.depth {
		w.b = append(w.b, w.indent...)
	}
}

func (w *jsonWriter) open(c byte) { w.b = append(w.b, c); w.depth++; w.newline() }

func (w *jsonWriter) close(c byte) { w.depth--; w.newline(); w.b = append(w.b, c) }

func (w *jsonWriter) comma() { w.b = append(w.b, ','); w.newline() }

func (w *jsonWriter) key(k string) {
	w.b = pyjson.AppendString(w.b, k)
	w.b = append(w.b, ':')
	if w.indent != "" {
		w.b = append(w.b, ' ')
	}
}

func appendMatches(dst []byte, matches []MatchRecord, indent string) []byte {
	w := &jsonWriter{b: dst, indent: indent}
	w.open('{')
	w.key("matches")
	if len(matches) == 0 {
		w.b = append(w.b, "[]"...)
	} else {
		w.open('[')
		for i, m := range matches {
			if i > 0 {
				w.comma()
			}
			w.open('{')
			w.key("eventNumber")
			w.b = strconv.AppendInt(w.b, m.EventNumber, 10)
			w.comma()
			w.key("eventMessage")
			w.b = pyjson.AppendString(w.b, m.EventMessage)
			w.comma()
			w.key("extractedValues")
			w.extracted(m)
			w.close('}')
		}
		w.close(']')
	}
	w.close('}')
	return w.b
}

func (w *jsonWriter) extracted(m MatchRecord) {
	fields := orderedFields(m)
	if len(fields) == 0 {
		w.b = append(w.b, "{}"...)
		return
	}
	w.open('{')
	for i, f := range fields {
		if i > 0 {
			w.comma()
		}
		w.key(f.Key)
		w.b = pyjson.AppendString(w.b, f.Value)
	}
	w.close('}')
}

// orderedFields returns ExtractedValues in event order when Fields describes them, else
// sorted by key (a hand-built record).
func orderedFields(m MatchRecord) filterpattern.Fields {
	if len(m.Fields) == len(m.ExtractedValues) {
		same := true
		for _, f := range m.Fields {
			if v, ok := m.ExtractedValues[f.Key]; !ok || v != f.Value {
				same = false
				break
			}
		}
		if same {
			return m.Fields
		}
	}
	out := make(filterpattern.Fields, 0, len(m.ExtractedValues))
	for k, v := range m.ExtractedValues {
		out = append(out, filterpattern.Field{Key: k, Value: v})
	}
	slices.SortFunc(out, func(a, b filterpattern.Field) int {
		if a.Key < b.Key {
			return -1
		}
		if a.Key > b.Key {
			return 1
		}
		return 0
	})
	return out
}
