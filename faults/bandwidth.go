package faults

import (
	"time"

	"github.com/mcpchaos/mcpchaos/internal/duration"
)

// Bandwidth limits the target's downstream answers to KBps kilobytes per
// second (a toxiproxy bandwidth toxic).
type Bandwidth struct {
	Target   string            `json:"target" js:"target"`
	KBps     int64             `json:"kbps" js:"kbps"`
	Duration duration.Duration `json:"duration" js:"duration"`
}

func (Bandwidth) Kind() string           { return KindBandwidth }
func (s Bandwidth) TargetName() string   { return s.Target }
func (s Bandwidth) Lasts() time.Duration { return s.Duration.D() }
func (s Bandwidth) Validate() []string {
	var p []string
	if s.KBps <= 0 {
		p = append(p, "kbps: missing or not positive: give the rate limit in KB/s, e.g. 64")
	}
	return append(p, needDuration("duration", s.Duration)...)
}
