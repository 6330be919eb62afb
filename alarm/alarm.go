package alarm

import (
	"maps"
	"slices"
	"sync"
	"time"
)

// Datapoint is the value of one period of an evaluation range.
type Datapoint struct {
	Timestamp time.Time // start of the period
	Value     float64
	Missing   bool // no data in this period
	// SampleCount is the number of samples behind Value. It only matters for low-sample
	// percentiles (§9.5); 0 means unknown and is never treated as low.
	SampleCount float64
}

// Evaluation is the result of one evaluation.
type Evaluation struct {
	State    State  // the state after the evaluation
	Reason   string // the alarm's state reason (refreshed only by transitions, D-44)
	Changed  bool   // a transition happened (actions fire only then)
	Previous State  // the state before the evaluation
	// Timestamp is the evaluation instant: the end of the newest period.
	Timestamp time.Time
	// Retained is true when §9.4/§9.5 decided RETAIN (keep the current state).
	Retained bool
	// LookBack is how many periods older than the newest N of the evaluation range this
	// evaluation's decision reached to find its datapoints: 0 when every datapoint it used
	// lies in the newest N periods (or it used none). A positive LookBack means the newest
	// periods were missing and the alarm looked back to the most recent datapoints that exist,
	// as CloudWatch does (§9.4): the reason cites datapoints older than the newest period, and
	// after a metric stops, later evaluations can change the state again as older periods
	// slide through the range (sliding windows; a wall-clock window keeps the periods fixed).
	// See D-90.
	LookBack int
}

// HistoryItem records one state transition.
type HistoryItem struct {
	Timestamp time.Time
	OldState  State
	NewState  State
	Reason    string
}

// maxHistory bounds the transition history kept in memory.
const maxHistory = 100

// Alarm is a metric alarm: a validated Config plus its state. It is safe for concurrent use.
type Alarm struct {
	name  string           // cfg.Name, which never changes: readable without the lock
	clock func() time.Time // WithClock; nil: dated by the instants the caller gives (D-89)

	mu  sync.Mutex
	cfg Config
	c   compiled

	state        State
	reason       string
	reasonPoints []Datapoint // the periods the current reason's evaluation used, newest first (missing ones too)
	queryDate    time.Time   // evaluation instant of the current reason, as given
	startDate    time.Time   // the oldest datapoint the current reason cites; zero when none
	transitioned time.Time
	updated      time.Time
	configured   time.Time // AlarmConfigurationUpdatedTimestamp: creation or last Update
	lastSeen     time.Time // the latest instant the caller gave

	lastEval time.Time // last grid instant seen by Evaluate
	last     Evaluation

	window  []Datapoint // Evaluate's scratch evaluation range
	buf     []byte      // reason scratch
	history []HistoryItem
}

// Option configures New and NewRegistry.
type Option func(*options)

type options struct {
	clock func() time.Time
}

// WithClock dates the alarm's creation (ST2: its StateTransitionedTimestamp) and every
// Update (AlarmConfigurationUpdatedTimestamp) with now(): time.Now in a live program, a
// simulated clock in tests and replays. Without it nothing reads the wall clock: the alarm is
// dated by the first instant it is given, and an Update by the latest one (D-89).
func WithClock(now func() time.Time) Option {
	return func(o *options) { o.clock = now }
}

func applyOptions(opts []Option) options {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	return o
}

// New validates cfg like PutMetricAlarm (§9.1) and creates the alarm in
// INSUFFICIENT_DATA with reason "Unchecked: Initial alarm creation" (ST2). Errors are
// *ValidationError.
func New(cfg Config, opts ...Option) (*Alarm, error) {
	a := &Alarm{name: cfg.Name, clock: applyOptions(opts).clock}
	if err := a.configure(cfg); err != nil {
		return nil, err
	}
	a.state, a.reason = InsufficientData, initialReason
	if a.clock != nil {
		now := a.clock().UTC()
		a.transitioned, a.updated, a.configured = now, now, now
	}
	a.history = make([]HistoryItem, 0, maxHistory)
	return a, nil
}

