package executor

import (
	"context"
	"sync/atomic"
	"time"
)

// SharedIterationsType is the executor name.
const SharedIterationsType = "shared-iterations"

// SharedIterations: VUs share a fixed number of iterations.
type SharedIterations struct {
	BaseConfig
	VUs         int64    `json:"vus"`
	Iterations  int64    `json:"iterations"`
	MaxDuration Duration `json:"maxDuration"`
}

var _ Config = (*SharedIterations)(nil)

// NewSharedIterations returns k6's defaults: 1 VU, 1 iteration, 10m.
func NewSharedIterations(name string) *SharedIterations {
	return &SharedIterations{BaseConfig: newBase(name, SharedIterationsType), VUs: 1, Iterations: 1, MaxDuration: Duration(DefaultMaxDuration)}
}

// Validate implements Config.
func (c *SharedIterations) Validate() []error {
	errs := c.validate()
	errs = append(errs, validateIterations(&c.BaseConfig, c.VUs, c.Iterations, c.MaxDuration)...)
	if c.Iterations < c.VUs {
		errs = append(errs, c.errorf("iterations (%d) must not be less than vus (%d)", c.Iterations, c.VUs))
	}
	return errs
}

func validateIterations(b *BaseConfig, vus, iterations int64, maxDuration Duration) []error {
	var errs []error
	if vus <= 0 {
		errs = append(errs, b.errorf("vus must be positive, got %d", vus))
	}
	if iterations <= 0 {
		errs = append(errs, b.errorf("iterations must be positive, got %d", iterations))
	}
	if maxDuration < Duration(time.Second) {
		errs = append(errs, b.errorf("maxDuration %s must be at least 1s", maxDuration))
	}
	return errs
}

// InitVUs implements Config.
func (c *SharedIterations) InitVUs() int64 { return c.VUs }

// MaxVUs implements Config.
func (c *SharedIterations) MaxVUs() int64 { return c.VUs }

// TotalDuration implements Config.
func (c *SharedIterations) TotalDuration() time.Duration {
	return c.MaxDuration.D() + c.GracefulStop.D()
}

// NewExecutor implements Config.
func (c *SharedIterations) NewExecutor() Executor { return &sharedIterations{cfg: c} }

type sharedIterations struct {
	cfg  *SharedIterations
	done atomic.Int64
}

func (e *sharedIterations) Progress() float64 {
	return float64(e.done.Load()) / float64(e.cfg.Iterations)
}

func (e *sharedIterations) Run(ctx context.Context, env Env) error {
	w := newWindow(ctx, e.cfg.MaxDuration.D(), e.cfg.GracefulStop.D())
	defer w.close()
	var next atomic.Int64
	err := runVUs(w, env, e.cfg.VUs, func(_ int64, vu VU) {
		for !w.stopped() {
			n := next.Add(1) - 1
			if n >= e.cfg.Iterations {
				return
			}
			vu.Iterate(n)
			e.done.Add(1)
		}
	})
	if started := min(next.Load(), e.cfg.Iterations); started < e.cfg.Iterations {
		env.Dropped(e.cfg.Iterations - started)
	}
	return err
}
