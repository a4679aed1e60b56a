package faults

import (
	"fmt"
	"time"

	"github.com/mcpchaos/mcpchaos/internal/duration"
)

// Modes of an Errors fault.
const (
	ModeReset   = "reset"   // connections reset by peer (toxiproxy reset_peer)
	ModeTimeout = "timeout" // connections hang: no data passes (toxiproxy timeout)
	ModeHTTP    = "http"    // HTTP error answers (the downstream's behaviour settings)
)

// Errors makes the target's downstream fail.
type Errors struct {
	Target string `json:"target" js:"target"`
	Mode   string `json:"mode" js:"mode"`
	// Status is the HTTP status of ModeHTTP answers (default 500).
	Status int `json:"status,omitempty" js:"status"`
	// Rate is the fraction of connections (reset, timeout) or requests
	// (http) that fail (default 1).
	Rate     float64           `json:"rate,omitempty" js:"rate"`
	Duration duration.Duration `json:"duration" js:"duration"`
}

func (Errors) Kind() string           { return KindErrors }
func (s Errors) TargetName() string   { return s.Target }
func (s Errors) Lasts() time.Duration { return s.Duration.D() }
func (s Errors) Validate() []string {
	var p []string
	switch s.Mode {
	case ModeReset, ModeTimeout, ModeHTTP:
	case "":
		p = append(p, "mode: missing: use reset, timeout or http")
	default:
		p = append(p, fmt.Sprintf("mode %q: use reset, timeout or http", s.Mode))
	}
	if s.Status != 0 && (s.Mode != ModeHTTP || s.Status < 400 || s.Status > 599) {
		p = append(p, fmt.Sprintf("status %d: only with mode http, from 400 to 599", s.Status))
	}
	p = append(p, needFraction("rate", s.Rate)...)
	return append(p, needDuration("duration", s.Duration)...)
}
