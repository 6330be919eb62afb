package filterpattern

import (
	"io"

	"github.com/cwfilter/cwfilter/internal/parallel"
)

// MatchLines reads r line by line (JSON Lines or text logs, one event per line) and calls emit
// for every line, in input order, with the indexes of the patterns it matches, as Match
// returns them.
//
// Lines are split at '\n' and a trailing '\r' is removed; the last line may lack its '\n';
// empty lines are emitted too. Lines are matched in batches on workers goroutines (workers <= 0
// means runtime.GOMAXPROCS(0); 1 matches on the calling goroutine), while emit is always called
// on the calling goroutine, one line at a time. line and matched are valid only during the
// call: copy them to keep them. Memory stays bounded whatever the size of r, and the steady
// state allocates nothing per line.
//
// The first error emit returns stops reading and is returned. A read error is returned after
// the lines read before it have been emitted.
func (s *Set) MatchLines(r io.Reader, workers int, emit func(line []byte, matched []int) error) error {
	return parallel.Lines(r, workers, parallel.DefaultBatchSize, s.Match, emit)
}

// eventsPerBatch is how many in-memory events a worker matches at a time: about a millisecond
// of work for CloudTrail records, so handing batches between goroutines costs nothing.
const eventsPerBatch = 256

// MatchAll matches events already in memory on workers goroutines (as MatchLines does; workers
// <= 0 means runtime.GOMAXPROCS(0)) and calls emit for i = 0, 1, …, len(events)-1 in order, on
// the calling goroutine, with the indexes of the patterns events[i] matches. matched is valid
// only during the call. The first error emit returns stops the work and is returned.
func (s *Set) MatchAll(events [][]byte, workers int, emit func(i int, matched []int) error) error {
	return parallel.Items(len(events), workers, eventsPerBatch,
		func(i int, dst []int) []int { return s.Match(events[i], dst) }, emit)
}
