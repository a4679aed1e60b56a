package faults

import (
	"fmt"
	"time"

	"github.com/mcpchaos/mcpchaos/internal/duration"
)

// Fault kinds, as specs name them and the event log records them.
const (
	KindLatency   = "latency"
	KindErrors    = "errors"
	KindBandwidth = "bandwidth"
	KindOOMKill   = "oom_kill"
	KindTLSExpiry = "tls_expiry"
	KindStop      = "stop"
	KindKill      = "kill"
)

// Spec is one fault to inject. The specs of this package are plain
// structs, one file each; Validate reports every problem at once.
type Spec interface {
	Kind() string
	TargetName() string
	Validate() []string
	// Lasts is how long the fault holds before it reverts itself; 0 for
	// one-shot faults (kill, OOM kill), which end once the target has
	// recovered.
	Lasts() time.Duration
}

// validate runs s.Validate and wraps the problems as a *SpecError.
func validate(s Spec) error {
	var problems []string
	if s.TargetName() == "" {
		problems = append(problems, "target: missing: name a target from mcpchaos.yaml faults.targets")
	}
	problems = append(problems, s.Validate()...)
	if len(problems) > 0 {
		return &SpecError{Kind: s.Kind(), Problems: problems}
	}
	return nil
}

// needDuration checks a fault's required duration.
func needDuration(field string, d duration.Duration) []string {
	switch {
	case d == 0:
		return []string{field + `: missing: give how long the fault lasts, e.g. "30s"`}
	case d < 0:
		return []string{fmt.Sprintf("%s %s: must be positive", field, d)}
	}
	return nil
}

// needFraction checks a 0..1 value (toxicity, rate); 0 means unset.
func needFraction(field string, v float64) []string {
	if v < 0 || v > 1 {
		return []string{fmt.Sprintf("%s %v: give a fraction from 0 to 1 (1 = every connection or request)", field, v)}
	}
	return nil
}

func nonNegative(field string, d duration.Duration) []string {
	if d < 0 {
		return []string{fmt.Sprintf("%s %s: must not be negative", field, d)}
	}
	return nil
}

// orOne is v, or 1 when unset.
func orOne(v float64) float64 {
	if v == 0 {
		return 1
	}
	return v
}
