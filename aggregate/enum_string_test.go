package aggregate

import "testing"

// String never panics: values outside the enum print as RefuseReason(n).
func TestRefuseReasonStringOutOfRange(t *testing.T) {
	for r, want := range map[RefuseReason]string{RefusedCardinality: "cardinality", RefusedInvalid: "invalid", numRefuseReasons: "RefuseReason(3)", 42: "RefuseReason(42)"} {
		if got := r.String(); got != want {
			t.Errorf("%d: got %q, want %q", r, got, want)
		}
	}
}
