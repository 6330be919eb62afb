package metricfilter

import (
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/cwfilter/cwfilter/filterpattern"
	"github.com/cwfilter/cwfilter/metric"
)

// LogEvent is one log event as CloudWatch Logs receives it.
type LogEvent struct {
	Timestamp time.Time
	Message   string
}

// Datum is one data point a metric filter publishes.
type Datum struct {
	Namespace, MetricName string
	Dimensions            map[string]string // nil when none
	Value                 float64
	Unit                  string    // a StandardUnit; "None" when the transformation sets none
	Timestamp             time.Time // the event's timestamp truncated to the UTC minute
}

// Filter is a compiled metric filter. It is immutable and safe for concurrent use.
type Filter struct {
	name    string
	pattern *filterpattern.Pattern
	regex   bool // the pattern contains a regular expression (log-group quota, §7.7)

	namespace, metric, unit string
	literal                 float64
	hasValueRef             bool // refs[0] is the metric value
	defaultValue            float64
	hasDefault              bool
	refs                    []filterpattern.Ref // the value ref (if any), then the dimension refs
	dimNames                []string            // ordinary dimension names, aligned with the tail of refs
	system                  [][2]string         // system-field dimensions: name, value

	scratch sync.Pool // *[]filterpattern.RefValue, so Apply allocates nothing when warm
}

// New validates cfg as PutMetricFilter does and compiles it. Errors are a *ValidationError
// (request constraints, metric value, dimensions) or the pattern's *filterpattern.SyntaxError.
// Checks run in this order: request constraints (names, lengths, unit, one transformation),
// the pattern, the metric value (§7.2), then dimensions (DM1, DM4, DM3, DM2, DM5).
func New(cfg Config) (*Filter, error) {
	if err := checkRequest(&cfg); err != nil {
		return nil, err
	}
	p, err := filterpattern.Compile(cfg.FilterPattern)
	if err != nil {
		return nil, err
	}
	t := cfg.MetricTransformations[0]
	f := &Filter{
		name: cfg.FilterName, pattern: p, regex: containsRegex(p),
		namespace: t.MetricNamespace, metric: t.MetricName, unit: t.Unit,
	}
	if f.unit == "" {
		f.unit = "None"
	}
	lit, ref, isRef, verr := compileValue(p, t.MetricValue)
	if verr != nil {
		return nil, verr
	}
	f.literal, f.hasValueRef = lit, isRef
	if isRef {
		f.refs = append(f.refs, ref)
	}
	if t.DefaultValue != nil {
		if !finite(*t.DefaultValue) {
			return nil, invalid("metricTransformations.1.member.defaultValue", "Invalid metric transformation: default value must be a finite number")
		}
		f.defaultValue, f.hasDefault = *t.DefaultValue, true
	}
	if err := f.compileDimensions(&cfg, t); err != nil {
		return nil, err
	}
	f.scratch.New = func() any {
		s := make([]filterpattern.RefValue, len(f.refs))
		return &s
	}
	return f, nil
}

func (f *Filter) compileDimensions(cfg *Config, t Transformation) *ValidationError {
	const field = "metricTransformations.1.member.dimensions"
	kind := f.pattern.Kind()
	if len(t.Dimensions) > 0 && kind != filterpattern.JSON && kind != filterpattern.SpaceDelimited {
		return dimensionError(field, "The specified filter pattern does not support dimensions")
	}
	system := slices.Compact(slices.Sorted(slices.Values(cfg.EmitSystemFieldDimensions)))
	if len(t.Dimensions)+len(system) > 3 {
		return dimensionError(field, "a metric filter can have at most 3 dimensions")
	}
	names := slices.Sorted(maps.Keys(t.Dimensions))
	for _, k := range names {
		if !metric.ValidDimensionName(k) {
			return constraint(field, k, "Map keys must have 1 to 255 ASCII characters, at least one of them not whitespace, and must not start with ':'")
		}
		r, err := f.pattern.Ref(t.Dimensions[k])
		if err != nil {
			return dimensionError(field, "dimension value "+t.Dimensions[k]+" must be a field reference")
		}
		f.refs = append(f.refs, r)
		f.dimNames = append(f.dimNames, k)
	}
	if len(names) > 0 && f.hasDefault {
		return dimensionError(field, "dimensions and default value are mutually exclusive properties")
	}
	for _, s := range system {
		v := cfg.AccountID
		if s == SystemFieldRegion {
			v = cfg.Region
		}
		if v == "" {
			return invalid("emitSystemFieldDimensions", "no value configured for system field "+s)
		}
		f.system = append(f.system, [2]string{s, v})
	}
	return nil
}

