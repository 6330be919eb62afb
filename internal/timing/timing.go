// Package timing gates the tests that measure wall-clock time: they run only when the
// environment variable CWFILTER_TIMING is 1, so that the default `go test ./...` gives the
// same answer on a loaded machine as on a quiet one. `.ci/run` sets it for one sequential
// step without the race detector.
package timing

import (
	"os"
	"testing"

	"github.com/cwfilter/cwfilter/internal/israce"
)

// Env is the environment variable that turns timing checks on.
const Env = "CWFILTER_TIMING"

// Enabled reports whether timing checks were asked for (CWFILTER_TIMING=1) and can mean
// something: never under the race detector, which slows code unevenly.
func Enabled() bool { return os.Getenv(Env) == "1" && !israce.Enabled }

// Skip skips t unless Enabled: for a test that only measures.
func Skip(t testing.TB) {
	t.Helper()
	if !Enabled() {
		t.Skip(why())
	}
}

// Off reports whether timing checks are off, and logs so when they are. A test with
// correctness checks runs them first and then returns when Off, so it still passes (rather
// than being reported as skipped) on what it did check:
//
//	if timing.Off(t) {
//		return
//	}
func Off(t testing.TB) bool {
	t.Helper()
	if Enabled() {
		return false
	}
	t.Log(why())
	return true
}

func why() string {
	if israce.Enabled {
		return "timing checks skipped: the race detector skews wall-clock ratios"
	}
	return "timing checks skipped: set " + Env + "=1 to run them"
}
