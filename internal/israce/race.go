//go:build race

package israce

// Enabled reports whether the race detector is on: allocation tests skip under it, because
// sync.Pool drops items at random in race mode.
const Enabled = true
