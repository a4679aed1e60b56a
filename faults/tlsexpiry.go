package faults

import (
	"fmt"
	"time"

	"github.com/mcpchaos/mcpchaos/internal/duration"
)

// Modes of a TLSExpiry fault: the one property of the served certificate
// that changes; everything else stays as the stack's test CA issues it.
const (
	TLSExpired   = "expired"    // NotAfter in the past
	TLSExpiring  = "expiring"   // valid, but NotAfter ExpiresIn from now
	TLSWrongHost = "wrong-host" // valid, for another host name
	TLSUntrusted = "untrusted"  // valid, signed by a CA nobody trusts
)

// TLSExpiry swaps the target's certificate for a bad one for Duration.
type TLSExpiry struct {
	Target string `json:"target" js:"target"`
	Mode   string `json:"mode,omitempty" js:"mode"` // default expired
	// ExpiresIn is how long an "expiring" certificate stays valid
	// (default 24h).
	ExpiresIn duration.Duration `json:"expiresIn,omitempty" js:"expiresIn"`
	Duration  duration.Duration `json:"duration" js:"duration"`
}

func (TLSExpiry) Kind() string           { return KindTLSExpiry }
func (s TLSExpiry) TargetName() string   { return s.Target }
func (s TLSExpiry) Lasts() time.Duration { return s.Duration.D() }
func (s TLSExpiry) Validate() []string {
	var p []string
	switch s.Mode {
	case "", TLSExpired, TLSExpiring, TLSWrongHost, TLSUntrusted:
	default:
		p = append(p, fmt.Sprintf("mode %q: use expired, expiring, wrong-host or untrusted", s.Mode))
	}
	if s.ExpiresIn != 0 && s.mode() != TLSExpiring {
		p = append(p, "expiresIn: only with mode expiring")
	}
	p = append(p, nonNegative("expiresIn", s.ExpiresIn)...)
	return append(p, needDuration("duration", s.Duration)...)
}

func (s TLSExpiry) mode() string {
	if s.Mode == "" {
		return TLSExpired
	}
	return s.Mode
}