// Name returns the filter's name (may be empty).
func (f *Filter) Name() string { return f.name }

// Pattern returns the compiled filter pattern.
func (f *Filter) Pattern() *filterpattern.Pattern { return f.pattern }

// Apply returns the data points ev publishes: none or one (§7.3).
func (f *Filter) Apply(ev LogEvent) []Datum { return f.AppendApply(nil, ev) }

// AppendApply appends the data points ev publishes to dst. It allocates nothing beyond
// growing dst unless the datum carries dimensions (their map).
func (f *Filter) AppendApply(dst []Datum, ev LogEvent) []Datum {
	if oversized(ev) {
		return dst
	}
	if len(f.refs) == 0 {
		return f.appendMatched(dst, ev, f.pattern.MatchString(ev.Message))
	}
	sp := f.scratch.Get().(*[]filterpattern.RefValue)
	defer f.scratch.Put(sp)
	vals := *sp
	if !f.pattern.MatchRefsString(ev.Message, f.refs, vals) {
		return f.appendDefault(dst, ev)
	}
	x := f.literal
	dimVals := vals
	if f.hasValueRef {
		var r resolution
		x, r = metricNumber(&vals[0])
		switch r {
		case absent:
			return f.appendDefault(dst, ev)
		case other:
			return dst
		}
		dimVals = vals[1:]
	}
	return append(dst, f.datum(ev, x, f.dimensions(dimVals)))
}

// oversized reports whether ev is larger than any event CloudWatch Logs ingests (D-59): no
// filter ever sees it, so it publishes nothing, not even a DefaultValue.
func oversized(ev LogEvent) bool { return len(ev.Message) > filterpattern.DefaultMaxEventSize }

// appendMatched publishes for a filter without references, once matching is known.
func (f *Filter) appendMatched(dst []Datum, ev LogEvent, matched bool) []Datum {
	if matched {
		return append(dst, f.datum(ev, f.literal, f.systemDimensions()))
	}
	return f.appendDefault(dst, ev)
}

// appendDefault publishes DefaultValue, always without dimensions (§7.3).
func (f *Filter) appendDefault(dst []Datum, ev LogEvent) []Datum {
	if !f.hasDefault {
		return dst
	}
	return append(dst, f.datum(ev, f.defaultValue, nil))
}

func (f *Filter) datum(ev LogEvent, v float64, dims map[string]string) Datum {
	return Datum{
		Namespace: f.namespace, MetricName: f.metric, Dimensions: dims, Value: v, Unit: f.unit,
		Timestamp: ev.Timestamp.UTC().Truncate(time.Minute),
	}
}

// dimensions resolves the ordinary dimensions (DM6); if any is unresolved the datum is
// dimensionless, system dimensions included (DM7).
func (f *Filter) dimensions(vals []filterpattern.RefValue) map[string]string {
	if len(f.dimNames) == 0 {
		return f.systemDimensions()
	}
	for i := range vals {
		if !dimensionResolved(&vals[i]) {
			return nil
		}
	}
	m := make(map[string]string, len(vals)+len(f.system))
	for i, name := range f.dimNames {
		m[name] = dimensionText(&vals[i])
	}
	for _, s := range f.system {
		m[s[0]] = s[1]
	}
	return m
}

func (f *Filter) systemDimensions() map[string]string {
	if len(f.system) == 0 {
		return nil
	}
	m := make(map[string]string, len(f.system))
	for _, s := range f.system {
		m[s[0]] = s[1]
	}
	return m
}
