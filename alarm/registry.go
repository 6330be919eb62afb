package alarm

import (
	"sync"
	"time"
)

// Registry holds metric alarms and composite alarms by name and re-evaluates composites
// whenever one of their children changes state (§9.8 CA4). It is safe for concurrent use.
type Registry struct {
	mu         sync.Mutex
	alarms     map[string]*Alarm
	names      []string // metric alarms in registration order, for a stable evaluation order
	composites map[string]*Composite
	order      []*Composite // dependency order: children before parents
	states     map[string]ChildState
	clock      func() time.Time // WithClock: dates composites; nil: their first evaluation (D-89)
}

// Transition is one state change reported by the registry.
type Transition struct {
	Name      string
	Composite bool
	Evaluation
}

// NewRegistry returns an empty registry. WithClock dates the composites it creates.
func NewRegistry(opts ...Option) *Registry {
	return &Registry{alarms: map[string]*Alarm{}, composites: map[string]*Composite{}, states: map[string]ChildState{},
		clock: applyOptions(opts).clock}
}

// Add registers a metric alarm. Names are unique across metric and composite alarms.
func (r *Registry) Add(a *Alarm) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	name := a.Name()
	if r.alarms[name] != nil || r.composites[name] != nil {
		return invalid("Name", "an alarm named %q already exists", name)
	}
	r.alarms[name] = a
	r.names = append(r.names, name)
	st := a.Status()
	r.states[name] = ChildState{name, st.State, st.StateTransitionedTimestamp}
	return nil
}

// Alarm returns the metric alarm of that name, or nil.
func (r *Registry) Alarm(name string) *Alarm {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.alarms[name]
}

// Composite returns the composite alarm of that name, or nil.
func (r *Registry) Composite(name string) *Composite {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.composites[name]
}

// State returns the state of any alarm in the registry.
func (r *Registry) State(name string) (State, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	s, ok := r.states[name]
	return s.State, ok
}

// PutComposite creates or replaces a composite alarm. Every alarm the rule names must exist;
// more than 100 children and cycles between composites are rejected (CA5, D-53). Replacing
// keeps the state (ST6). The composite is evaluated at the next Evaluate (or child change).
func (r *Registry) PutComposite(cfg CompositeConfig) (*Composite, error) {
	c, err := newComposite(cfg, r.clock)
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.alarms[cfg.Name] != nil {
		return nil, invalid("Name", "a metric alarm named %q already exists", cfg.Name)
	}
	for _, child := range c.rule.children {
		if r.alarms[child] == nil && r.composites[child] == nil && child != cfg.Name {
			return nil, invalid("AlarmRule", "AlarmRule references unknown alarm %q", child)
		}
		if r.reaches(child, cfg.Name) {
			return nil, invalid("AlarmRule", "AlarmRule of %q creates a cycle through %q", cfg.Name, child)
		}
	}
	if old := r.composites[cfg.Name]; old != nil {
		old.mu.Lock()
		c.state, c.reason, c.transitioned = old.state, old.reason, old.transitioned
		c.triggering = old.triggering
		old.mu.Unlock()
	}
	r.composites[cfg.Name] = c
	if _, ok := r.states[cfg.Name]; !ok {
		r.states[cfg.Name] = ChildState{cfg.Name, c.state, c.transitioned}
	}
	r.order = r.dependencyOrder()
	return c, nil
}

// reaches reports whether from is target or depends on it through composite rules.
func (r *Registry) reaches(from, target string) bool {
	seen := map[string]bool{}
	var walk func(string) bool
	walk = func(name string) bool {
		if name == target {
			return true
		}
		if seen[name] {
			return false
		}
		seen[name] = true
		c := r.composites[name]
		if c == nil {
			return false
		}
		for _, ch := range c.rule.children {
			if walk(ch) {
				return true
			}
		}
		return false
	}
	return walk(from)
}

// dependencyOrder lists composites so that every composite follows the composites it reads.
func (r *Registry) dependencyOrder() []*Composite {
	var order []*Composite
	done := map[string]bool{}
	var visit func(c *Composite)
	visit = func(c *Composite) {
		if done[c.cfg.Name] {
			return
		}
		done[c.cfg.Name] = true
		for _, ch := range c.rule.children {
			if dep := r.composites[ch]; dep != nil {
				visit(dep)
			}
		}
		order = append(order, c)
	}
	for _, c := range r.order {
		visit(c)
	}
	for _, c := range r.composites {
		visit(c)
	}
	return order
}

// Evaluate evaluates every metric alarm at now from src, then every composite that has not
// been evaluated yet or whose children changed, and returns the transitions in that order.
// Action sinks run during the call and must not call back into the Registry.
func (r *Registry) Evaluate(now time.Time, src Source) []Transition {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []Transition
	for _, name := range r.names {
		if ev := r.alarms[name].Evaluate(now, src); ev.Changed {
			out = append(out, Transition{Name: name, Evaluation: ev})
		}
	}
	return r.propagate(out, now)
}

// SetAlarmState sets a metric alarm's state (ST5) and re-evaluates dependent composites.
func (r *Registry) SetAlarmState(name string, s State, reason string, at time.Time) ([]Transition, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	a := r.alarms[name]
	if a == nil {
		return nil, invalid("AlarmName", "no metric alarm named %q", name)
	}
	ev, err := a.SetAlarmState(s, reason, at)
	if err != nil || !ev.Changed {
		return nil, err
	}
	return r.propagate([]Transition{{Name: name, Evaluation: ev}}, at), nil
}

// propagate records the metric-alarm transitions and re-evaluates the composites they affect,
// children first, so a composite change cascades to its parents in the same call.
func (r *Registry) propagate(changes []Transition, at time.Time) []Transition {
	changed := map[string]bool{}
	for _, t := range changes {
		changed[t.Name] = true
		r.states[t.Name] = ChildState{t.Name, t.State, t.Timestamp}
	}
	for _, c := range r.order {
		c.mu.Lock()
		due := !c.evaluated
		c.mu.Unlock()
		for _, ch := range c.rule.children {
			due = due || changed[ch]
		}
		if !due {
			continue
		}
		if ev := c.evaluate(r.states, at); ev.Changed {
			changed[c.cfg.Name] = true
			r.states[c.cfg.Name] = ChildState{c.cfg.Name, ev.State, at}
			changes = append(changes, Transition{Name: c.cfg.Name, Composite: true, Evaluation: ev})
		}
	}
	return changes
}
