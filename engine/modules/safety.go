package modules

import (
	"context"
	"sync"
	"time"

	"github.com/mcpchaos/mcpchaos/internal/poll"
)

// ConfigError is an error of the run's configuration found by a module
// in init code (a target the config does not allow, ...): the run ends
// with k6's exit code 104, not as a script exception. Throw it with
// rt.NewGoError(&ConfigError{...}).
type ConfigError struct{ Err error }

func (e *ConfigError) Error() string { return e.Err.Error() }
func (e *ConfigError) Unwrap() error { return e.Err }

// Limiter paces requests across all VUs of a run: at most rate per
// second, evenly spaced (k6's rps option, --max-rps). Modules call Wait
// before each request they send. Safe for concurrent use; a nil Limiter
// does not limit.
type Limiter struct {
	interval time.Duration

	mu   sync.Mutex
	next time.Time // the earliest start of the next request
}

// NewLimiter returns a limiter of rate requests per second; rate <= 0
// returns nil (no limit).
func NewLimiter(rate float64) *Limiter {
	if rate <= 0 {
		return nil
	}
	return &Limiter{interval: time.Duration(float64(time.Second) / rate)}
}

// Wait blocks until the caller may send its request, or ctx ends.
func (l *Limiter) Wait(ctx context.Context) error {
	if l == nil {
		return nil
	}
	l.mu.Lock()
	now := time.Now()
	slot := l.next
	if slot.Before(now) {
		// An idle limiter gives no credit for the time it was idle.
		slot = now
	}
	l.next = slot.Add(l.interval)
	l.mu.Unlock()
	return poll.Sleep(ctx, time.Until(slot))
}
