// Package faults injects the faults of a chaos scenario for real and
// always reverts them: downstream latency, errors and bandwidth limits
// (toxiproxy), OOM kills, crashes and stops of a process (the embedded
// stack's supervisor, or Docker), and expired or otherwise bad TLS
// certificates.
//
// Every injection holds a short lease at an owner that outlives the
// runner (the supervisor, or a detached watchdog): the lease carries the
// revert, the runner renews it while it lives, and the owner reverts at
// expiry, so a runner killed with SIGKILL leaves its fault in place for
// at most one lease TTL. Inject returns once the fault is confirmed in
// effect (EffectiveAt); Revert returns once the revert is confirmed. A
// fault that cannot be confirmed is reverted at once and reported; a
// fault that cannot be reverted is a *NotRevertedError, the worst
// outcome.
//
// Every step is written as a JSON line to the run's event log.
//
// The package never imports sobek; k6/x/faults (faults/js) adapts it.
package faults
