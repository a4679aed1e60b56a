package executor

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// window is the time frame of one scenario run: soft ends when no new
// iteration may start, hard (soft + gracefulStop) when running ones are
// interrupted. Both end when the parent context does.
type window struct {
	soft, hard             context.Context
	cancelSoft, cancelHard context.CancelFunc
}

func newWindow(ctx context.Context, run, grace time.Duration) *window {
	w := &window{}
	w.hard, w.cancelHard = context.WithTimeout(ctx, run+grace)
	w.soft, w.cancelSoft = context.WithTimeout(w.hard, run)
	return w
}

// stopped reports whether no new iteration may start (an atomic load).
func (w *window) stopped() bool { return w.soft.Err() != nil }

func (w *window) close() {
	w.cancelSoft()
	w.cancelHard()
}

// clock tracks elapsed time for Progress.
type clock struct {
	start atomic.Int64 // unix nanos; 0 before Run
}

func (c *clock) begin() time.Time {
	now := time.Now()
	c.start.Store(now.UnixNano())
	return now
}

// fraction is elapsed/total, clamped to [0, 1].
func (c *clock) fraction(total time.Duration) float64 {
	s := c.start.Load()
	if s == 0 {
		return 0
	}
	if total <= 0 {
		return 1
	}
	f := float64(time.Now().UnixNano()-s) / float64(total)
	return min(max(f, 0), 1)
}

// runVUs acquires n VUs for the window, all before any starts (so each
// is a distinct VU), then runs body on each in its own goroutine; it
// returns when all are done, with the first Acquire error (which also ends
// the window).
func runVUs(w *window, env Env, n int64, body func(i int64, vu VU)) error {
	vus := make([]VU, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range vus {
		wg.Add(1)
		go func() {
			defer wg.Done()
			vus[i], errs[i] = env.Acquire(w.hard)
		}()
	}
	wg.Wait()
	if err := firstError(errs); err != nil {
		w.cancelHard()
		for _, vu := range vus {
			if vu != nil {
				vu.Release()
			}
		}
		return err
	}
	for i, vu := range vus {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer vu.Release()
			body(int64(i), vu)
		}()
	}
	wg.Wait()
	return nil
}

func firstError(errs []error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
