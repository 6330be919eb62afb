package regex

import (
	"encoding/binary"
	"regexp/syntax"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The automaton reads bytes but must answer as regexp does, which reads runes: at each
// position utf8.DecodeRune takes a whole valid encoding, or else one byte as U+FFFD. Runes
// matter only through the rune instructions of the program that accept them, so the rune
// space is cut into classes: runes accepted by the same instructions (and, when the program
// has \b or \B, equally word characters) share a class. An ASCII byte is its own rune; the
// bytes of other runes go through the decoder below, which says when an encoding is
// complete and its class, or that it broke off and its bytes are each U+FFFD.

// runeClasses is the partition of the rune space by the program's rune instructions.
type runeClasses struct {
	starts []rune   // interval i is [starts[i], starts[i+1]) (the last one ends at MaxRune+1)
	class  []int32  // its class
	n      int      // number of classes
	sets   [][]rune // the distinct rune sets of the program, as syntax.Inst.Rune pairs
	setOf  []int32  // by instruction: its rune set, or -1
	accept [][]bool // accept[set][class]
}

// runeSetOf returns the runes an instruction accepts, as sorted [lo, hi] pairs, or nil for
// an instruction that reads no rune.
func runeSetOf(in *syntax.Inst) []rune {
	switch in.Op {
	case syntax.InstRune:
		if len(in.Rune) == 1 { // one rune (case folding is impossible here: no flags)
			return []rune{in.Rune[0], in.Rune[0]}
		}
		return in.Rune
	case syntax.InstRune1:
		return []rune{in.Rune[0], in.Rune[0]}
	case syntax.InstRuneAny:
		return []rune{0, utf8.MaxRune}
	case syntax.InstRuneAnyNotNL:
		return []rune{0, '\n' - 1, '\n' + 1, utf8.MaxRune}
	}
	return nil
}

// wordRunes are the runes \b counts as word characters (syntax.IsWordChar).
var wordRunes = []rune{'0', '9', 'A', 'Z', '_', '_', 'a', 'z'}

// newRuneClasses partitions the runes for prog; word adds the word characters as a set.
func newRuneClasses(prog *syntax.Prog, word bool) *runeClasses {
	rc := &runeClasses{setOf: make([]int32, len(prog.Inst))}
	ids := map[string]int32{}
	add := func(rs []rune) int32 {
		var k strings.Builder
		for _, r := range rs {
			k.WriteString(strconv.Itoa(int(r)))
			k.WriteByte(',')
		}
		id, ok := ids[k.String()]
		if !ok {
			id = int32(len(rc.sets))
			ids[k.String()] = id
			rc.sets = append(rc.sets, rs)
		}
		return id
	}
	for pc := range prog.Inst {
		rc.setOf[pc] = -1
		if rs := runeSetOf(&prog.Inst[pc]); rs != nil {
			rc.setOf[pc] = add(rs)
		}
	}
	if word {
		add(wordRunes)
	}
	// Cut points: every range's ends, and where the UTF-8 length changes, so that an
	// interval never straddles encodings of different lengths.
	cuts := []rune{0, 0x80, 0x800, 0x10000, utf8.MaxRune + 1}
	for _, rs := range rc.sets {
		for i := 0; i < len(rs); i += 2 {
			cuts = append(cuts, rs[i], rs[i+1]+1)
		}
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)
	cuts = cuts[:len(cuts)-1] // MaxRune+1 only ends the last interval
	// Each interval's signature: the sets containing it.
	sigs := map[string]int32{}
	sig := make([]byte, len(rc.sets))
	for _, lo := range cuts {
		for s, rs := range rc.sets {
			sig[s] = 0
			if inSet(rs, lo) {
				sig[s] = 1
			}
		}
		c, ok := sigs[string(sig)]
		if !ok {
			c = int32(len(sigs))
			sigs[string(sig)] = c
			row := make([]bool, 0, len(rc.sets))
			for _, b := range sig {
				row = append(row, b == 1)
			}
			rc.accept = append(rc.accept, row)
		}
		if n := len(rc.class); n > 0 && rc.class[n-1] == c {
			continue // merge with the previous interval
		}
		rc.starts = append(rc.starts, lo)
		rc.class = append(rc.class, c)
	}
	rc.n = len(sigs)
	// accept is by class then set; transpose to set then class.
	acc := make([][]bool, len(rc.sets))
	for s := range acc {
		acc[s] = make([]bool, rc.n)
		for c := range rc.n {
			acc[s][c] = rc.accept[c][s]
		}
	}
	rc.accept = acc
	return rc
}

func inSet(rs []rune, r rune) bool {
	for i := 0; i < len(rs); i += 2 {
		if rs[i] <= r && r <= rs[i+1] {
			return true
		}
	}
	return false
}

// of returns the class of rune r.
func (rc *runeClasses) of(r rune) int32 {
	i, found := slices.BinarySearch(rc.starts, r)
	if !found {
		i--
	}
	return rc.class[i]
}

// uniform returns the class of every rune in [lo, hi], or -1 when they differ.
func (rc *runeClasses) uniform(lo, hi rune) int32 {
	i, found := slices.BinarySearch(rc.starts, lo)
	if !found {
		i--
	}
	if i+1 < len(rc.starts) && rc.starts[i+1] <= hi {
		return -1
	}
	return rc.class[i]
}

// accepts reports whether instruction pc accepts runes of class c.
func (rc *runeClasses) accepts(pc uint32, c int32) bool {
	s := rc.setOf[pc]
	return s >= 0 && rc.accept[s][c]
}

// The decoder follows an encoding's bytes after its lead. Node 0 is "at a rune boundary";
// every other node is a proper prefix of a valid encoding, up to the equivalence of
// prefixes whose completions give the same classes. A node's entry for a byte in its valid
// range [lo, hi] is the next node (> 0) or, for the last byte, -(class+1); any other byte
// breaks the encoding off: its depth pending bytes are each U+FFFD, and the byte starts afresh.
type decNode struct {
	depth  int // bytes pending
	lo, hi byte
	next   [64]int32 // by byte - 0x80
	reach  []bool    // the classes a completion can have
}

type decoder struct {
	nodes []decNode // nodes[0] is the boundary: only lead holds for it
	lead  [256]int32
	ids   map[string]int32
}

// leadInfo returns, for a lead byte b of a multi-byte encoding, the bits its value carries
// (shifted into place), the bytes left and the valid range of the next byte (utf8's rules:
// no overlong forms, no surrogates, nothing above U+10FFFF); ok is false for a byte that
// never starts an encoding.
func leadInfo(b byte) (base rune, left int, lo, hi byte, ok bool) {
	switch {
	case b >= 0xC2 && b <= 0xDF:
		return rune(b&0x1F) << 6, 1, 0x80, 0xBF, true
	case b == 0xE0:
		return 0, 2, 0xA0, 0xBF, true
	case b == 0xED:
		return 0xD000, 2, 0x80, 0x9F, true
	case b >= 0xE1 && b <= 0xEF:
		return rune(b&0x0F) << 12, 2, 0x80, 0xBF, true
	case b == 0xF0:
		return 0, 3, 0x90, 0xBF, true
	case b == 0xF4:
		return 0x100000, 3, 0x80, 0x8F, true
	case b >= 0xF1 && b <= 0xF3:
		return rune(b&0x07) << 18, 3, 0x80, 0xBF, true
	}
	return 0, 0, 0, 0, false
}

func newDecoder(rc *runeClasses) *decoder {
	d := &decoder{nodes: []decNode{{}}, ids: map[string]int32{}}
	for b := 0x80; b < 0x100; b++ {
		base, left, lo, hi, ok := leadInfo(byte(b))
		if ok {
			d.lead[b] = d.node(rc, base, left, 1, lo, hi)
		}
	}
	return d
}

// node returns the node after the first depth bytes of encodings whose value so far is
// base, with left bytes to come, the next one in [lo, hi].
func (d *decoder) node(rc *runeClasses, base rune, left, depth int, lo, hi byte) int32 {
	shift := 6 * uint(left-1)
	first := base | rune(lo&0x3F)<<shift
	last := base | rune(hi&0x3F)<<shift | (1<<shift - 1)
	if c := rc.uniform(first, last); c >= 0 {
		return d.uniform(rc, c, left, depth, lo, hi)
	}
	n := decNode{depth: depth, lo: lo, hi: hi}
	key := []byte{byte(depth), byte(left), lo, hi}
	for b := int(lo); b <= int(hi); b++ {
		r := base | rune(b&0x3F)<<shift
		if left == 1 {
			n.next[b-0x80] = -(rc.of(r) + 1)
		} else {
			n.next[b-0x80] = d.node(rc, r, left-1, depth+1, 0x80, 0xBF)
		}
		key = binary.LittleEndian.AppendUint32(key, uint32(n.next[b-0x80]))
	}
	if id, ok := d.ids[string(key)]; ok {
		return id
	}
	return d.add(rc, n, key)
}

// uniform returns the node whose every completion has class c: its subtree needs no
// enumeration.
func (d *decoder) uniform(rc *runeClasses, c int32, left, depth int, lo, hi byte) int32 {
	key := binary.LittleEndian.AppendUint32([]byte{byte(depth), byte(left), lo, hi, 'u'}, uint32(c))
	if id, ok := d.ids[string(key)]; ok {
		return id
	}
	n := decNode{depth: depth, lo: lo, hi: hi}
	child := -(c + 1)
	if left > 1 {
		child = d.uniform(rc, c, left-1, depth+1, 0x80, 0xBF)
	}
	for b := int(lo); b <= int(hi); b++ {
		n.next[b-0x80] = child
	}
	return d.add(rc, n, key)
}

// add interns node n under key.
func (d *decoder) add(rc *runeClasses, n decNode, key []byte) int32 {
	lo, hi := n.lo, n.hi
	n.reach = make([]bool, rc.n)
	for b := int(lo); b <= int(hi); b++ {
		if e := n.next[b-0x80]; e < 0 {
			n.reach[-e-1] = true
		} else {
			for c, ok := range d.nodes[e].reach {
				n.reach[c] = n.reach[c] || ok
			}
		}
	}
	id := int32(len(d.nodes))
	d.ids[string(key)] = id
	d.nodes = append(d.nodes, n)
	return id
}
