package faults

import "time"

// OOMKill shrinks the target's memory limit below its usage: the kernel
// OOM-kills it (exit 137) and its supervisor restarts it. The fault ends
// once the limit is cleared and the target is back and ready.
type OOMKill struct {
	Target string `json:"target" js:"target"`
}

func (OOMKill) Kind() string         { return KindOOMKill }
func (s OOMKill) TargetName() string { return s.Target }
func (OOMKill) Lasts() time.Duration { return 0 }
func (OOMKill) Validate() []string   { return nil }
