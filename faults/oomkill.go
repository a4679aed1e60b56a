package faults

import (
	"fmt"
	"time"

	"github.com/mcpchaos/mcpchaos/internal/duration"
)

// crashLoopLimit is the memory limit that keeps a target crash-looping:
// below what any server needs to start, so each restart is OOM-killed.
const crashLoopLimit = 2 << 20

// OOMKill shrinks the target's memory limit below its usage: the kernel
// OOM-kills it (exit 137) and its supervisor restarts it. With Duration,
// the limit then drops below what the target needs to start, so every
// restart is OOM-killed again for that long (a crash loop, as a leak
// that survives restarts makes). The fault ends once the limit is cleared
// and the target is back and ready.
type OOMKill struct {
	Target   string            `json:"target" js:"target"`
	Duration duration.Duration `json:"duration,omitempty" js:"duration"`
}

func (OOMKill) Kind() string           { return KindOOMKill }
func (s OOMKill) TargetName() string   { return s.Target }
func (s OOMKill) Lasts() time.Duration { return s.Duration.D() }

func (s OOMKill) Validate() []string {
	if s.Duration < 0 {
		return []string{fmt.Sprintf("duration %s: must not be negative (0: one kill)", s.Duration.D())}
	}
	return nil
}
