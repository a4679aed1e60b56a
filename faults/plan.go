package faults

import (
	"context"
	"fmt"
	"time"

	"github.com/mcpchaos/mcpchaos/config"
	"github.com/mcpchaos/mcpchaos/internal/poll"
	"github.com/mcpchaos/mcpchaos/stack/control"
)

// Default deadlines of the proofs.
const (
	defaultEffectTimeout = 20 * time.Second
	defaultRevertTimeout = 60 * time.Second
	pollEvery            = 100 * time.Millisecond
)

// plan is how a driver applies, proves and undoes one fault.
type plan struct {
	keeper Keeper
	// lease is the action the keeper applies when the lease is taken
	// (OpHold when the runner applies the fault itself with apply), and
	// revert what it runs when the lease ends (nil: the action's default
	// revert).
	lease  control.Action
	revert *control.Action
	// apply runs after the lease is taken; nil when the keeper applied.
	apply func(ctx context.Context) error
	// effective and reverted return nil once the fault is seen in effect,
	// and seen undone; otherwise an error saying what was observed.
	effective, reverted func(ctx context.Context) error
	effectTimeout       time.Duration
	revertTimeout       time.Duration
}

// driver turns a spec into a plan for one kind of target.
type driver interface {
	plan(ctx context.Context, id string, spec Spec, name string, t config.Target) (*plan, error)
}

// pollUntil calls check until it returns nil or d passes; the error names
// what was awaited and the last observation.
func pollUntil(ctx context.Context, d time.Duration, what string, check func(context.Context) error) error {
	return poll.Within(ctx, d, pollEvery, what, func(ctx context.Context) (bool, error) {
		err := check(ctx)
		return err == nil, err
	})
}

// refuse is the error for a spec a target's driver cannot inject.
func refuse(spec Spec, name string, t config.Target, kinds string) error {
	return fmt.Errorf("%s fault on target %q: its driver %q injects only %s: %w", spec.Kind(), name, t.Driver, kinds, ErrRefused)
}
