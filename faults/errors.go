package faults

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinels for errors.Is.
var (
	// ErrBadSpec: the fault's spec is invalid; nothing was injected.
	ErrBadSpec = errors.New("invalid fault spec")
	// ErrUnknownTarget: the target is not named in mcpchaos.yaml's
	// faults.targets; nothing was injected.
	ErrUnknownTarget = errors.New("unknown fault target")
	// ErrRefused: the target's driver cannot inject this fault, or its
	// address is not loopback and allow_non_loopback is off.
	ErrRefused = errors.New("fault refused")
	// ErrNotEffective: the fault could not be confirmed in effect within
	// its deadline (it was reverted).
	ErrNotEffective = errors.New("fault did not take effect")
	// ErrNoKeeper: no lease owner is reachable for the target.
	ErrNoKeeper = errors.New("no lease keeper")
)

// SpecError lists every problem of one spec.
type SpecError struct {
	Kind     string
	Problems []string
}

func (e *SpecError) Error() string {
	return fmt.Sprintf("%s fault: %s", e.Kind, strings.Join(e.Problems, "; "))
}

// Unwrap lets errors.Is match ErrBadSpec.
func (e *SpecError) Unwrap() error { return ErrBadSpec }

// NotRevertedError is a fault whose revert failed or could not be
// confirmed: the system under test may still be broken.
type NotRevertedError struct {
	ID, Kind, Target string
	Err              error
}

func (e *NotRevertedError) Error() string {
	return fmt.Sprintf("FAULT NOT REVERTED: %s fault %s on target %q: %v (run `mcpchaos faults revert --all`, then check the target by hand)", e.Kind, e.ID, e.Target, e.Err)
}

func (e *NotRevertedError) Unwrap() error { return e.Err }
