package jsonmatch

import (
	"strings"
	"testing"
)

// checkFused: the fused guard pass rules out exactly what the key-by-key searches rule out
// (its slow twin, plan.alive) and reads the spelling spellingOf reads.
func checkFused(t *testing.T, p *plan, event []byte) {
	t.Helper()
	var known, present [inlineLits / 64]uint64
	w := p.litWords()
	wantSp := spellingOf(event)
	want := p.alive(event, wantSp, known[:w], present[:w])
	clear(known[:])
	clear(present[:])
	got, sp := p.aliveFused(event, known[:w], present[:w])
	if got != want || sp != wantSp {
		t.Fatalf("fused: alive %b, spelling %d; key by key: %b, %d\nevent %.300q", got, sp, want, wantSp, event)
	}
}

// fusedCISPlan is the plan of the 15 CIS patterns, which has three key guards.
func fusedCISPlan(t testing.TB) *plan {
	s, _ := cisSet(t, 15)
	p := &s.groups[0].plan
	if p.fused == nil || len(p.fused.guards) < 3 {
		t.Fatalf("the CIS plan's guards are not fused: %+v", p.fused)
	}
	return p
}

// fusedEdgeEvents: escapes at the ends of 64-byte blocks, of 1 KiB chunks and of the event,
// keys cut short, anchors before any quote could open a key.
func fusedEdgeEvents() []string {
	events := []string{
		`{"eventName":"ConsoleLogin"}`, `N`, `"eventName"`, `"eventName":`, `\`, `\u`, `\\u`,
		`{"eventName":"CreateUser","p":"{\"Version\":\"2012\"}"}`,
		`{"p":"\\\\u0041","errorCode":"AccessDenied"}`,
		`{"userIdentity":{"type":"Root"},"eventType":"AwsApiCall"}`,
		`{"errorCode":"x\"y","eventName":"ConsoleLogin"}`,
	}
	for pad := 50; pad < 70; pad++ {
		p := strings.Repeat(" ", pad)
		events = append(events,
			`{`+p+`"eventName":"ConsoleLogin","s":"\u0041"}`,
			`{`+p+`"s":"\\","errorCode":"AccessDenied"}`,
			`{"a":"`+p+`\`,
			`{`+p+`"eventNa`,
		)
	}
	// The same across the 1 KiB chunks of the pass: a backslash at index 1023 escapes the next chunk's
	// first byte.
	for pad := 1005; pad < 1025; pad++ {
		p := strings.Repeat("a", pad)
		events = append(events,
			`{"a":"`+p+`\\u0041","eventName":"ConsoleLogin"}`,
			`{"a":"`+p+`\u0041","eventName":"ConsoleLogin"}`,
			`{"a":"`+p+`","eventName":"ConsoleLogin"}`,
		)
	}
	return events
}

func TestFusedGuards(t *testing.T) {
	p := fusedCISPlan(t)
	for _, c := range loadCorpora(t) {
		for _, ev := range c.events {
			checkFused(t, p, ev)
		}
	}
	for _, ev := range fusedEdgeEvents() {
		checkFused(t, p, []byte(ev))
	}
}

// A plan whose guards anchor on more bytes than one pass marks keeps searching key by key.
func TestFusedGuardsTooManyAnchors(t *testing.T) {
	var pats []string
	for _, k := range []string{"Q", "X", "Z", "J", "K", "V", "W", "Y"} {
		pats = append(pats, `{ $.`+k+` = "v" }`)
	}
	ms := compileEach(t, pats)
	s, err := CompileSet(ms)
	if err != nil {
		t.Fatal(err)
	}
	if f := s.groups[0].plan.fused; f != nil {
		t.Fatalf("8 anchors and the backslash fused: %d guards", len(f.guards))
	}
	checkSet(t, s, ms, []byte(`{"Q":"v","Y":"w"}`))
	s, _ = CompileSet(ms[:7])
	if f := s.groups[0].plan.fused; f == nil || len(f.guards) != 7 {
		t.Fatalf("7 anchors and the backslash not fused: %+v", f)
	}
}

func FuzzFusedGuards(f *testing.F) {
	for _, ev := range fusedEdgeEvents() {
		f.Add([]byte(ev))
	}
	for _, ev := range loadCorpora(f)[0].events[:20] {
		f.Add(ev)
	}
	p := fusedCISPlan(f)
	f.Fuzz(func(t *testing.T, event []byte) { checkFused(t, p, event) })
}
