package regex

import (
	"encoding/binary"
	"errors"
	"math/bits"
	"regexp/syntax"
	"slices"
)

// dfa is the whole deterministic automaton of an unanchored search, built at compile time
// from the RE2 program by subset construction, over byte classes. A state is the set of
// program threads waiting at a rune boundary, what precedes that boundary (text start, a
// word character, anything else: only when the threads have \b, \B or ^ to test), and the
// decoder node of a rune whose bytes are still arriving. The search restarts a thread at
// every rune boundary, as regexp does, so a match found anywhere ends in the match state.
//
// Empty-width tests wait in a state until the next byte says what follows the boundary
// (RE2's design): a word byte, a non-word byte (every byte of a non-ASCII rune) or, at the
// end, nothing. So a match ending in \b or $ is seen one byte late, or at the end.
type dfa struct {
	trans  []uint32 // trans[s+class[b]]: s is a state's index times stride
	class  [256]uint8
	shift  uint      // stride = 1 << shift
	eot    []bool    // by state index: a match is complete at the end of the text
	start  [3]uint32 // by what precedes the start: ctxNone, ctxWord, ctxBegin
	always bool      // every text matches (no table)
}

// The first two states are absorbing: no match is possible any more, or one was found.
const (
	deadState  = 0
	matchState = 1
)

// What precedes a boundary, as far as the threads waiting there can tell.
const (
	ctxNone  = 0 // text start or a word character would make no difference, or neither
	ctxWord  = 1 // an ASCII word character
	ctxBegin = 2 // the text start
)

// Bounds on an automaton: above them Compile keeps regexp alone (bench/README.md, "Fallback").
const (
	maxStates  = 4096    // states of one automaton
	maxThreads = 1 << 20 // program threads stored over all states while building
	maxTable   = 1 << 20 // bytes of transition table
	maxWork    = 1 << 24 // program threads visited while building (bounds compile time)
)

var errTooBig = errors.New("regex: automaton over its bound")

// bstate is a state while building, with what its transitions share, computed once.
type bstate struct {
	set []uint32 // program threads, sorted
	ctx uint8
	dec int32
	// At a boundary (dec == 0): the threads resolved for a rune that is no word character,
	// and the state after an invalid byte. Inside an encoding: the state once it breaks off.
	resolved    []uint32
	resolvedOK  bool
	resolvedHit bool  // the match instruction was reached
	fffd        int64 // -1: not known yet
	broken      int64
	next        []uint32 // by byte class: the next state plus one, once computed
}

type builder struct {
	prog     *syntax.Prog
	rc       *runeClasses
	dec      *decoder
	fffd     int32               // class of U+FFFD, which an invalid byte is
	restart  []uint32            // the start thread, followed to its rune, match and empty-width steps
	empty    bool                // restart holds the match instruction: the empty string matches
	anchored bool                // the start thread fails away from the text start: a state with no thread is dead
	sim      map[uint32][]uint32 // the threads that simulate a thread (simulate.go)
	states   []bstate
	ids      map[string]uint32
	threads  int
	class    [256]uint8 // byte classes (byteClasses), set before any transition is computed
	nclass   int
	work     int // threads visited, against maxWork
	// scratch
	mark, rmark  []uint32 // generation of the last visit, by pc: closure, resolve
	gen, rgen    uint32
	stack, wlist []uint32
	tmp          []uint32
}

func newBuilder(prog *syntax.Prog, rc *runeClasses) *builder {
	b := &builder{prog: prog, rc: rc, ids: map[string]uint32{}}
	b.mark, b.rmark = make([]uint32, len(prog.Inst)), make([]uint32, len(prog.Inst))
	b.dec = newDecoder(rc)
	b.fffd = rc.of(0xFFFD)
	b.restart, b.empty = b.closure(nil, []uint32{uint32(prog.Start)})
	b.anchored = len(b.prune(slices.Clone(b.restart), ctxNone)) == 0
	b.sim = simulation(prog, rc, b)
	return b
}

// closure appends to set the threads reached from pcs without reading a rune or testing an
// empty-width condition; matched reports that one of them is the match instruction.
func (b *builder) closure(set []uint32, pcs []uint32) ([]uint32, bool) {
	b.gen++
	for _, pc := range set {
		b.mark[pc] = b.gen
	}
	matched := false
	b.stack = append(b.stack[:0], pcs...)
	for len(b.stack) > 0 {
		pc := b.stack[len(b.stack)-1]
		b.stack = b.stack[:len(b.stack)-1]
		if b.mark[pc] == b.gen {
			continue
		}
		b.mark[pc] = b.gen
		b.work++
		in := &b.prog.Inst[pc]
		switch in.Op {
		case syntax.InstAlt, syntax.InstAltMatch:
			b.stack = append(b.stack, in.Arg, in.Out)
		case syntax.InstNop, syntax.InstCapture:
			b.stack = append(b.stack, in.Out)
		case syntax.InstMatch:
			matched = true
			set = append(set, pc)
		case syntax.InstFail:
		default: // runes, empty width
			set = append(set, pc)
		}
	}
	return set, matched
}

