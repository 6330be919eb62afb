package filterpattern_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/cwfilter/cwfilter/cloudtrail"
	"github.com/cwfilter/cwfilter/filterpattern"
	"github.com/cwfilter/cwfilter/internal/israce"
	"github.com/cwfilter/cwfilter/internal/testfile"
)

// cisPatterns returns the CIS patterns of testdata/conformance/cis-patterns.jsonl, in order.
func cisPatterns(t testing.TB) []*filterpattern.Pattern {
	t.Helper()
	var out []*filterpattern.Pattern
	for _, row := range testfile.JSONL[struct{ Pattern string }](t, "../testdata/conformance/cis-patterns.jsonl") {
		out = append(out, filterpattern.MustCompile(row.Pattern))
	}
	return out
}

// separately is the Set's specification: each member's own Match.
func separately(ps []*filterpattern.Pattern, event []byte) []int {
	var out []int
	for i, p := range ps {
		if p.Match(event) {
			out = append(out, i)
		}
	}
	return out
}

func checkSet(t *testing.T, s *filterpattern.Set, ps []*filterpattern.Pattern, event []byte) int {
	t.Helper()
	want := separately(ps, event)
	if got := s.Match(event, nil); !slices.Equal(got, want) {
		t.Fatalf("on %.300q: Set.Match = %v, separate Match calls = %v", event, got, want)
	}
	if got := s.MatchString(string(event), make([]int, 0, 4)); !slices.Equal(got, want) {
		t.Fatalf("on %.300q: Set.MatchString = %v, separate Match calls = %v", event, got, want)
	}
	return len(want)
}

// mixed is a Set of every kind, with shared terms and overlapping JSON selectors.
var mixed = []string{
	``,
	`ERROR`,
	`ERROR -DEBUG "disk full"`,
	`?ERROR ?WARN`,
	`"disk full" -ERROR`,
	`%ERR[0-9]{2,4}x%`,
	`{ $.eventName = "ConsoleLogin" }`,
	`{ $.eventName = Create* || $.eventName = "*Vpc" }`,
	`{ ($.level = "ERROR" || $.code >= 500) && $.user NOT EXISTS && $.tags[*] = "a*" }`,
	`{ $.msg = %ERR[0-9]+% || $.a.b IS NULL }`,
	`{ $.code = 500 }`,
	`{ $.code != 500 && $.level = * }`,
	`{ $.tags[*] != "ab" }`,
	`[ip, user, ..., status = 5* || status = 404, size > 100]`,
	`[lvl = ERROR, rest]`,
}

var mixedEvents = []string{
	`ERROR disk full`, `ERROR DEBUG`, `WARN only`, `disk full`, `xx ERR123x yy`, ``, ` `,
	`{"eventName":"ConsoleLogin"}`, `{"eventName" : "CreateVpc"}`, `{"eventName":"DeleteVpc","eventName":"x"}`,
	`{"eventName":"Console\u004cogin"}`, `{"eventName":"ConsoleLogin"`, `{"level":"ERROR","tags":["ab"]}`,
	`{"level":"INFO","code":500.0,"tags":["x","ab"]}`, `{"code":"500","level":null}`, `{"msg":"ERR12","a":{"b":null}}`,
	`{"a":{"b":[1,null]}}`, `{"tags":[]}`, `{"tags":["ba"],"code":499}`, `10.0.0.1 bob GET /x 503 1000`,
	`10.0.0.1 - GET 404 5`, `ERROR rest of it`, `ERROR`, "{\"eventName\":\"ConsoleLogin\"}\n",
}

func compileAll(t testing.TB, srcs []string) []*filterpattern.Pattern {
	var ps []*filterpattern.Pattern
	for _, src := range srcs {
		ps = append(ps, filterpattern.MustCompile(src))
	}
	return ps
}

// TestSetMatchesSeparately: a Set answers exactly what its members answer one by one —
// on the real CloudTrail corpus with every CIS pattern, and on a Set of every kind.
func TestSetMatchesSeparately(t *testing.T) {
	events, err := cloudtrail.LoadAll()
	if err != nil {
		t.Fatal(err)
	}
	cis := cisPatterns(t)
	s := filterpattern.NewSet(cis...)
	hits := 0
	for _, ev := range events {
		hits += checkSet(t, s, cis, ev)
	}
	if hits == 0 {
		t.Fatal("no CIS pattern matched the corpus: the comparison proves nothing")
	}
	ps := compileAll(t, mixed)
	s = filterpattern.NewSet(ps...)
	hits = 0
	for _, ev := range mixedEvents {
		hits += checkSet(t, s, ps, []byte(ev))
	}
	for _, ev := range events[:500] {
		hits += checkSet(t, s, ps, ev)
	}
	if hits < len(mixedEvents) {
		t.Fatalf("only %d matches: the mixed events exercise too little", hits)
	}
}

