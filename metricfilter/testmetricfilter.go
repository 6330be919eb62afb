package metricfilter

import (
	"strconv"
	"strings"

	"github.com/cwfilter/cwfilter/filterpattern"
)

// MatchRecord is one matching message of a TestMetricFilter call.
type MatchRecord struct {
	EventNumber     int64 // 1-based position of the message in the request
	EventMessage    string
	ExtractedValues map[string]string // never nil; empty for all kinds but space-delimited
	// Fields holds ExtractedValues in the order the service lists them (event token order);
	// the JSON renderers use it.
	Fields filterpattern.Fields
}

// TestMetricFilter limits on logEventMessages (§7.6).
const (
	MinTestMessages = 1
	MaxTestMessages = 50
)

// TestMetricFilter is the AWS API of the same name (§7.6): only matching messages are
// returned, in input order. The request is validated before the pattern is compiled; errors
// are a *ValidationError or the pattern's *filterpattern.SyntaxError.
func TestMetricFilter(pattern string, messages []string) ([]MatchRecord, error) {
	if err := checkTestMessages(messages); err != nil {
		return nil, err
	}
	p, err := filterpattern.Compile(pattern)
	if err != nil {
		return nil, err
	}
	matches := []MatchRecord{}
	for i, m := range messages {
		fields, ok := p.AppendExtractString(filterpattern.Fields{}, m)
		if !ok {
			continue
		}
		matches = append(matches, MatchRecord{
			EventNumber: int64(i + 1), EventMessage: m, ExtractedValues: fields.Map(), Fields: fields,
		})
	}
	return matches, nil
}

func checkTestMessages(messages []string) *ValidationError {
	const field = "logEventMessages"
	switch {
	case len(messages) < MinTestMessages:
		return constraint(field, javaList(messages), "Member must have length greater than or equal to 1")
	case len(messages) > MaxTestMessages:
		return constraint(field, javaList(messages), "Member must have length less than or equal to 50")
	}
	for i, m := range messages {
		if m == "" {
			return constraint(field+"."+strconv.Itoa(i+1)+".member", m, "Member must have length greater than or equal to 1")
		}
	}
	return nil
}

// javaList renders a list as AWS's validation messages do: [a, b, c].
func javaList(items []string) string {
	return "[" + strings.Join(items, ", ") + "]"
}