// flags returns the empty-width conditions that hold at a boundary with ctx before it and,
// after it, a word character (next == ctxWord), another character (ctxNone) or the end
// (eot).
func flags(ctx uint8, nextWord, eot bool) syntax.EmptyOp {
	var op syntax.EmptyOp
	if ctx == ctxBegin {
		op |= syntax.EmptyBeginText | syntax.EmptyBeginLine
	}
	if eot {
		op |= syntax.EmptyEndText | syntax.EmptyEndLine
	}
	if (ctx == ctxWord) != nextWord {
		op |= syntax.EmptyWordBoundary
	} else {
		op |= syntax.EmptyNoWordBoundary
	}
	return op
}

// resolve follows the empty-width threads of set whose conditions hold under op and drops
// the others; it returns the rune threads and whether the match instruction was reached.
func (b *builder) resolve(set []uint32, op syntax.EmptyOp) ([]uint32, bool) {
	var out []uint32
	work := append(b.wlist[:0], set...)
	matched := false
	b.rgen++
	for len(work) > 0 {
		pc := work[len(work)-1]
		work = work[:len(work)-1]
		if b.rmark[pc] == b.rgen {
			continue
		}
		b.rmark[pc] = b.rgen
		in := &b.prog.Inst[pc]
		switch in.Op {
		case syntax.InstMatch:
			matched = true
		case syntax.InstEmptyWidth:
			if syntax.EmptyOp(in.Arg)&^op == 0 {
				var m bool
				b.tmp, m = b.closure(b.tmp[:0], []uint32{in.Out})
				matched = matched || m
				work = append(work, b.tmp...)
			}
		default:
			out = append(out, pc)
		}
	}
	b.wlist = work
	slices.Sort(out)
	return out, matched
}

// step reads one rune of class c: the threads of set (resolved) that accept it advance,
// and the search restarts; it returns the threads at the next boundary.
func (b *builder) step(set []uint32, c int32) ([]uint32, bool) {
	var outs []uint32
	for _, pc := range set {
		if b.rc.accepts(pc, c) {
			outs = append(outs, b.prog.Inst[pc].Out)
		}
	}
	next, matched := b.closure(nil, outs)
	next, m := b.closure(next, b.restart)
	return next, matched || m
}

// prune drops the threads that wait for the text start where it cannot hold.
func (b *builder) prune(set []uint32, ctx uint8) []uint32 {
	if ctx == ctxBegin {
		return set
	}
	return slices.DeleteFunc(set, func(pc uint32) bool {
		in := &b.prog.Inst[pc]
		return in.Op == syntax.InstEmptyWidth && syntax.EmptyOp(in.Arg)&(syntax.EmptyBeginText|syntax.EmptyBeginLine) != 0
	})
}

// intern returns the index of state (set, ctx, dec), adding it if new; set is sorted by
// intern. It keeps ctx only as far as the waiting threads test it.
func (b *builder) intern(set []uint32, ctx uint8, dec int32, matched bool) (uint32, error) {
	if matched {
		return matchState, nil
	}
	set = b.prune(set, ctx)
	if len(set) == 0 && b.anchored {
		return deadState, nil
	}
	tests := b.tests(set)
	if ctx == ctxBegin && tests&(syntax.EmptyBeginText|syntax.EmptyBeginLine) == 0 {
		ctx = ctxNone // only \b or \B could tell it: the text start is no word character
	}
	if ctx == ctxWord && tests&(syntax.EmptyWordBoundary|syntax.EmptyNoWordBoundary) == 0 {
		ctx = ctxNone
	}
	slices.Sort(set)
	set = b.dropSimulated(slices.Compact(set))
	key := make([]byte, 0, 8+4*len(set))
	key = append(key, ctx)
	key = binary.LittleEndian.AppendUint32(key, uint32(dec))
	for _, pc := range set {
		key = binary.LittleEndian.AppendUint32(key, pc)
	}
	if id, ok := b.ids[string(key)]; ok {
		return id, nil
	}
	if len(b.states) == maxStates {
		return 0, errTooBig
	}
	if b.threads += len(set); b.threads > maxThreads {
		return 0, errTooBig
	}
	id := uint32(len(b.states))
	b.ids[string(key)] = id
	b.states = append(b.states, bstate{set: set, ctx: ctx, dec: dec, fffd: -1, broken: -1})
	return id, nil
}

