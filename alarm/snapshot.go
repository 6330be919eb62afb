package alarm

import (
	"encoding/json"
	"fmt"
	"time"
)

// snapshotVersion is bumped whenever the snapshot layout changes incompatibly.
const snapshotVersion = 1

// snapshot is the durable part of an alarm: everything but its configuration.
type snapshot struct {
	Version      int           `json:"version"`
	Name         string        `json:"name"`
	State        State         `json:"state"`
	Reason       string        `json:"reason"`
	ReasonPoints []Datapoint   `json:"reasonPoints,omitempty"`
	QueryDate    time.Time     `json:"queryDate"`
	StartDate    time.Time     `json:"startDate"`
	Transitioned time.Time     `json:"stateTransitionedTimestamp"`
	Updated      time.Time     `json:"stateUpdatedTimestamp"`
	LastEval     time.Time     `json:"lastEvaluated"`
	Configured   time.Time     `json:"alarmConfigurationUpdatedTimestamp,omitzero"`
	History      []HistoryItem `json:"history,omitempty"`
}

// Snapshot returns the alarm's state as JSON. Restore it into an alarm created from the same
// Config to resume after a restart without a spurious or lost transition: the state, reason
// and the last evaluated instant carry over.
func (a *Alarm) Snapshot() ([]byte, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return json.Marshal(snapshot{
		Version: snapshotVersion, Name: a.cfg.Name, State: a.state, Reason: a.reason,
		ReasonPoints: a.reasonPoints, QueryDate: a.queryDate, StartDate: a.startDate,
		Transitioned: a.transitioned, Updated: a.updated, LastEval: a.lastEval, History: a.history,
		Configured: a.configured,
	})
}

// Restore replaces the alarm's state with a Snapshot taken from an alarm of the same name.
// No actions fire.
func (a *Alarm) Restore(data []byte) error {
	var s snapshot
	if err := json.Unmarshal(data, &s); err != nil {
		return fmt.Errorf("alarm: restore: %w", err)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	switch {
	case s.Version != snapshotVersion:
		return fmt.Errorf("alarm: restore: unsupported snapshot version %d", s.Version)
	case s.Name != a.name:
		return fmt.Errorf("alarm: restore: snapshot of %q cannot restore %q", s.Name, a.name)
	case s.State != OK && s.State != Alarming && s.State != InsufficientData:
		return fmt.Errorf("alarm: restore: invalid state %q", s.State)
	}
	a.state, a.reason = s.State, s.Reason
	a.reasonPoints = append(a.reasonPoints[:0], s.ReasonPoints...)
	a.queryDate, a.startDate = s.QueryDate, s.StartDate
	a.transitioned, a.updated = s.Transitioned, s.Updated
	a.lastEval = s.LastEval
	if !s.Configured.IsZero() {
		a.configured = s.Configured // the configuration is the one the snapshot's alarm had
	}
	a.see(s.LastEval)
	a.last = Evaluation{State: s.State, Reason: s.Reason, Previous: s.State, Timestamp: s.LastEval}
	if len(s.History) > maxHistory {
		s.History = s.History[len(s.History)-maxHistory:]
	}
	a.history = append(make([]HistoryItem, 0, maxHistory), s.History...)
	return nil
}
