//go:build !race

// Package israce tells tests whether the binary runs with the race detector.
package israce

// Enabled reports whether the race detector is on: allocation tests skip under it, because
// sync.Pool drops items at random in race mode.
const Enabled = false
