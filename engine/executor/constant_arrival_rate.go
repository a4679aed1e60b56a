package executor

import (
	"context"
	"time"
)

// ConstantArrivalRateType is the executor name.
const ConstantArrivalRateType = "constant-arrival-rate"

// ConstantArrivalRate starts rate iterations per timeUnit for a duration,
// whatever the iterations take (open model).
type ConstantArrivalRate struct {
	arrivalConfig
	Rate     int64    `json:"rate"`
	Duration Duration `json:"duration"`
}

var _ Config = (*ConstantArrivalRate)(nil)

// NewConstantArrivalRate returns k6's defaults: timeUnit 1s.
func NewConstantArrivalRate(name string) *ConstantArrivalRate {
	return &ConstantArrivalRate{arrivalConfig: newArrivalConfig(name, ConstantArrivalRateType)}
}

// Validate implements Config.
func (c *ConstantArrivalRate) Validate() []error {
	errs := c.validateArrival()
	if c.Rate <= 0 {
		errs = append(errs, c.errorf("rate is required and must be positive, got %d", c.Rate))
	}
	if c.Duration <= 0 {
		errs = append(errs, c.errorf("duration is required and must be positive, e.g. \"30s\""))
	}
	return errs
}

// TotalDuration implements Config.
func (c *ConstantArrivalRate) TotalDuration() time.Duration {
	return c.Duration.D() + c.GracefulStop.D()
}

// NewExecutor implements Config.
func (c *ConstantArrivalRate) NewExecutor() Executor { return &constantArrivalRate{cfg: c} }

type constantArrivalRate struct {
	cfg *ConstantArrivalRate
	clk clock
}

func (e *constantArrivalRate) Progress() float64 { return e.clk.fraction(e.cfg.Duration.D()) }

func (e *constantArrivalRate) Run(ctx context.Context, env Env) error {
	sched := newRateSchedule(e.cfg.TimeUnit.D(), e.cfg.Rate, []Stage{{Duration: e.cfg.Duration, Target: e.cfg.Rate}})
	return runArrival(ctx, env, &e.clk, sched, e.cfg.GracefulStop.D(), &e.cfg.arrivalConfig)
}
