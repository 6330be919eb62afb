package metricfilter

import (
	"strconv"

	"github.com/cwfilter/cwfilter/filterpattern"
	"github.com/cwfilter/cwfilter/internal/parallel"
)

// Log-group quotas (§7.7).
const (
	MaxFiltersPerGroup      = 100
	MaxRegexFiltersPerGroup = 5
)

// Group is the metric filters of one log group, applied together to each event. It is
// immutable and safe for concurrent use.
type Group struct {
	filters []*Filter
	set     *filterpattern.Set // every filter's pattern: one pass per event decides them all
	// order is the output order: filters without value or dimension references (their
	// output depends only on whether their pattern matches), then the others.
	order []int
}

// NewGroup checks the log-group quotas and builds a group. Errors are a *ValidationError:
// more than 100 filters or a 6th filter with a regular expression (LimitExceededException,
// texts D-34 and ours), or two filters with the same non-empty name (ours).
func NewGroup(filters ...*Filter) (*Group, error) {
	if len(filters) > MaxFiltersPerGroup {
		return nil, &ValidationError{Code: CodeLimitExceeded, Field: "filters",
			Msg: "Resource limit exceeded. Maximum of " + strconv.Itoa(MaxFiltersPerGroup) + " metric filters per log group."}
	}
	g := &Group{filters: filters}
	var patterns []*filterpattern.Pattern
	names := map[string]bool{}
	regexes := 0
	for i, f := range filters {
		if f.regex {
			if regexes++; regexes > MaxRegexFiltersPerGroup {
				return nil, &ValidationError{Code: CodeLimitExceeded, Field: "filterPattern",
					Msg: "Resource limit exceeded. Maximum of 5 filter patterns containing regular expressions per log group."}
			}
		}
		if f.name != "" {
			if names[f.name] {
				return nil, invalid("filterName", "filter name "+f.name+" is used by more than one filter of the group")
			}
			names[f.name] = true
		}
		if len(f.refs) == 0 {
			g.order = append(g.order, i)
		}
		patterns = append(patterns, f.pattern)
	}
	for i, f := range filters {
		if len(f.refs) > 0 {
			g.order = append(g.order, i)
		}
	}
	g.set = filterpattern.NewSet(patterns...)
	return g, nil
}

// Filters returns the group's filters in the order given to NewGroup.
func (g *Group) Filters() []*Filter { return g.filters }

// Apply returns the data points ev publishes through every filter of the group.
func (g *Group) Apply(ev LogEvent) []Datum { return g.AppendApply(nil, ev) }

// AppendApply appends the data points ev publishes to dst: filters without value or
// dimension references first, then the others, each group in NewGroup order. It allocates
// nothing beyond growing dst unless a datum carries dimensions.
func (g *Group) AppendApply(dst []Datum, ev LogEvent) []Datum {
	if oversized(ev) {
		return dst
	}
	var buf [MaxFiltersPerGroup]int
	var matched [(MaxFiltersPerGroup + 63) / 64]uint64
	for _, i := range g.set.MatchString(ev.Message, buf[:0]) {
		matched[i>>6] |= 1 << (i & 63)
	}
	for _, i := range g.order {
		f := g.filters[i]
		switch {
		case matched[i>>6]&(1<<(i&63)) == 0:
			dst = f.appendDefault(dst, ev) // nothing unless the filter has a default value
		case len(f.refs) == 0:
			dst = f.appendMatched(dst, ev, true)
		default:
			dst = f.AppendApply(dst, ev) // matches again, locating the values
		}
	}
	return dst
}

// eventsPerBatch is how many events a worker applies at a time in ApplyAll: about a
// millisecond of work for CloudTrail records, so handing batches between goroutines costs
// nothing next to it.
const eventsPerBatch = 256

// ApplyAll applies the group to events already in memory on workers goroutines (workers <= 0
// means runtime.GOMAXPROCS(0); 1 applies them on the calling goroutine) and calls emit for
// i = 0, 1, …, len(events)-1 in order, on the calling goroutine, with the data points
// events[i] publishes, as AppendApply returns them. data is valid only during the call.
// The first error emit returns stops the work and is returned. Memory stays bounded: a fixed
// number of batches is in flight, whatever len(events) is.
func (g *Group) ApplyAll(events []LogEvent, workers int, emit func(i int, data []Datum) error) error {
	return parallel.Items(len(events), workers, eventsPerBatch,
		func(i int, dst []Datum) []Datum { return g.AppendApply(dst, events[i]) }, emit)
}
