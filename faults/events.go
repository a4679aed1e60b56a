package faults

import (
	"encoding/json"
	"io"
	"sync"
	"time"
)

// Event names of the event log.
const (
	EventInject       = "inject"        // lease taken, fault being applied
	EventEffective    = "effective"     // the fault is confirmed in effect
	EventNotEffective = "not_effective" // it could not be confirmed; reverted
	EventRenew        = "renew"         // the lease was renewed
	EventRenewFailed  = "renew_failed"  // a lease renewal failed
	EventRevert       = "revert"        // the revert began
	EventReverted     = "reverted"      // the revert is confirmed
	EventNotReverted  = "not_reverted"  // the worst outcome
	EventSweep        = "sweep"         // leftovers of earlier runs cleared
)

// Event is one line of the event log.
type Event struct {
	Time        time.Time `json:"time"`
	Event       string    `json:"event"`
	ID          string    `json:"id,omitempty"`
	Kind        string    `json:"kind,omitempty"`
	Target      string    `json:"target,omitempty"`
	Spec        any       `json:"spec,omitempty"`
	InjectedAt  time.Time `json:"injectedAt,omitzero"`
	EffectiveAt time.Time `json:"effectiveAt,omitzero"`
	RevertedAt  time.Time `json:"revertedAt,omitzero"`
	Error       string    `json:"error,omitempty"`
	Detail      string    `json:"detail,omitempty"`
}

// EventLog writes events as JSON lines; safe for concurrent use. A nil
// *EventLog discards.
type EventLog struct {
	mu  sync.Mutex
	enc *json.Encoder
	err error
}

// NewEventLog writes to w.
func NewEventLog(w io.Writer) *EventLog { return &EventLog{enc: json.NewEncoder(w)} }

// Write appends e, stamping its time when unset.
func (l *EventLog) Write(e Event) {
	if l == nil {
		return
	}
	if e.Time.IsZero() {
		e.Time = time.Now()
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if err := l.enc.Encode(e); err != nil && l.err == nil {
		l.err = err
	}
}

// Err is the first write error.
func (l *EventLog) Err() error {
	if l == nil {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.err
}
