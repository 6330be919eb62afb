package main

import (
	"flag"
	"strings"
)

// permuteArgs moves the flags of args before the other arguments, as GNU getopt does, so
// that "cwfilter grep PATTERN file -c" works: Go's flag package stops at the first argument
// that is not a flag. A flag that takes a value keeps the argument after it; "--" ends the
// flags, and everything after it stays an argument, in order.
func permuteArgs(fs *flag.FlagSet, args []string) []string {
	var flags, rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' {
			rest = append(rest, a)
			continue
		}
		flags = append(flags, a)
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		f := fs.Lookup(name)
		if f == nil || hasValue {
			continue
		}
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
			continue
		}
		if i+1 < len(args) {
			i++
			flags = append(flags, args[i])
		}
	}
	return append(append(flags, "--"), rest...)
}
