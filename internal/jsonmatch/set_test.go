package jsonmatch

import (
	"fmt"
	"testing"

	"github.com/cwfilter/cwfilter/internal/israce"
	"github.com/cwfilter/cwfilter/internal/regex"
)

func cisSet(t testing.TB, n int) (*Set, []*Matcher) {
	t.Helper()
	var srcs []string
	for _, cp := range loadCIS(t)[:n] {
		srcs = append(srcs, cp.Pattern)
	}
	ms := compileEach(t, srcs)
	s, err := CompileSet(ms)
	if err != nil {
		t.Fatal(err)
	}
	return s, ms
}

// compileEach parses each pattern and compiles it alone: the Set's specification.
func compileEach(t testing.TB, srcs []string) []*Matcher {
	t.Helper()
	var ms []*Matcher
	for _, src := range srcs {
		ms = append(ms, mustCompile(t, parseJSON(t, src)))
	}
	return ms
}

// checkSetEvents compiles pats into a Set and checks it on events.
func checkSetEvents(t *testing.T, pats, events []string) {
	t.Helper()
	ms := compileEach(t, pats)
	s, err := CompileSet(ms)
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range events {
		checkSet(t, s, ms, []byte(ev))
	}
}

// checkSet: the Set's answer on event equals every member's own Match.
func checkSet(t *testing.T, s *Set, ms []*Matcher, event []byte) {
	t.Helper()
	got := make([]uint64, (len(ms)+63)/64)
	s.Match(event, got)
	for i, m := range ms {
		if want := m.Match(event); getBit(got, int32(i)) != want {
			t.Fatalf("pattern %d on %.200s: Set says %v, Match %v", i, event, !want, want)
		}
	}
}

// TestSetCISCorpora: all CIS patterns in one Set give each pattern's own answer on every
// real CloudTrail event.
func TestSetCISCorpora(t *testing.T) {
	s, ms := cisSet(t, len(loadCIS(t)))
	hits := 0
	for _, c := range loadCorpora(t) {
		for _, ev := range c.events {
			checkSet(t, s, ms, ev)
			for _, m := range ms {
				if m.Match(ev) {
					hits++
				}
			}
		}
	}
	if hits == 0 {
		t.Fatal("no CIS pattern matched: the comparison proves nothing")
	}
}

// TestSetGroups: more patterns than one walk serves, and wildcard selectors beyond the
// walker's bounds, split into several groups with the same answers.
func TestSetGroups(t *testing.T) {
	var srcs []string
	for i := range 150 {
		srcs = append(srcs, fmt.Sprintf(`{ $.a%d = %d || $.w%d[*].x = "v*" || $.b.* = "k%d" }`, i%7, i, i%11, i))
	}
	ms := compileEach(t, srcs)
	s, err := CompileSet(ms)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.groups) < 3 {
		t.Fatalf("%d groups for 150 patterns", len(s.groups))
	}
	for _, ev := range []string{
		`{"a3": 3}`, `{"a3": "3"}`, `{"a3": 10}`, `{"w4":[{"x":"v"}]}`, `{"b":{"q":"k17"}}`,
		`{"b":{"q":"k17","q":"z"}}`, `{"a0": 0, "b": [1}`, `{"a\u0030": 0}`, `{"a1": 1e0}`,
	} {
		checkSet(t, s, ms, []byte(ev))
	}
}

// TestSetGuards: the shared key searches never rule out a matching event.
func TestSetGuards(t *testing.T) {
	pats := []string{
		`{ $.eventName = "ConsoleLogin" }`,
		`{ $.eventName = Create* || $.eventName = "*Vpc" }`,
		`{ $.n = 5 }`,
		`{ $.n = "5" && $.m != 1 }`,
		`{ $.x.y = "*z*" && $.eventName = "A" }`,
		`{ $.eventName = "A" || $.other = "B" }`,
		`{ $.k NOT EXISTS }`,
	}
	events := []string{
		`{"eventName":"ConsoleLogin"}`, `{"eventName" :  "CreateVpc"}`, `{"eventName":"DeleteVpc"}`,
		`{"eventName":"ConsoleLogin","eventName":"x"}`, `{"n":5.0}`, `{"n":"5"}`, `{"n":"5.0"}`,
		`{"n":-5}`, `{"x":{"y":"azb"},"eventName":"A"}`, `{"x":{"y":"azb"},"eventName":"\u0041"}`,
		`{"other":"B"}`, `{"a":"\"eventName\":\"A\""}`, `{"eventName":["A"]}`, `{}`, `{"eventName":"A"`,
	}
	checkSetEvents(t, pats, events)
}

