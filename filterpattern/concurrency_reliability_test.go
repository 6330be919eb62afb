package filterpattern_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/cwfilter/cwfilter/filterpattern"
)

// One compiled Pattern of each kind, used by 8 goroutines at once (run with -race): Match,
// MatchString, Extract, AppendExtract and MatchRefs give exactly the answers a sequential
// run gave for the same events.
func TestPatternConcurrentUse(t *testing.T) {
	patterns := map[string][]string{ // pattern -> refs for MatchRefs
		"":                         nil,
		`ERROR -DEBUG "disk full"`: nil,
		`?ERROR ?WARN`:             nil,
		`%ERR[0-9]{2,4}x%`:         nil,
		`{ ($.level = "ERROR" || $.code >= 500) && $.user NOT EXISTS && $.tags[*] = "a*" }`: {"$.code", "$.level", "$.tags[0]"},
		`{ $.msg = %ERR[0-9]+% || $.a.b IS NULL }`:                                          {"$.a.b", "$.msg"},
		`[ip, user, ..., status = 5* || status = 404, size > 100]`:                          {"$status", "$size", "$1", "$user"},
		`[lvl = ERROR, rest]`: {"$rest", "$lvl"},
	}
	r := rand.New(rand.NewPCG(1, 2))
	var events []string
	for range 400 {
		switch r.IntN(3) {
		case 0:
			events = append(events, fmt.Sprintf(`{"level":%q,"code":%d,"tags":["%s"],"msg":"ERR%d","a":{"b":%s}}`,
				[]string{"ERROR", "INFO"}[r.IntN(2)], 400+r.IntN(200), []string{"ab", "ba", ""}[r.IntN(3)], r.IntN(99999),
				[]string{"null", "1", `"x"`}[r.IntN(3)]))
		case 1:
			events = append(events, fmt.Sprintf(`10.0.0.%d %s GET "/x y" [%d] %d %d`, r.IntN(9), []string{"bob", "-"}[r.IntN(2)],
				r.IntN(9), []int{200, 404, 500, 503}[r.IntN(4)], r.IntN(300)))
		default:
			var words []string
			for _, w := range []string{"ERROR", "WARN", "DEBUG", "disk", "full", "ERR123x", "x"} {
				if r.IntN(3) > 0 {
					words = append(words, w)
				}
			}
			events = append(events, strings.Join(words, " "))
		}
	}
	for pattern, refNames := range patterns {
		p := filterpattern.MustCompile(pattern)
		var refs []filterpattern.Ref
		for _, n := range refNames {
			ref, err := p.Ref(n)
			if err != nil {
				t.Fatalf("%s: Ref(%s): %v", pattern, n, err)
			}
			refs = append(refs, ref)
		}
		answer := func(ev string, buf filterpattern.Fields, out []filterpattern.RefValue) string {
			m := p.MatchString(ev)
			f, ok := p.AppendExtract(buf[:0], []byte(ev))
			var b strings.Builder
			fmt.Fprintf(&b, "%v %v %v", m, p.Match([]byte(ev)), ok)
			for _, x := range f {
				fmt.Fprintf(&b, " %s=%q", x.Key, x.Value)
			}
			if p.MatchRefsString(ev, refs, out) {
				for _, v := range out[:len(refs)] {
					fmt.Fprintf(&b, " %v:%q", v.Kind, v.Text)
				}
			}
			return b.String()
		}
		want := make([]string, len(events))
		matches := 0
		for i, ev := range events {
			want[i] = answer(ev, nil, make([]filterpattern.RefValue, len(refs)))
			if strings.HasPrefix(want[i], "true") {
				matches++
			}
		}
		if matches == 0 || (pattern != "" && matches == len(events)) {
			t.Fatalf("%q matches %d of %d events: a useless test", pattern, matches, len(events))
		}
		var wg sync.WaitGroup
		for g := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var buf filterpattern.Fields
				out := make([]filterpattern.RefValue, len(refs))
				for k := range 3 * len(events) {
					i := (k*7 + g*31) % len(events)
					if got := answer(events[i], buf, out); got != want[i] {
						t.Errorf("%q goroutine %d on %q:\n got %s\nwant %s", pattern, g, events[i], got, want[i])
						return
					}
				}
			}()
		}
		wg.Wait()
	}
}
