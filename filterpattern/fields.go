package filterpattern

import "github.com/cwfilter/cwfilter/internal/delimited"

// Field is one extracted value: Key is "$name" or "$3" (space-delimited patterns), Value
// the token's text.
type Field = delimited.Field

// Fields are the values TestMetricFilter reports for a matching event, in event order.
// They are empty for every pattern kind but space-delimited (§7.6).
type Fields []Field

// Get returns the value stored under key.
func (f Fields) Get(key string) (string, bool) {
	for _, x := range f {
		if x.Key == key {
			return x.Value, true
		}
	}
	return "", false
}

// Map returns the fields as a map (never nil), the shape of TestMetricFilter's extractedValues.
func (f Fields) Map() map[string]string {
	m := make(map[string]string, len(f))
	for _, x := range f {
		m[x.Key] = x.Value
	}
	return m
}
