package glob

// Reference is the literal transcription of §3.3.1, the slow twin of Compile+Match; the
// reference evaluators of JSON and space-delimited patterns use it too.
func Reference(g, s string) bool {
	if g == "*" {
		return true
	}
	lead := len(g) > 0 && g[0] == '*'
	trail := len(g) > 1 && g[len(g)-1] == '*'
	core := g
	if lead {
		core = core[1:]
	}
	if trail {
		core = core[:len(core)-1]
	}
	switch {
	case lead && trail:
		for i := 0; i+len(core) <= len(s); i++ {
			if s[i:i+len(core)] == core {
				return true
			}
		}
		return false
	case lead:
		return len(s) >= len(core) && s[len(s)-len(core):] == core
	case trail:
		return len(s) >= len(core) && s[:len(core)] == core
	}
	return s == core
}
