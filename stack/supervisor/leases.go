package supervisor

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"sync"
	"time"

	"github.com/mcpchaos/mcpchaos/stack/control"
)

// maxLeaseTTL bounds a lease so a typo cannot hold a fault for days.
const maxLeaseTTL = 24 * time.Hour

// endedLeases is how many ended leases are kept for GET /leases.
const endedLeases = 100

// applyFunc performs one action.
type applyFunc func(ctx context.Context, a control.Action) error

// leases holds applied actions and reverts each at its expiry, on release
// or at shutdown.
type leases struct {
	apply applyFunc
	m     *metrics

	mu     sync.Mutex
	active map[string]*lease
	ended  []control.Lease
	closed bool
}

type lease struct {
	control.Lease
	timer *time.Timer
}

func newLeases(apply applyFunc, m *metrics) *leases {
	return &leases{apply: apply, m: m, active: map[string]*lease{}}
}

// create applies req.Action and arms the revert.
func (ls *leases) create(ctx context.Context, req control.LeaseRequest) (control.Lease, error) {
	ttl := time.Duration(req.TTL)
	if ttl <= 0 || ttl > maxLeaseTTL {
		return control.Lease{}, fmt.Errorf("lease ttl %s: give a duration between 1ms and %s: %w", ttl, maxLeaseTTL, control.ErrBadRequest)
	}
	revert := req.Revert
	if revert == nil {
		if r, ok := control.DefaultRevert(req.Action); ok {
			revert = &r
		}
	}
	id := req.ID
	if id == "" {
		id = newID()
	}
	ls.mu.Lock()
	if ls.closed {
		ls.mu.Unlock()
		return control.Lease{}, control.ErrShuttingDown
	}
	if _, taken := ls.active[id]; taken {
		ls.mu.Unlock()
		return control.Lease{}, fmt.Errorf("lease %q: %w", id, control.ErrLeaseExists)
	}
	l := &lease{Lease: control.Lease{ID: id, Action: req.Action, Revert: revert, TTL: req.TTL, State: control.LeaseActive}}
	ls.active[id] = l // reserve the id while applying
	ls.mu.Unlock()

	if err := ls.apply(ctx, req.Action); err != nil {
		ls.mu.Lock()
		delete(ls.active, id)
		ls.mu.Unlock()
		return control.Lease{}, fmt.Errorf("lease %s: %w", id, err)
	}
	ls.mu.Lock()
	now := time.Now()
	l.CreatedAt, l.ExpiresAt = now, now.Add(ttl)
	l.timer = time.AfterFunc(ttl, func() { ls.end(id, control.LeaseExpired) })
	ls.m.leases.Set(float64(len(ls.active)))
	out, closed := l.Lease, ls.closed
	ls.mu.Unlock()
	if closed {
		// Shutdown began while the action was applied: undo it now.
		ls.end(id, control.LeaseShutdown)
		return control.Lease{}, control.ErrShuttingDown
	}
	return out, nil
}

// renew moves an active lease's expiry to ttl from now.
func (ls *leases) renew(id string, ttl time.Duration) (control.Lease, error) {
	if ttl <= 0 || ttl > maxLeaseTTL {
		return control.Lease{}, fmt.Errorf("lease ttl %s: give a duration between 1ms and %s: %w", ttl, maxLeaseTTL, control.ErrBadRequest)
	}
	ls.mu.Lock()
	defer ls.mu.Unlock()
	l, ok := ls.active[id]
	if !ok || l.CreatedAt.IsZero() || !l.timer.Stop() {
		// Unknown, still being applied, or its revert has begun.
		return control.Lease{}, fmt.Errorf("lease %q is not active (expired, released or never made): %w", id, control.ErrUnknownLease)
	}
	l.TTL, l.ExpiresAt = control.Duration(ttl), time.Now().Add(ttl)
	l.timer = time.AfterFunc(ttl, func() { ls.end(id, control.LeaseExpired) })
	return l.Lease, nil
}

// release reverts a lease now.
func (ls *leases) release(id string) (control.Lease, error) {
	l, ok := ls.end(id, control.LeaseReleased)
	if !ok {
		return control.Lease{}, fmt.Errorf("lease %q: %w", id, control.ErrUnknownLease)
	}
	return l, nil
}

// end reverts and forgets an active lease. It reports false when the lease
// is unknown, already ended or still being applied.
func (ls *leases) end(id, state string) (control.Lease, bool) {
	ls.mu.Lock()
	l, ok := ls.active[id]
	if !ok || l.CreatedAt.IsZero() {
		ls.mu.Unlock()
		return control.Lease{}, false
	}
	delete(ls.active, id)
	l.timer.Stop()
	ls.m.leases.Set(float64(len(ls.active)))
	ls.mu.Unlock()

	out := l.Lease
	out.State = state
	result := "ok"
	if out.Revert != nil && !(state == control.LeaseShutdown && out.Revert.Op == control.OpStart) {
		// At shutdown a start is moot: everything is about to stop.
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		if err := ls.apply(ctx, *out.Revert); err != nil {
			out.RevertError = err.Error()
			result = "error"
		}
		cancel()
	}
	out.RevertedAt = time.Now()
	ls.m.leaseReverts.WithLabelValues(state, result).Inc()
	ls.mu.Lock()
	ls.ended = append(ls.ended, out)
	if len(ls.ended) > endedLeases {
		ls.ended = ls.ended[len(ls.ended)-endedLeases:]
	}
	ls.mu.Unlock()
	return out, true
}

// list returns active leases, then recently ended ones.
func (ls *leases) list() []control.Lease {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	out := make([]control.Lease, 0, len(ls.active)+len(ls.ended))
	for _, l := range ls.active {
		if !l.CreatedAt.IsZero() {
			out = append(out, l.Lease)
		}
	}
	return append(out, ls.ended...)
}

// close refuses new leases and reverts every active one, newest first.
func (ls *leases) close() {
	ls.mu.Lock()
	ls.closed = true
	var ids []string
	var at []time.Time
	for id, l := range ls.active {
		ids, at = append(ids, id), append(at, l.CreatedAt)
	}
	ls.mu.Unlock()
	for len(ids) > 0 {
		newest := 0
		for i := range ids {
			if at[i].After(at[newest]) {
				newest = i
			}
		}
		ls.end(ids[newest], control.LeaseShutdown)
		ids = append(ids[:newest], ids[newest+1:]...)
		at = append(at[:newest], at[newest+1:]...)
	}
}

func newID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