// see records an instant the caller gave. The first one dates an alarm created without a
// clock (D-89).
func (a *Alarm) see(t time.Time) {
	if t.IsZero() {
		return
	}
	t = t.UTC()
	if a.configured.IsZero() {
		a.configured = t
		if a.transitioned.IsZero() {
			a.transitioned, a.updated = t, t
		}
	}
	if t.After(a.lastSeen) {
		a.lastSeen = t
	}
}

// configure validates cfg and installs a private copy of it with fresh buffers.
func (a *Alarm) configure(cfg Config) error {
	c, err := validate(&cfg)
	if err != nil {
		return err
	}
	cfg.Dimensions = maps.Clone(cfg.Dimensions)
	cfg.AlarmActions = slices.Clone(cfg.AlarmActions)
	cfg.OKActions = slices.Clone(cfg.OKActions)
	cfg.InsufficientDataActions = slices.Clone(cfg.InsufficientDataActions)
	a.cfg, a.c = cfg, c
	a.window = make([]Datapoint, c.rangeLen)
	if cap(a.reasonPoints) < c.rangeLen {
		a.reasonPoints = make([]Datapoint, 0, c.rangeLen)
	}
	if a.buf == nil {
		a.buf = make([]byte, 0, 512)
	}
	return nil
}

// Update replaces the configuration, keeping state and timestamps and firing nothing (ST6).
// The alarm name cannot change.
func (a *Alarm) Update(cfg Config) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if cfg.Name != a.name {
		return invalid("Name", "an alarm's Name cannot be changed (%q -> %q)", a.name, cfg.Name)
	}
	if err := a.configure(cfg); err != nil {
		return err
	}
	if a.clock != nil {
		a.configured = a.clock().UTC()
	} else if !a.lastSeen.IsZero() {
		a.configured = a.lastSeen
	}
	return nil
}

// Name returns the alarm name.
func (a *Alarm) Name() string { return a.name }

// Config returns a copy of the configuration.
func (a *Alarm) Config() Config {
	a.mu.Lock()
	defer a.mu.Unlock()
	cfg := a.cfg
	cfg.Dimensions = maps.Clone(cfg.Dimensions)
	cfg.AlarmActions = slices.Clone(cfg.AlarmActions)
	cfg.OKActions = slices.Clone(cfg.OKActions)
	cfg.InsufficientDataActions = slices.Clone(cfg.InsufficientDataActions)
	return cfg
}

// State returns the current state.
func (a *Alarm) State() State {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.state
}

// EvaluateWindow decides from an explicit evaluation range (oldest first) and applies the
// transition. The range is taken as given: its length is R for the premature-alarm rule,
// and the evaluation instant is the end of its newest period.
func (a *Alarm) EvaluateWindow(window []Datapoint) Evaluation {
	a.mu.Lock()
	at := time.Time{}
	if n := len(window); n > 0 && !window[n-1].Timestamp.IsZero() {
		at = window[n-1].Timestamp.Add(a.c.period)
	}
	a.see(at)
	ev, fire := a.evaluate(window, at, at)
	a.mu.Unlock()
	fire.deliver(&ev)
	return ev
}

// evaluate runs §9.4 and applies ST3/ST4 at the grid instant at; query is the instant the
// caller gave (StateReasonData's queryDate). The caller holds a.mu and delivers the actions
// after unlocking, so a sink may call back into the alarm.
func (a *Alarm) evaluate(window []Datapoint, at, query time.Time) (Evaluation, pending) {
	d := decide(&a.c, a.cfg.Threshold, window)
	lookBack := 0
	if d.real > 0 {
		lookBack = max(len(window)-a.c.n-d.from, 0)
	}
	if d.state == "" || d.state == a.state {
		// RETAIN or the same state: nothing changes but the update time (ST4). No allocation.
		if d.state != "" {
			a.updated = at
		}
		return Evaluation{State: a.state, Reason: a.reason, Previous: a.state, Timestamp: at, Retained: d.state == "", LookBack: lookBack}, pending{}
	}
	a.buf = appendReason(a.buf[:0], &a.cfg, &a.c, d, window)
	a.recordReasonData(&d, window, query)
	ev, fire := a.transition(d.state, string(a.buf), at)
	ev.LookBack = lookBack
	return ev, fire
}

