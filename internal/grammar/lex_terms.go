package grammar

// lexTerms tokenises an unstructured term list (§2.1). s is the trimmed pattern S,
// base its offset in P, end the offset reported at premature end (len(P)).
func lexTerms(s string, base, end int) *tokens {
	t := newTokens()
	i := 0
	skipWS := func() {
		for i < len(s) && isWS(s[i]) {
			i++
		}
	}
	for {
		skipWS()
		if i == len(s) {
			t.eof(end)
			return t
		}
		c := s[i]
		switch {
		case c == '-' || c == '?':
			typ := tMinus
			if c == '?' {
				typ = tQuestion
			}
			t.add(typ, s[i:i+1], base+i)
			i++
			// A6: the prefix must touch the word or phrase it modifies.
			if i < len(s) && isWS(s[i]) {
				skipWS()
				off := end
				if i < len(s) {
					off = base + i
				}
				t.add(tJunk, "", off)
				t.eof(end)
				return t
			}
		case c == '"':
			text, j := decodeQuoted(s, i)
			if j < 0 { // A8
				t.fail(base+i, termErr(s[i:], base+i))
				t.eof(end)
				return t
			}
			if text == "" { // A9
				t.fail(base+i, termErr(`""`, base+i))
				t.eof(end)
				return t
			}
			t.phrases[base+i] = text
			t.add(tPhrase, s[i:j], base+i)
			i = j
			// A4: a phrase ends at whitespace or the end; an illegal character still reports itself.
			if i < len(s) && !isWS(s[i]) {
				if !canStartTerm(s, i) {
					t.fail(base+i, termErr(charAt(s, i), base+i))
				} else {
					t.add(tJunk, "", base+i)
				}
				t.eof(end)
				return t
			}
		case isWordStart(s, i):
			j := i
			for j < len(s) && isWordStart(s, j) {
				_, n := runeAt(s, j)
				j += n
			}
			t.add(tWord, s[i:j], base+i)
			i = j
			if i < len(s) && s[i] == '"' { // A5
				t.add(tJunk, "", base+i)
				t.eof(end)
				return t
			}
		default: // A2, A10
			t.fail(base+i, termErr(charAt(s, i), base+i))
			t.eof(end)
			return t
		}
	}
}

// isWordStart: a wordchar (letter, digit, '_' or '.') at s[i].
func isWordStart(s string, i int) bool {
	r, _ := runeAt(s, i)
	return isLetterOrDigit(r) || r == '_' || r == '.'
}

func canStartTerm(s string, i int) bool {
	c := s[i]
	return isWS(c) || c == '-' || c == '?' || c == '"' || isWordStart(s, i)
}
