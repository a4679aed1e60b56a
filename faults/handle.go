package faults

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/mcpchaos/mcpchaos/stack/control"
)

// Handle is one injected fault.
type Handle struct {
	ID     string
	Kind   string
	Target string
	Spec   Spec
	// InjectedAt is when the fault began to be applied (time-to-detect
	// counts from it); EffectiveAt when it was confirmed in effect.
	InjectedAt  time.Time
	EffectiveAt time.Time

	in   *Injector
	p    *plan
	stop context.CancelFunc // ends renewals and the self-revert timer

	once       sync.Once
	done       chan struct{}
	err        error
	revertedAt time.Time
}

// RevertedAt is when the revert was confirmed (zero before).
func (h *Handle) RevertedAt() time.Time {
	select {
	case <-h.done:
		return h.revertedAt
	default:
		return time.Time{}
	}
}

// Done is closed when the fault has ended, reverted or not.
func (h *Handle) Done() <-chan struct{} { return h.done }

// Wait blocks until the fault has ended (its duration passed and the
// revert ran) and returns the revert's error, or ctx's.
func (h *Handle) Wait(ctx context.Context) error {
	select {
	case <-h.done:
		return h.err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Revert undoes the fault now, if it has not ended yet, and confirms it
// is undone. Idempotent: later calls return the first one's result. The
// error is a *NotRevertedError when the target may still be broken.
func (h *Handle) Revert(ctx context.Context) error {
	h.once.Do(func() {
		h.stop()
		h.err = h.revert(ctx)
		h.revertedAt = time.Now()
		h.in.forget(h)
		close(h.done)
	})
	<-h.done
	return h.err
}

func (h *Handle) revert(ctx context.Context) error {
	h.in.events.Write(h.event(EventRevert, nil))
	err := h.release(ctx)
	if err == nil {
		err = pollUntil(ctx, h.p.revertTimeout, h.Kind+" revert on "+h.Target, h.p.reverted)
	}
	if err != nil {
		nr := &NotRevertedError{ID: h.ID, Kind: h.Kind, Target: h.Target, Err: err}
		h.in.events.Write(h.event(EventNotReverted, nr))
		return nr
	}
	e := h.event(EventReverted, nil)
	e.RevertedAt = time.Now()
	h.in.events.Write(e)
	return nil
}

// release ends the lease, which runs its revert at the keeper. A lease
// the keeper already ended (it expired while renewals failed) counts when
// its revert succeeded.
func (h *Handle) release(ctx context.Context) error {
	l, err := h.p.keeper.Release(ctx, h.ID)
	if errors.Is(err, control.ErrUnknownLease) {
		l, err = h.endedLease(ctx)
	}
	if err != nil {
		return fmt.Errorf("release lease: %w", err)
	}
	if l.RevertError != "" {
		return fmt.Errorf("the keeper's revert failed: %s", l.RevertError)
	}
	return nil
}

func (h *Handle) endedLease(ctx context.Context) (control.Lease, error) {
	ls, err := h.p.keeper.Leases(ctx)
	if err != nil {
		return control.Lease{}, err
	}
	for _, l := range ls {
		if l.ID == h.ID && l.State != control.LeaseActive {
			return l, nil
		}
	}
	return control.Lease{}, fmt.Errorf("lease %s is neither active nor ended at the keeper: %w", h.ID, control.ErrUnknownLease)
}

// renew keeps the lease alive every ttl/3 until ctx ends. It starts
// before the fault is proven, while Inject still sets EffectiveAt, so its
// events carry the fault's identity only.
func (h *Handle) renew(ctx context.Context, ttl time.Duration) {
	id := Event{ID: h.ID, Kind: h.Kind, Target: h.Target}
	t := time.NewTicker(ttl / 3)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		rctx, cancel := context.WithTimeout(ctx, ttl/3)
		_, err := h.p.keeper.Renew(rctx, h.ID, ttl)
		cancel()
		e := id
		switch {
		case ctx.Err() != nil:
			continue
		case err != nil:
			e.Event, e.Error = EventRenewFailed, err.Error()
		default:
			e.Event = EventRenew
		}
		h.in.events.Write(e)
	}
}

// event is an event of this fault.
func (h *Handle) event(name string, err error) Event {
	e := Event{Event: name, ID: h.ID, Kind: h.Kind, Target: h.Target, InjectedAt: h.InjectedAt, EffectiveAt: h.EffectiveAt}
	if err != nil {
		e.Error = err.Error()
	}
	return e
}
