package metricfilter

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"
)

func relEvents(n int) []LogEvent {
	r := rand.New(rand.NewPCG(5, 6))
	var out []LogEvent
	for i := range n {
		ts := t0.Add(time.Duration(r.IntN(30*60)) * time.Second)
		if r.IntN(2) == 0 {
			out = append(out, LogEvent{Timestamp: ts, Message: fmt.Sprintf(`{"kind":%q,"ms":%d,"op":"o%d"}`, []string{"req", "job"}[r.IntN(2)], r.IntN(500), r.IntN(4))})
		} else {
			out = append(out, LogEvent{Timestamp: ts, Message: fmt.Sprintf("%s op%d %d event%d", []string{"ERROR", "INFO"}[r.IntN(2)], r.IntN(3), r.IntN(100), i)})
		}
	}
	return out
}

// One Filter and one Group shared by 8 goroutines (run with -race): every Apply returns
// what the sequential run returned for that event.
func TestFilterAndGroupConcurrentUse(t *testing.T) {
	filters := []*Filter{
		mustFilter(t, "json", `{ $.kind = "req" }`, "$.ms", map[string]string{"Op": "$.op"}),
		mustFilter(t, "delim", `[lvl = ERROR, op, ms]`, "$ms", map[string]string{"Op": "$op"}),
		mustFilter(t, "terms", `ERROR`, "1", nil),
	}
	g, err := NewGroup(filters...)
	if err != nil {
		t.Fatal(err)
	}
	events := relEvents(600)
	apply := func(ev LogEvent) string {
		var s string
		for _, f := range filters {
			s += fmt.Sprint(f.Apply(ev))
		}
		return s + "|" + fmt.Sprint(g.Apply(ev))
	}
	want := make([]string, len(events))
	for i, ev := range events {
		want[i] = apply(ev)
	}
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range 2 * len(events) {
				i := (k*13 + w*101) % len(events)
				if got := apply(events[i]); got != want[i] {
					t.Errorf("goroutine %d event %d: got %s, want %s", w, i, got, want[i])
					return
				}
			}
		}()
	}
	wg.Wait()
}