// TestSetLarge: more patterns and terms than Match keeps on its stack, and more JSON
// patterns than one walk serves.
func TestSetLarge(t *testing.T) {
	var srcs []string
	for i := range 200 {
		switch i % 4 {
		case 0:
			srcs = append(srcs, fmt.Sprintf(`{ $.k%d = "v%d" || $.w[*].x%d = %d }`, i%13, i, i%5, i))
		case 1:
			srcs = append(srcs, fmt.Sprintf(`term%d -other%d`, i, i%7))
		case 2:
			srcs = append(srcs, fmt.Sprintf(`{ $.eventName = "Name%d" }`, i%17))
		default:
			srcs = append(srcs, fmt.Sprintf(`[a, b = %d*]`, i%10))
		}
	}
	ps := compileAll(t, srcs)
	s := filterpattern.NewSet(ps...)
	events := []string{`{"k3":"v3"}`, `{"w":[{"x1":1},{"x2":2}]}`, `{"eventName":"Name5"}`, `term1 term5 other1`,
		`a 12`, `a 5`, `{"k12":"v12","k12":"v25"}`, `{"k12":"v25"}`, `term101 other3`}
	hits := 0
	for _, ev := range events {
		hits += checkSet(t, s, ps, []byte(ev))
	}
	if hits == 0 {
		t.Fatal("nothing matched")
	}
}

// TestSetEventSize: each member keeps its own event size limit.
func TestSetEventSize(t *testing.T) {
	ps := []*filterpattern.Pattern{
		filterpattern.MustCompile(`x`, filterpattern.WithMaxEventSize(4)),
		filterpattern.MustCompile(`x`),
		filterpattern.MustCompile(`{ $.a = 1 }`, filterpattern.WithMaxEventSize(8)),
		filterpattern.MustCompile(`{ $.a = 1 }`, filterpattern.WithMaxEventSize(0)),
	}
	s := filterpattern.NewSet(ps...)
	for _, ev := range []string{`x`, `xxxxxx`, `{"a":1}`, `{"a": 1}`, `{"a":1,"x":"` + strings.Repeat("x", 300<<10) + `"}`} {
		checkSet(t, s, ps, []byte(ev))
	}
	limited := filterpattern.NewSet(ps[:3]...)
	if got := limited.Match([]byte(strings.Repeat("x", filterpattern.DefaultMaxEventSize+1)), nil); len(got) != 0 {
		t.Errorf("an event over every member's limit matched %v", got)
	}
}

func TestSetEmpty(t *testing.T) {
	s := filterpattern.NewSet()
	if s.Len() != 0 || len(s.Match([]byte(`{"a":1}`), nil)) != 0 {
		t.Fatal("an empty Set matched")
	}
}

// TestSetMatchDoesNotAllocate: 0 allocations per Match once dst has room, for the CIS Set
// and the mixed Set (pooled scratch is reused under AllocsPerRun; the race detector drops
// pooled items at random, so it is skipped there).
func TestSetMatchDoesNotAllocate(t *testing.T) {
	if israce.Enabled {
		t.Skip("sync.Pool drops items at random under the race detector")
	}
	events, err := cloudtrail.LoadAll()
	if err != nil {
		t.Fatal(err)
	}
	var large []string
	for i := range 150 {
		large = append(large, fmt.Sprintf(`{ $.eventName = "Name%d" } `, i), fmt.Sprintf(`t%d`, i))
	}
	for name, ps := range map[string][]*filterpattern.Pattern{
		"cis15": cisPatterns(t)[:15], "mixed": compileAll(t, mixed), "large": compileAll(t, large),
	} {
		s := filterpattern.NewSet(ps...)
		dst := make([]int, 0, s.Len())
		if a := testing.AllocsPerRun(2, func() {
			for _, ev := range events {
				dst = s.Match(ev, dst[:0])
			}
		}); a != 0 {
			t.Errorf("%s: %v allocations per pass over the corpus", name, a)
		}
	}
}

