package executor

import (
	"context"
	"sync/atomic"
	"time"
)

// ConstantVUsType is the executor name.
const ConstantVUsType = "constant-vus"

// ConstantVUs: a fixed number of VUs loop for a duration.
type ConstantVUs struct {
	BaseConfig
	VUs      int64    `json:"vus"`
	Duration Duration `json:"duration"`
}

var _ Config = (*ConstantVUs)(nil)

// NewConstantVUs returns k6's defaults: 1 VU, no duration (required).
func NewConstantVUs(name string) *ConstantVUs {
	return &ConstantVUs{BaseConfig: newBase(name, ConstantVUsType), VUs: 1}
}

// Validate implements Config.
func (c *ConstantVUs) Validate() []error {
	errs := c.validate()
	if c.VUs <= 0 {
		errs = append(errs, c.errorf("vus must be positive, got %d", c.VUs))
	}
	if c.Duration <= 0 {
		errs = append(errs, c.errorf("duration is required and must be positive, e.g. \"30s\""))
	}
	return errs
}

// InitVUs implements Config.
func (c *ConstantVUs) InitVUs() int64 { return c.VUs }

// MaxVUs implements Config.
func (c *ConstantVUs) MaxVUs() int64 { return c.VUs }

// TotalDuration implements Config.
func (c *ConstantVUs) TotalDuration() time.Duration { return c.Duration.D() + c.GracefulStop.D() }

// NewExecutor implements Config.
func (c *ConstantVUs) NewExecutor() Executor { return &constantVUs{cfg: c} }

type constantVUs struct {
	cfg *ConstantVUs
	clk clock
}

func (e *constantVUs) Progress() float64 { return e.clk.fraction(e.cfg.Duration.D()) }

func (e *constantVUs) Run(ctx context.Context, env Env) error {
	e.clk.begin()
	w := newWindow(ctx, e.cfg.Duration.D(), e.cfg.GracefulStop.D())
	defer w.close()
	var next atomic.Int64
	return runVUs(w, env, e.cfg.VUs, func(_ int64, vu VU) {
		for !w.stopped() {
			vu.Iterate(next.Add(1) - 1)
		}
	})
}
