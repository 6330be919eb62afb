package pyjson

import "testing"

// Python's json writes U+2028/U+2029 raw where Go escapes them.
func TestAppendStringEscapes(t *testing.T) {
	got := string(AppendString(nil, "a\u2028b\u2029\x7f\x1f\b\f\n\r\t\"\\\xff"))
	want := "\"a\u2028b\u2029\x7f\\u001f\\b\\f\\n\\r\\t\\\"\\\\\ufffd\""
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
