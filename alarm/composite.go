package alarm

import (
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cwfilter/cwfilter/internal/alarmrule"
)

// CompositeConfig defines a composite alarm (§9.8), like PutCompositeAlarm.
type CompositeConfig struct {
	Name                    string
	Description             string
	AlarmRule               string
	ActionsEnabled          *bool // nil means true
	AlarmActions            []string
	OKActions               []string
	InsufficientDataActions []string
	Sink                    ActionSink
}

// ChildState is a child alarm's state as seen by a composite evaluation.
type ChildState struct {
	Name                       string
	State                      State
	StateTransitionedTimestamp time.Time
}

// Composite is a composite alarm. It is created and evaluated through a Registry, which
// knows its children. ALARM when the rule is true, else OK; INSUFFICIENT_DATA only until the
// first evaluation (CA4).
type Composite struct {
	mu           sync.Mutex
	cfg          CompositeConfig
	rule         *Rule
	actions      bool
	state        State
	reason       string
	triggering   []ChildState // StateReasonData: the children that made the rule's atoms true
	transitioned time.Time
	evaluated    bool
}

// newComposite creates a composite dated by clock (nil: by its first evaluation, D-89).
func newComposite(cfg CompositeConfig, clock func() time.Time) (*Composite, error) {
	if err := checkName("Name", cfg.Name); err != nil {
		return nil, err
	}
	rule, err := ParseRule(cfg.AlarmRule)
	if err != nil {
		return nil, err
	}
	if err := checkActions(&Config{AlarmActions: cfg.AlarmActions, OKActions: cfg.OKActions, InsufficientDataActions: cfg.InsufficientDataActions}); err != nil {
		return nil, err
	}
	cfg.AlarmActions = slices.Clone(cfg.AlarmActions)
	cfg.OKActions = slices.Clone(cfg.OKActions)
	cfg.InsufficientDataActions = slices.Clone(cfg.InsufficientDataActions)
	c := &Composite{
		cfg: cfg, rule: rule, actions: cfg.ActionsEnabled == nil || *cfg.ActionsEnabled,
		state: InsufficientData, reason: initialReason,
	}
	if clock != nil {
		c.transitioned = clock().UTC()
	}
	return c, nil
}

// Name returns the composite alarm's name.
func (c *Composite) Name() string { return c.cfg.Name }

// Rule returns the parsed AlarmRule.
func (c *Composite) Rule() *Rule { return c.rule }

// State returns the current state.
func (c *Composite) State() State {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.state
}

// Reason returns the current state reason and the triggering children (StateReasonData, CA6).
func (c *Composite) Reason() (string, []ChildState) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.reason, slices.Clone(c.triggering)
}

// evaluate applies the rule to the children's states (CA4) with ST3 transition semantics.
func (c *Composite) evaluate(children map[string]ChildState, at time.Time) Evaluation {
	lookup := func(name string) State { return children[name].State }
	newState := pick(c.rule.Eval(lookup))
	c.mu.Lock()
	c.evaluated = true
	prev := c.state
	if newState == prev {
		ev := Evaluation{State: prev, Reason: c.reason, Previous: prev, Timestamp: at}
		c.mu.Unlock()
		return ev
	}
	c.triggering = c.triggering[:0]
	for _, name := range c.rule.children {
		if child := children[name]; c.rule.parsed.TriggeredBy(name, string(child.State)) {
			c.triggering = append(c.triggering, child)
		}
	}
	c.reason = compositeReason(newState, c.triggering)
	c.state, c.transitioned = newState, at
	ev := Evaluation{State: newState, Reason: c.reason, Changed: true, Previous: prev, Timestamp: at}
	var fire pending
	if c.actions && c.cfg.Sink != nil {
		fire = pending{name: c.cfg.Name, sink: c.cfg.Sink, actions: actionsFor(&Config{AlarmActions: c.cfg.AlarmActions, OKActions: c.cfg.OKActions, InsufficientDataActions: c.cfg.InsufficientDataActions}, newState)}
	}
	c.mu.Unlock()
	fire.deliver(&ev)
	return ev
}

// compositeReason is our reason text (D-53), listing the children whose state satisfies an
// atom of the rule, e.g. "2 alarms triggered: cpu-high (ALARM), disk-full (ALARM)."
func compositeReason(s State, triggering []ChildState) string {
	var b strings.Builder
	if s != Alarming {
		b.WriteString("Alarm rule evaluated to FALSE")
	} else {
		b.WriteString("Alarm rule evaluated to TRUE")
	}
	if len(triggering) > 0 {
		b.WriteString(": ")
		b.WriteString(strconv.Itoa(len(triggering)))
		if len(triggering) == 1 {
			b.WriteString(" alarm triggered: ")
		} else {
			b.WriteString(" alarms triggered: ")
		}
		for i, t := range triggering {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(t.Name + " (" + string(t.State) + ")")
		}
	}
	b.WriteByte('.')
	return b.String()
}

// Rule is a parsed AlarmRule (§9.8 CA1–CA3).
type Rule struct {
	text     string
	parsed   *alarmrule.Rule
	children []string // distinct alarm names, first-mention order
}

// ParseRule parses an AlarmRule. Alarm ARNs are reduced to the alarm name. Errors are
// *ValidationError with Field "AlarmRule".
func ParseRule(text string) (*Rule, error) {
	parsed, err := alarmrule.Parse(text)
	if err != nil {
		return nil, invalid("AlarmRule", "%s", err)
	}
	return &Rule{text: text, parsed: parsed, children: parsed.Children()}, nil
}

// String returns the rule text.
func (r *Rule) String() string { return r.text }

// Children returns the distinct alarm names the rule references.
func (r *Rule) Children() []string { return slices.Clone(r.children) }

// Eval evaluates the rule with the children's current states.
func (r *Rule) Eval(state func(name string) State) bool {
	return r.parsed.Eval(func(name string) string { return string(state(name)) })
}
