package faults

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/mcpchaos/mcpchaos/stack/control"
)

// Sweep reverts what earlier runs left: every active lease of mcpchaos's
// at the keepers (SIGKILLed runners' faults before their TTL ran out),
// and every toxic on the configured toxiproxy. It returns one line per
// thing it reverted, for the run to say so.
func (in *Injector) Sweep(ctx context.Context) ([]string, error) {
	var done []string
	var errs []error
	for _, k := range in.keepers() {
		ls, err := k.Leases(ctx)
		if err != nil {
			errs = append(errs, fmt.Errorf("list leases: %w", err))
			continue
		}
		for _, l := range ls {
			if l.State != control.LeaseActive || !strings.HasPrefix(l.ID, IDPrefix) || in.owns(l.ID) {
				continue
			}
			ended, err := k.Release(ctx, l.ID)
			switch {
			case errors.Is(err, control.ErrUnknownLease): // it just expired
			case err != nil:
				errs = append(errs, fmt.Errorf("revert leftover lease %s (%s): %w", l.ID, l.Action, err))
			case ended.RevertError != "":
				errs = append(errs, &NotRevertedError{ID: l.ID, Kind: l.Action.Op, Target: l.Action.Component, Err: errors.New(ended.RevertError)})
			default:
				done = append(done, fmt.Sprintf("reverted leftover fault %s (%s)", l.ID, l.Action))
			}
		}
	}
	switch msg, err := in.resetToxiproxy(ctx); {
	case err != nil:
		errs = append(errs, fmt.Errorf("reset toxiproxy: %w", err))
	case msg != "":
		done = append(done, msg)
	}
	for _, d := range done {
		in.events.Write(Event{Event: EventSweep, Detail: d})
	}
	return done, errors.Join(errs...)
}

// keepers are the distinct lease owners this injector uses.
func (in *Injector) keepers() []Keeper {
	var ks []Keeper
	if in.super != nil {
		ks = append(ks, in.super)
	}
	if in.keeper != nil && in.keeper != Keeper(in.super) {
		ks = append(ks, in.keeper)
	}
	return ks
}

func (in *Injector) owns(id string) bool {
	in.mu.Lock()
	defer in.mu.Unlock()
	_, ok := in.active[id]
	return ok
}