// TestSetConcurrentUse: one Set used by 8 goroutines at once (run with -race) gives the
// sequential answers.
func TestSetConcurrentUse(t *testing.T) {
	events, err := cloudtrail.LoadAll()
	if err != nil {
		t.Fatal(err)
	}
	events = events[:2000]
	for _, ev := range mixedEvents {
		events = append(events, []byte(ev))
	}
	ps := append(cisPatterns(t), compileAll(t, mixed)...)
	s := filterpattern.NewSet(ps...)
	want := make([][]int, len(events))
	for i, ev := range events {
		want[i] = s.Match(ev, nil)
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			dst := make([]int, 0, len(ps))
			for k := range 2 * len(events) {
				i := (k*7 + g*31) % len(events)
				if dst = s.Match(events[i], dst[:0]); !slices.Equal(dst, want[i]) {
					t.Errorf("goroutine %d on %.100q: %v, sequentially %v", g, events[i], dst, want[i])
					return
				}
			}
		}()
	}
	wg.Wait()
}

// FuzzSet: a Set of the patterns on the input's lines gives, on the event, exactly the
// answers of their own Match calls. copies repeats the patterns to cross the Set's
// internal boundaries (64 patterns a walk, 128 kept on the stack).
func FuzzSet(f *testing.F) {
	f.Add(strings.Join(mixed, "\n"), []byte(`{"eventName":"ConsoleLogin","code":500}`), uint8(1))
	f.Add("{ $.eventName = \"A\" || $.x = 1 }\nA -B", []byte(`{"eventName":"A","eventName":"B"}`), uint8(70))
	f.Fuzz(func(t *testing.T, patterns string, event []byte, copies uint8) {
		var ps []*filterpattern.Pattern
		for _, src := range strings.Split(patterns, "\n") {
			if p, err := filterpattern.Compile(src); err == nil {
				ps = append(ps, p)
			}
		}
		if len(ps) == 0 || len(ps) > 64 {
			return
		}
		for len(ps)*2 <= int(copies%160) {
			ps = append(ps, ps...)
		}
		s := filterpattern.NewSet(ps...)
		want := separately(ps, event)
		if got := s.Match(event, nil); !slices.Equal(got, want) {
			t.Fatalf("patterns %q on %q: Set %v, separate %v", patterns, event, got, want)
		}
		if bytes.IndexByte(event, '\\') < 0 {
			return
		}
		// The same event with its escapes resolved where that is still JSON, so that the
		// shared searches see both spellings.
		var v any
		if json.Unmarshal(event, &v) == nil {
			if plain, err := json.Marshal(v); err == nil {
				if got, want := s.Match(plain, nil), separately(ps, plain); !slices.Equal(got, want) {
					t.Fatalf("patterns %q on %q: Set %v, separate %v", patterns, plain, got, want)
				}
			}
		}
	})
}

// TestSetMatchAll: MatchAll hands back, in order and for any number of workers, what Match
// answers event by event, and stops at emit's first error.
func TestSetMatchAll(t *testing.T) {
	events, err := cloudtrail.LoadAll()
	if err != nil {
		t.Fatal(err)
	}
	s := filterpattern.NewSet(cisPatterns(t)...)
	want := make([][]int, len(events))
	for i, ev := range events {
		want[i] = s.Match(ev, nil)
	}
	for _, workers := range []int{1, 2, 0} {
		next := 0
		err := s.MatchAll(events, workers, func(i int, matched []int) error {
			if i != next {
				t.Fatalf("workers=%d: event %d emitted, want %d", workers, i, next)
			}
			next++
			if !slices.Equal(matched, want[i]) {
				t.Errorf("workers=%d event %d: %v, want %v", workers, i, matched, want[i])
			}
			return nil
		})
		if err != nil || next != len(events) {
			t.Fatalf("workers=%d: %v after %d of %d events", workers, err, next, len(events))
		}
	}
	stop := errors.New("stop")
	n := 0
	err = s.MatchAll(events, 2, func(i int, _ []int) error {
		if n++; i == 1000 {
			return stop
		}
		return nil
	})
	if err != stop || n != 1001 {
		t.Errorf("emit's error: got %v after %d events, want %v after 1001", err, n, stop)
	}
}
