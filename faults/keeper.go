package faults

import (
	"context"
	"time"

	"github.com/mcpchaos/mcpchaos/stack/control"
)

// Keeper owns the leases of injected faults and reverts each at its
// expiry, outliving the runner: the embedded stack's supervisor, or the
// detached `mcpchaos faults watchdog` (the same API with no components).
type Keeper interface {
	Lease(ctx context.Context, req control.LeaseRequest) (control.Lease, error)
	Renew(ctx context.Context, id string, ttl time.Duration) (control.Lease, error)
	Release(ctx context.Context, id string) (control.Lease, error)
	Leases(ctx context.Context) ([]control.Lease, error)
}

var _ Keeper = (*control.Client)(nil)
