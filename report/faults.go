package report

import (
	"fmt"
	"sort"
	"time"

	"github.com/mcpchaos/mcpchaos/faults"
)

// FaultState is how a fault ended, from its events.
type FaultState string

// The states of a fault. Unconfirmed means the log ends before the revert
// was confirmed or refused (a killed run): the target may still be broken,
// so it counts as not reverted.
const (
	FaultReverted     FaultState = "reverted"
	FaultNotEffective FaultState = "not_effective"
	FaultNotReverted  FaultState = "not_reverted"
	FaultUnconfirmed  FaultState = "unconfirmed"
)

// Fault is one injected fault, folded from its events.
type Fault struct {
	ID     string `json:"id"`
	Kind   string `json:"kind"`
	Target string `json:"target"`
	Spec   any    `json:"spec,omitempty"`
	// InjectedAt, EffectiveAt and RevertedAt are the faults package's own
	// stamps; RevertAt is when the revert began.
	InjectedAt  time.Time  `json:"injectedAt"`
	EffectiveAt time.Time  `json:"effectiveAt,omitzero"`
	RevertAt    time.Time  `json:"revertAt,omitzero"`
	RevertedAt  time.Time  `json:"revertedAt,omitzero"`
	State       FaultState `json:"state"`
	// Error is the last error an event carried (not effective, not
	// reverted, a failed lease renewal).
	Error string `json:"error,omitempty"`
	// RenewFailures counts failed lease renewals.
	RenewFailures int `json:"renewFailures,omitempty"`
	// notEffective: a not_effective event was seen (the state may still
	// be worse: its revert failed too).
	notEffective bool
}

// Label is "latency on downstream".
func (f Fault) Label() string { return fmt.Sprintf("%s on %s", f.Kind, f.Target) }

// Reverted reports whether the fault's revert was confirmed.
func (f Fault) Reverted() bool { return f.State == FaultReverted || f.State == FaultNotEffective }

// End is when the fault stopped being in effect, as far as the log says:
// its confirmed revert, else the start of its revert, else zero.
func (f Fault) End() time.Time {
	if !f.RevertedAt.IsZero() {
		return f.RevertedAt
	}
	return f.RevertAt
}

// foldFaults folds the event log into faults, in injection order, and
// returns the sweep events apart.
func foldFaults(events []faults.Event) ([]Fault, []faults.Event) {
	byID := map[string]*Fault{}
	var order []string
	var sweeps []faults.Event
	for _, e := range events {
		if e.Event == faults.EventSweep {
			sweeps = append(sweeps, e)
			continue
		}
		if e.ID == "" {
			continue
		}
		f := byID[e.ID]
		if f == nil {
			f = &Fault{ID: e.ID, State: FaultUnconfirmed}
			byID[e.ID] = f
			order = append(order, e.ID)
		}
		f.apply(e)
	}
	out := make([]Fault, 0, len(order))
	for _, id := range order {
		out = append(out, *byID[id])
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].InjectedAt.Before(out[j].InjectedAt) })
	return out, sweeps
}

// apply folds one event into f. Once not reverted, a fault stays so.
func (f *Fault) apply(e faults.Event) {
	f.Kind = or(f.Kind, e.Kind)
	f.Target = or(f.Target, e.Target)
	if f.Spec == nil {
		f.Spec = e.Spec
	}
	f.InjectedAt = firstTime(f.InjectedAt, e.InjectedAt)
	f.EffectiveAt = firstTime(f.EffectiveAt, e.EffectiveAt)
	if e.Error != "" {
		f.Error = e.Error
	}
	switch e.Event {
	case faults.EventInject:
		f.InjectedAt = firstTime(f.InjectedAt, e.Time)
	case faults.EventEffective:
		f.EffectiveAt = firstTime(f.EffectiveAt, e.Time)
	case faults.EventNotEffective:
		f.notEffective = true
	case faults.EventRenewFailed:
		f.RenewFailures++
	case faults.EventRevert:
		f.RevertAt = firstTime(f.RevertAt, e.Time)
	case faults.EventReverted:
		if f.State != FaultNotReverted {
			f.State = FaultReverted
			if f.notEffective {
				f.State = FaultNotEffective
			}
		}
		f.RevertedAt = firstTime(e.RevertedAt, e.Time)
	case faults.EventNotReverted:
		f.State = FaultNotReverted
	}
}

func firstTime(a, b time.Time) time.Time {
	if !a.IsZero() {
		return a
	}
	return b
}
