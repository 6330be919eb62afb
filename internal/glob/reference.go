package glob

import "strings"

// Reference is the literal transcription of §3.3.1, the slow twin of Compile+Match; the
// reference evaluators of JSON and space-delimited patterns use it too.
func Reference(g, s string) bool {
	if g == "*" {
		return true
	}
	lead, trail := strings.HasPrefix(g, "*"), len(g) > 1 && strings.HasSuffix(g, "*")
	core := strings.TrimPrefix(g, "*")
	if trail {
		core = strings.TrimSuffix(core, "*")
	}
	switch {
	case lead && trail:
		return strings.Contains(s, core)
	case lead:
		return strings.HasSuffix(s, core)
	case trail:
		return strings.HasPrefix(s, core)
	}
	return s == core // an interior "*" is a literal star
}
