package faults

import (
	"time"

	"github.com/mcpchaos/mcpchaos/internal/duration"
)

// Latency delays the target's traffic (a toxiproxy latency toxic on the
// answers from the downstream).
type Latency struct {
	Target  string            `json:"target" js:"target"`
	Latency duration.Duration `json:"latency" js:"latency"`
	Jitter  duration.Duration `json:"jitter,omitempty" js:"jitter"`
	// Toxicity is the fraction of connections affected (default 1).
	Toxicity float64           `json:"toxicity,omitempty" js:"toxicity"`
	Duration duration.Duration `json:"duration" js:"duration"`
}

func (Latency) Kind() string           { return KindLatency }
func (s Latency) TargetName() string   { return s.Target }
func (s Latency) Lasts() time.Duration { return s.Duration.D() }
func (s Latency) Validate() []string {
	var p []string
	if s.Latency <= 0 {
		p = append(p, `latency: missing or not positive: give the delay, e.g. "500ms"`)
	}
	p = append(p, nonNegative("jitter", s.Jitter)...)
	p = append(p, needFraction("toxicity", s.Toxicity)...)
	return append(p, needDuration("duration", s.Duration)...)
}