// tests returns the empty-width conditions the threads of set may test before their next
// rune, following chains of them ($^).
func (b *builder) tests(set []uint32) syntax.EmptyOp {
	var op syntax.EmptyOp
	var work []uint32
	for _, pc := range set {
		if b.prog.Inst[pc].Op == syntax.InstEmptyWidth {
			work = append(work, pc)
		}
	}
	seen := map[uint32]bool{}
	for len(work) > 0 {
		pc := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[pc] {
			continue
		}
		seen[pc] = true
		in := &b.prog.Inst[pc]
		op |= syntax.EmptyOp(in.Arg)
		next, _ := b.closure(nil, []uint32{in.Out})
		for _, n := range next {
			if b.prog.Inst[n].Op == syntax.InstEmptyWidth {
				work = append(work, n)
			}
		}
	}
	return op
}

// unit reads one whole rune of class c (word: it is a word character) at a boundary.
func (b *builder) unit(set []uint32, ctx uint8, c int32, word bool) ([]uint32, uint8, bool) {
	set, matched := b.resolve(set, flags(ctx, word, false))
	if matched {
		return nil, 0, true
	}
	next, matched := b.step(set, c)
	if word {
		return next, ctxWord, matched
	}
	return next, ctxNone, matched
}

// next returns the state after byte c from state s.
func (b *builder) next(s uint32, c byte) (uint32, error) {
	st := &b.states[s]
	if st.next == nil {
		st.next = make([]uint32, b.nclass)
	}
	if t := st.next[b.class[c]]; t != 0 {
		return t - 1, nil
	}
	if b.work > maxWork {
		return 0, errTooBig
	}
	t, err := b.compute(s, c)
	if err == nil {
		b.states[s].next[b.class[c]] = t + 1
	}
	return t, err
}

// compute computes the state after byte c from state s.
func (b *builder) compute(s uint32, c byte) (uint32, error) {
	st := &b.states[s]
	if st.dec != 0 {
		n := &b.dec.nodes[st.dec]
		if c < n.lo || c > n.hi {
			// The encoding broke off: each pending byte is U+FFFD, then c starts afresh.
			if st.broken < 0 {
				set, ctx, matched := b.flush(st.set, n.depth)
				id, err := b.intern(set, ctx, 0, matched)
				if err != nil {
					return 0, err
				}
				b.states[s].broken = int64(id)
			}
			t := uint32(b.states[s].broken)
			if t <= matchState {
				return t, nil
			}
			return b.next(t, c)
		}
		e := n.next[c-0x80]
		if e > 0 {
			return b.intern(slices.Clone(st.set), st.ctx, e, false)
		}
		next, matched := b.step(st.set, -e-1) // the threads were resolved when the rune began
		return b.intern(next, ctxNone, 0, matched)
	}
	switch {
	case c < 0x80:
		next, ctx, matched := b.unit(st.set, st.ctx, b.rc.of(rune(c)), syntax.IsWordChar(rune(c)))
		return b.intern(next, ctx, 0, matched)
	case b.dec.lead[c] != 0:
		e := b.dec.lead[c]
		if !st.resolvedOK {
			st.resolved, st.resolvedHit = b.resolve(st.set, flags(st.ctx, false, false))
			st.resolvedOK = true
		}
		if st.resolvedHit {
			return matchState, nil
		}
		// Keep only the threads some completion (or U+FFFD, if it breaks off) can advance.
		reach := b.dec.nodes[e].reach
		set := slices.DeleteFunc(slices.Clone(st.resolved), func(pc uint32) bool {
			s := b.rc.setOf[pc]
			if s < 0 {
				return true
			}
			if b.rc.accept[s][b.fffd] {
				return false
			}
			for cl, ok := range reach {
				if ok && b.rc.accept[s][cl] {
					return false
				}
			}
			return true
		})
		return b.intern(set, ctxNone, e, false)
	}
	if st.fffd < 0 {
		next, ctx, matched := b.unit(st.set, st.ctx, b.fffd, false)
		id, err := b.intern(next, ctx, 0, matched)
		if err != nil {
			return 0, err
		}
		b.states[s].fffd = int64(id)
	}
	return uint32(b.states[s].fffd), nil
}

// flush reads the depth pending bytes of a broken-off encoding as U+FFFD each; set was
// resolved when the encoding began.
func (b *builder) flush(set []uint32, depth int) ([]uint32, uint8, bool) {
	set, matched := b.step(set, b.fffd)
	ctx := uint8(ctxNone)
	for i := 1; i < depth && !matched; i++ {
		set, ctx, matched = b.unit(b.prune(set, ctxNone), ctxNone, b.fffd, false)
	}
	return b.prune(set, ctxNone), ctx, matched
}

