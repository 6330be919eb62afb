package metricfilter

import (
	"strconv"

	"github.com/cwfilter/cwfilter/filterpattern"
)

// Log-group quotas (SPEC §7.7).
const (
	MaxFiltersPerGroup      = 100
	MaxRegexFiltersPerGroup = 5
)

// Group is the metric filters of one log group, applied together to each event. It is
// immutable and safe for concurrent use.
type Group struct {
	filters []*Filter
	// plain are the filters whose output depends only on whether their pattern matches
	// (no value or dimension references); set matches all their patterns in one step.
	plain []int
	set   patternSet
	refs  []int // the other filters: they read values, so they match and locate together
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
			g.plain = append(g.plain, i)
			g.set.patterns = append(g.set.patterns, f.pattern)
		} else {
			g.refs = append(g.refs, i)
		}
	}
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
	var matched [MaxFiltersPerGroup]bool
	g.set.matchString(ev.Message, matched[:len(g.plain)])
	for k, i := range g.plain {
		dst = g.filters[i].appendMatched(dst, ev, matched[k])
	}
	for _, i := range g.refs {
		dst = g.filters[i].AppendApply(dst, ev)
	}
	return dst
}

// patternSet matches one event against many patterns. It loops today; a multi-pattern
// filterpattern.Set (one pass over the event for all patterns) can replace it here without
// changing Group's API.
type patternSet struct {
	patterns []*filterpattern.Pattern
}

func (s *patternSet) matchString(event string, matched []bool) {
	for i, p := range s.patterns {
		matched[i] = p.MatchString(event)
	}
}
