package assertions

import (
	"fmt"
	"strings"
	"time"
)

// Status is an expectation's verdict.
type Status string

// The three verdicts. Error means "could not evaluate": the backend could
// not be reached or rejected the query. It is never a pass and never a
// plain fail.
const (
	Pass  Status = "pass"
	Fail  Status = "fail"
	Error Status = "error"
)

// Result is what one expectation found.
type Result struct {
	// Name is the expectation's kind ("alertFires", "logsComplete", ...).
	Name string `json:"name"`
	// Subject says what was expected, as Expectation.String does.
	Subject string `json:"subject"`
	// Target is what the expectation is about, when it is one named
	// thing: the alert's name (time_to_detect's alert tag).
	Target string `json:"target,omitempty"`
	Status Status `json:"status"`
	// Backend is the system asked ("prometheus", "victorialogs", ...).
	Backend string `json:"backend,omitempty"`
	// Query is the last query run, in the backend's own language.
	Query string `json:"query,omitempty"`
	// Last is the last value observed (a number, a count, a state).
	Last any `json:"last,omitempty"`
	// Why explains the verdict in a sentence naming the broken property.
	Why string `json:"why"`
	// Since is the moment time-to-detect counts from (a fault's
	// injectedAt), when the expectation has one.
	Since time.Time `json:"since,omitzero"`
	// HeldAt is when the expectation was first seen to hold, by the
	// backend's own clock where it says (an alert's activeAt).
	HeldAt time.Time `json:"heldAt,omitzero"`
	// Stages are the time-to-detect stages, in order (alerts: pending,
	// firing, alertmanager, webhook).
	Stages []Stage `json:"stages,omitempty"`
	// Details carry an expectation's own report (LogsReport, ...).
	Details any `json:"details,omitempty"`
	// Started and Ended bound the evaluation; Polls counts the queries.
	Started time.Time `json:"started"`
	Ended   time.Time `json:"ended"`
	Polls   int       `json:"polls"`
	// FaultID is the fault the expectation refers to, if any.
	FaultID string `json:"faultId,omitempty"`
	// Scenario is the k6 scenario that ran the expectation (scripts).
	Scenario string `json:"scenario,omitempty"`
	// Err is the backend error behind an Error verdict.
	Err error `json:"-"`
}

// Stage is one step of time-to-detect: when it was reached, by the clock
// of the backend that records it, and how long after Since.
type Stage struct {
	Name string    `json:"name"`
	At   time.Time `json:"at"`
	// After is At minus Result.Since (zero when Since is unset).
	After time.Duration `json:"afterNs"`
	// ObservedAt is when the harness saw it; ObservedAt - At is what
	// polling added.
	ObservedAt time.Time `json:"observedAt"`
}

// Passed reports whether the verdict is Pass.
func (r Result) Passed() bool { return r.Status == Pass }

// String is the result in one line: "PASS alertFires(X): why".
func (r Result) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: %s", strings.ToUpper(string(r.Status)), r.Subject, r.Why)
	for _, s := range r.Stages {
		if r.Since.IsZero() {
			fmt.Fprintf(&b, "; %s at %s", s.Name, s.At.Format("15:04:05.000"))
			continue
		}
		fmt.Fprintf(&b, "; %s +%s", s.Name, s.After.Round(time.Millisecond))
	}
	if r.Status != Pass && r.Query != "" {
		fmt.Fprintf(&b, " [query: %s]", r.Query)
	}
	return b.String()
}

// Stage returns the named stage, if reached.
func (r Result) Stage(name string) (Stage, bool) {
	for _, s := range r.Stages {
		if s.Name == name {
			return s, true
		}
	}
	return Stage{}, false
}

// stage appends a stage reached at at (backend clock), seen now.
func (r *Result) stage(name string, at time.Time) {
	if _, ok := r.Stage(name); ok || at.IsZero() {
		return
	}
	s := Stage{Name: name, At: at, ObservedAt: time.Now()}
	if !r.Since.IsZero() {
		s.After = at.Sub(r.Since)
	}
	r.Stages = append(r.Stages, s)
}