// atEnd reports whether state s has a match complete at the end of the text.
func (b *builder) atEnd(s uint32) bool {
	if s == matchState {
		return true
	}
	if s == deadState {
		return false
	}
	st := b.states[s]
	set, ctx := st.set, st.ctx
	if st.dec != 0 {
		var matched bool
		set, ctx, matched = b.flush(set, b.dec.nodes[st.dec].depth)
		if matched {
			return true
		}
	}
	_, matched := b.resolve(set, flags(ctx, false, true))
	return matched
}

// byteClasses groups the bytes that every state treats alike: ASCII bytes by rune class,
// the others by what the decoder does with them at every node. It returns the class of
// each byte and a representative of each class.
func (b *builder) byteClasses() ([256]uint8, []byte, error) {
	var class [256]uint8
	var reps []byte
	ids := map[string]uint8{}
	key := make([]byte, 0, 64)
	for c := 0; c < 256; c++ {
		key = key[:0]
		if c < 0x80 {
			key = append(key, 'a')
			key = binary.LittleEndian.AppendUint32(key, uint32(b.rc.of(rune(c)))) // word bytes have classes of their own under \b
		} else {
			key = append(key, 'n')
			key = binary.LittleEndian.AppendUint32(key, uint32(b.dec.lead[c]))
			for i := 1; i < len(b.dec.nodes); i++ {
				n := &b.dec.nodes[i]
				e := int32(0) // breaks off
				if byte(c) >= n.lo && byte(c) <= n.hi {
					e = n.next[c-0x80]
				}
				key = binary.LittleEndian.AppendUint32(key, uint32(e))
			}
		}
		id, ok := ids[string(key)]
		if !ok {
			if len(reps) == 256 {
				return class, nil, errTooBig
			}
			id = uint8(len(reps))
			ids[string(key)] = id
			reps = append(reps, byte(c))
		}
		class[c] = id
	}
	return class, reps, nil
}

// buildDFA builds the automaton of prog, or fails with errTooBig.
func buildDFA(prog *syntax.Prog, word bool) (*dfa, error) {
	rc := newRuneClasses(prog, word)
	b := newBuilder(prog, rc)
	b.states = []bstate{{}, {}} // dead, match
	d := &dfa{}
	class, reps, err := b.byteClasses()
	if err != nil {
		return nil, err
	}
	d.class = class
	b.class, b.nclass = class, len(reps)
	d.shift = uint(bits.Len(uint(len(reps) - 1)))
	stride := 1 << d.shift
	for i, ctx := range []uint8{ctxNone, ctxWord, ctxBegin} {
		s, err := b.intern(slices.Clone(b.restart), ctx, 0, b.empty)
		if err != nil {
			return nil, err
		}
		d.start[i] = s
	}
	var trans []uint32
	for s := uint32(0); s < uint32(len(b.states)); s++ {
		if (int(s)+1)*stride*4 > maxTable {
			return nil, errTooBig
		}
		for _, rep := range reps {
			t := s // dead and match are absorbing
			if s > matchState {
				if t, err = b.next(s, rep); err != nil {
					return nil, err
				}
			}
			trans = append(trans, t<<d.shift)
		}
		for range stride - len(reps) {
			trans = append(trans, 0)
		}
	}
	d.trans = trans
	d.eot = make([]bool, len(b.states))
	for s := range d.eot {
		d.eot[s] = b.atEnd(uint32(s))
	}
	for i := range d.start {
		d.start[i] <<= d.shift
	}
	return d, nil
}

// startAt returns the start state for a search from rune boundary at of b, by what
// precedes it.
func (d *dfa) startAt(b []byte, at int) uint32 {
	switch {
	case at == 0:
		return d.start[ctxBegin]
	case syntax.IsWordChar(rune(b[at-1])):
		return d.start[ctxWord]
	}
	return d.start[ctxNone]
}

// run reports whether text[at:] has a match, at being a rune boundary of text before
// which no match can start. States at or below the match state end the search.
func (d *dfa) run(text []byte, at int) bool {
	s := d.startAt(text, at)
	trans := d.trans
	matchID := uint32(matchState) << d.shift
	for _, c := range text[at:] {
		s = trans[s+uint32(d.class[c])]
		if s <= matchID {
			return s == matchID
		}
	}
	return d.eot[s>>d.shift]
}

// segment runs the automaton from rune boundary k, before which no match starts, up to
// and including the first byte outside stop's set (the end of a run: every match in
// progress ends there) or the end of b. It returns whether a match was found and where
// to go on; a dead automaton sends to the end.
func (d *dfa) segment(b []byte, k int, in *[256]bool) (bool, int) {
	s := d.startAt(b, k)
	trans := d.trans
	matchID := uint32(matchState) << d.shift
	for p := k; p < len(b); p++ {
		c := b[p]
		s = trans[s+uint32(d.class[c])]
		if s <= matchID {
			return s == matchID, len(b)
		}
		if !in[c] {
			return false, p + 1
		}
	}
	return d.eot[s>>d.shift], len(b)
}
