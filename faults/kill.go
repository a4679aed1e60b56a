package faults

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// signalNames are the signals a Kill may send.
var signalNames = []string{"KILL", "TERM", "INT", "HUP", "QUIT"}

// Kill crashes the target with a signal (default KILL). The fault ends
// once the target has been restarted and is ready.
type Kill struct {
	Target string `json:"target" js:"target"`
	Signal string `json:"signal,omitempty" js:"signal"`
}

func (Kill) Kind() string         { return KindKill }
func (s Kill) TargetName() string { return s.Target }
func (Kill) Lasts() time.Duration { return 0 }
func (s Kill) Validate() []string {
	if s.Signal != "" && !slices.Contains(signalNames, s.signal()) {
		return []string{fmt.Sprintf("signal %q: use one of %s", s.Signal, strings.Join(signalNames, ", "))}
	}
	return nil
}

// signal is the signal's name without SIG, upper case.
func (s Kill) signal() string {
	n := strings.TrimPrefix(strings.ToUpper(s.Signal), "SIG")
	if n == "" {
		return "KILL"
	}
	return n
}