func TestSetAllocs(t *testing.T) {
	if israce.Enabled {
		t.Skip("sync.Pool drops items at random under the race detector")
	}
	events := loadCorpora(t)[1].events
	s, _ := cisSet(t, 15)
	matched := make([]uint64, 1)
	if a := testing.AllocsPerRun(3, func() {
		for _, ev := range events {
			s.Match(ev, matched)
		}
	}); a != 0 {
		t.Errorf("%v allocations per pass", a)
	}
}

// TestSetEscapes: events with short escapes are still ruled out by plain keys and literals,
// never wrongly; a \u escape keeps every pattern alive.
func TestSetEscapes(t *testing.T) {
	pats := []string{
		`{ $.eventName = "ConsoleLogin" }`,
		`{ $.eventName = "Console*" && $.x NOT EXISTS }`,
		`{ $.p = "a/b" }`,
		`{ $.q = "say \"hi\"" }`,
		`{ $.eventName = "Create*" || $.eventName = "*Vpc" }`,
	}
	events := []string{
		`{"eventName":"ConsoleLogin","policy":"{\"a\":1}"}`,
		`{"eventName":"Console\"Login"}`,
		`{"eventName":"Console\/Login"}`,
		`{"event\u004eame":"ConsoleLogin"}`,
		`{"eventName":"Console\u004cogin"}`,
		`{"a\/b":"x","s":"\n"}`,
		`{"a/b":"x","s":"\n"}`,
		`{"p":"a\/b","t":"\t"}`,
		`{"q":"say \"hi\""}`,
		`{"s":"\\u0041","eventName":"CreateVpc"}`,
		`{"s":"\\","eventName":"DeleteVpc"}`,
		`{"s":"\"eventName\":\"CreateVpc\"","eventName":"x"}`,
		`{"eventName":"CreateVpc\\"}`,
	}
	checkSetEvents(t, pats, events)
}

// TestSetPlanSelective: on the CloudTrail corpus the shared searches leave few events to walk
// for the 15 CIS patterns — the reason a Set beats 15 separate matches (bench/README.md).
// Every matching event must survive them (the differential tests check that); the others
// should mostly not.
func TestSetPlanSelective(t *testing.T) {
	s, ms := cisSet(t, 15)
	g := s.groups[0]
	walked, matching, events := 0, 0, 0
	for _, c := range loadCorpora(t) {
		for _, ev := range c.events {
			events++
			var known, present [inlineLits / 64]uint64
			if g.plan.alive(ev, spellingOf(ev), known[:], present[:]) != 0 {
				walked++
			}
			for _, m := range ms {
				if m.Match(ev) {
					matching++
					break
				}
			}
		}
	}
	t.Logf("%d of %d events walked, %d of them match", walked, events, matching)
	if matching == 0 || walked > matching*3/2 {
		t.Errorf("%d events walked for %d matching: the plan rules out too little", walked, matching)
	}
}

// TestSetSharesRegexes: a Set compiles no regex value again; its conditions hold the
// regexes its members compiled.
func TestSetSharesRegexes(t *testing.T) {
	ms := compileEach(t, []string{`{ $.a = %ab+c% }`, `{ $.b[*] = %ab+c% || $.c != %x.y% }`})
	s, err := CompileSet(ms)
	if err != nil {
		t.Fatal(err)
	}
	own := map[*regex.Regexp]bool{}
	for _, m := range ms {
		for _, c := range m.conds {
			if c.re != nil {
				own[c.re] = true
			}
		}
	}
	n := 0
	for _, g := range s.groups {
		for _, c := range g.m.conds {
			if c.re != nil {
				n++
				if !own[c.re] {
					t.Errorf("the Set compiled %s again", c.re)
				}
			}
		}
	}
	if n != 3 {
		t.Errorf("%d regex conditions in the Set, want 3", n)
	}
	checkSet(t, s, ms, []byte(`{"a":"abbc","b":[],"c":"xzy"}`))
}
