package faults

import (
	"time"

	"github.com/mcpchaos/mcpchaos/internal/duration"
)

// Stop holds the target stopped for Duration (the log shipper outage),
// then starts it again.
type Stop struct {
	Target   string            `json:"target" js:"target"`
	Duration duration.Duration `json:"duration" js:"duration"`
}

func (Stop) Kind() string           { return KindStop }
func (s Stop) TargetName() string   { return s.Target }
func (s Stop) Lasts() time.Duration { return s.Duration.D() }
func (s Stop) Validate() []string   { return needDuration("duration", s.Duration) }
