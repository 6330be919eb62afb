package delimited

import "bytes"

// isSep marks the event separators of §4.2: space and tab [OBS] and \n \v \f \r [D-18].
// A table keeps the per-byte test to one load.
var isSep = [256]bool{' ': true, '\t': true, '\n': true, '\v': true, '\f': true, '\r': true}

// token is one token of a message: it starts at start (the opening " or [ of a group) and its
// value is m[vs:ve] (delimiters stripped).
type token struct{ start, vs, ve int }

// scanner walks the tokens of a message left to right (§4.2). It never allocates.
type scanner struct {
	m []byte
	i int
	// Once no closing " (or ]) exists at or after some offset, none exists after any later
	// offset either; remembering that keeps messages like `[ [ [ [` linear.
	noQuote, noBracket bool
}

// next returns the next token, or ok == false at the end of the message.
func (s *scanner) next() (t token, ok bool) {
	m, i := s.m, s.i
	for i < len(m) && m[i] <= ' ' && isSep[m[i]] {
		i++
	}
	if i == len(m) {
		s.i = i
		return token{}, false
	}
	switch c := m[i]; {
	case c == '"' && !s.noQuote:
		if j := bytes.IndexByte(m[i+1:], '"'); j >= 0 {
			s.i = i + 1 + j + 1
			return token{i, i + 1, i + 1 + j}, true
		}
		s.noQuote = true
	case c == '[' && !s.noBracket:
		if j := bytes.IndexByte(m[i+1:], ']'); j >= 0 {
			s.i = i + 1 + j + 1
			return token{i, i + 1, i + 1 + j}, true
		}
		s.noBracket = true
	}
	j := i + 1
	for j < len(m) {
		// Every separator is <= ' ', so most bytes are settled without the table.
		if c := m[j]; c <= ' ' && isSep[c] {
			break
		}
		j++
	}
	s.i = j
	return token{i, i, j}, true
}

// more reports whether another token follows (skipping separators).
func (s *scanner) more() bool {
	for s.i < len(s.m) && isSep[s.m[s.i]] {
		s.i++
	}
	return s.i < len(s.m)
}
