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
	iterationsConfig
}

var _ Config = (*SharedIterations)(nil)

// NewSharedIterations returns k6's defaults: 1 VU, 1 iteration, 10m.
func NewSharedIterations(name string) *SharedIterations {
	return &SharedIterations{newIterationsConfig(name, SharedIterationsType)}
}

// Validate implements Config.
func (c *SharedIterations) Validate() []error {
	errs := c.validateIterations()
	if c.Iterations < c.VUs {
		errs = append(errs, c.errorf("iterations (%d) must not be less than vus (%d)", c.Iterations, c.VUs))
	}
	return errs
}

// iterationsConfig is what the iteration-based executors share.
type iterationsConfig struct {
	BaseConfig
	VUs         int64    `json:"vus"`
	Iterations  int64    `json:"iterations"`
	MaxDuration Duration `json:"maxDuration"`
}

func newIterationsConfig(name, typ string) iterationsConfig {
	return iterationsConfig{BaseConfig: newBase(name, typ), VUs: 1, Iterations: 1, MaxDuration: Duration(DefaultMaxDuration)}
}

func (c *iterationsConfig) validateIterations() []error {
	errs := c.validate()
	if c.VUs <= 0 {
		errs = append(errs, c.errorf("vus must be positive, got %d", c.VUs))
	}
	if c.Iterations <= 0 {
		errs = append(errs, c.errorf("iterations must be positive, got %d", c.Iterations))
	}
	if c.MaxDuration < Duration(time.Second) {
		errs = append(errs, c.errorf("maxDuration %s must be at least 1s", c.MaxDuration))
	}
	return errs
}

// InitVUs implements Config.
func (c *iterationsConfig) InitVUs() int64 { return c.VUs }

// MaxVUs implements Config.
func (c *iterationsConfig) MaxVUs() int64 { return c.VUs }

// TotalDuration implements Config.
func (c *iterationsConfig) TotalDuration() time.Duration {
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
