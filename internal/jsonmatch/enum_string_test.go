package jsonmatch

import "testing"

// String never panics: values outside the enum print as Kind(n).
func TestKindStringOutOfRange(t *testing.T) {
	if got := Array.String(); got != "array" {
		t.Errorf("Array: %q", got)
	}
	if got := Kind(42).String(); got != "Kind(42)" {
		t.Errorf("Kind(42): %q", got)
	}
}
