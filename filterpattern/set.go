package filterpattern

// Set matches one event against many compiled patterns at once. It is immutable and safe for
// concurrent use.
type Set struct {
	patterns []*Pattern
}

// NewSet returns a Set of patterns, in order; pattern i of the Set is patterns[i].
func NewSet(patterns ...*Pattern) *Set {
	return &Set{patterns: append([]*Pattern(nil), patterns...)}
}

// Len returns the number of patterns in the Set.
func (s *Set) Len() int { return len(s.patterns) }

// Pattern returns pattern i of the Set.
func (s *Set) Pattern(i int) *Pattern { return s.patterns[i] }

// Match appends to dst the indexes, in increasing order, of the patterns that event matches,
// and returns the extended slice. It allocates nothing when dst has room for every match.
func (s *Set) Match(event []byte, dst []int) []int {
	for i, p := range s.patterns {
		if p.Match(event) {
			dst = append(dst, i)
		}
	}
	return dst
}

// MatchString is Match for an event held in a string, without copying it.
func (s *Set) MatchString(event string, dst []int) []int { return s.Match(bytesOf(event), dst) }