// recordReasonData keeps what StateReasonData reports about decision d (§9.7): the periods
// from the oldest real point used to the newest of the range, newest first, missing ones
// included; with no real point used, the newest N periods (D-88). startDate is the oldest
// datapoint the reason cites, if it cites any.
func (a *Alarm) recordReasonData(d *decision, window []Datapoint, query time.Time) {
	from := d.from
	if d.real == 0 {
		from = max(len(window)-a.c.n, 0)
	}
	a.reasonPoints = append(a.reasonPoints[:0], window[from:]...)
	slices.Reverse(a.reasonPoints)
	a.queryDate, a.startDate = query, time.Time{}
	if d.real > 0 && (d.form == formReal || d.form == formPartialFill) {
		a.startDate = window[d.from].Timestamp
	}
}

// transition moves to state (ST3): history, timestamps and the actions to deliver.
func (a *Alarm) transition(state State, reason string, at time.Time) (Evaluation, pending) {
	ev := Evaluation{State: state, Reason: reason, Changed: true, Previous: a.state, Timestamp: at}
	if len(a.history) == maxHistory {
		copy(a.history, a.history[1:])
		a.history = a.history[:maxHistory-1]
	}
	a.history = append(a.history, HistoryItem{Timestamp: at, OldState: a.state, NewState: state, Reason: reason})
	a.state, a.reason = state, reason
	a.transitioned, a.updated = at, at
	if !a.c.actions || a.cfg.Sink == nil {
		return ev, pending{}
	}
	return ev, pending{name: a.cfg.Name, sink: a.cfg.Sink, actions: actionsFor(&a.cfg, state)}
}

func actionsFor(cfg *Config, s State) []string {
	switch s {
	case Alarming:
		return cfg.AlarmActions
	case OK:
		return cfg.OKActions
	default:
		return cfg.InsufficientDataActions
	}
}

// pending holds the actions of one transition until the lock is released.
type pending struct {
	name    string
	sink    ActionSink
	actions []string
}

// deliver invokes every action once, in list order (ST3, ST7).
func (p pending) deliver(ev *Evaluation) {
	for _, act := range p.actions {
		p.sink.Deliver(ActionEvent{
			AlarmName: p.name, Action: act,
			OldState: ev.Previous, NewState: ev.State,
			Reason: ev.Reason, Timestamp: ev.Timestamp, LookBack: ev.LookBack,
		})
	}
}

// SetAlarmState sets the state immediately, with transition semantics (ST5): actions fire
// only if the state changes. The next evaluation recomputes normally.
func (a *Alarm) SetAlarmState(state State, reason string, at time.Time) (Evaluation, error) {
	if state != OK && state != Alarming && state != InsufficientData {
		return Evaluation{}, invalid("StateValue", "StateValue must be OK, ALARM or INSUFFICIENT_DATA, got %q", state)
	}
	if len(reason) > 1023 {
		return Evaluation{}, invalid("StateReason", "StateReason must be at most 1023 characters long")
	}
	a.mu.Lock()
	a.see(at)
	a.reasonPoints = a.reasonPoints[:0]
	a.queryDate, a.startDate = at, time.Time{}
	if state == a.state {
		a.reason, a.updated = reason, at
		ev := Evaluation{State: state, Reason: reason, Previous: state, Timestamp: at}
		a.mu.Unlock()
		return ev, nil
	}
	ev, fire := a.transition(state, reason, at)
	a.mu.Unlock()
	fire.deliver(&ev)
	return ev, nil
}

// History returns the recorded transitions, oldest first (at most the last 100).
func (a *Alarm) History() []HistoryItem {
	a.mu.Lock()
	defer a.mu.Unlock()
	return slices.Clone(a.history)
}
