package loggen

import (
	"bytes"
	"strings"
	"testing"
)

func TestDeterministic(t *testing.T) {
	for name, gen := range map[string]func(int, uint64) [][]byte{"access": AccessLog, "vpc": VPCFlow, "lambda": Lambda} {
		a, b := gen(200, Seed), gen(200, Seed)
		for i := range a {
			if !bytes.Equal(a[i], b[i]) {
				t.Fatalf("%s line %d differs between runs: %q vs %q", name, i, a[i], b[i])
			}
		}
		if bytes.Equal(a[0], gen(1, Seed+1)[0]) {
			t.Errorf("%s: the seed does not change the output", name)
		}
	}
}

func TestVPCFlowHasFourteenFields(t *testing.T) {
	for _, l := range VPCFlow(500, Seed) {
		if n := len(strings.Fields(string(l))); n != 14 {
			t.Fatalf("%d fields in %q", n, l)
		}
	}
}
