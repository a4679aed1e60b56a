package faults

// Abandon ends h's renewals and self-revert and leaves it in effect:
// what the runner's death leaves at the keeper.
func Abandon(h *Handle) { h.stop() }

// OrUnlimited is a memory limit as the kernel applies it (0 and -1 as
// the kernel's unlimited number, which a docker revert restores).
var OrUnlimited = orUnlimited
