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
	BaseConfig
	Rate            int64    `json:"rate"`
	TimeUnit        Duration `json:"timeUnit"`
	Duration        Duration `json:"duration"`
	PreAllocatedVUs int64    `json:"preAllocatedVUs"`
	MaxVUsOpt       int64    `json:"maxVUs"`
}

var _ Config = (*ConstantArrivalRate)(nil)

// NewConstantArrivalRate returns k6's defaults: timeUnit 1s.
func NewConstantArrivalRate(name string) *ConstantArrivalRate {
	return &ConstantArrivalRate{BaseConfig: newBase(name, ConstantArrivalRateType), TimeUnit: Duration(time.Second)}
}

// Validate implements Config.
func (c *ConstantArrivalRate) Validate() []error {
	errs := append(c.validate(), validateArrival(&c.BaseConfig, c.TimeUnit, c.PreAllocatedVUs, c.MaxVUsOpt)...)
	if c.Rate <= 0 {
		errs = append(errs, c.errorf("rate is required and must be positive, got %d", c.Rate))
	}
	if c.Duration <= 0 {
		errs = append(errs, c.errorf("duration is required and must be positive, e.g. \"30s\""))
	}
	return errs
}

// InitVUs implements Config.
func (c *ConstantArrivalRate) InitVUs() int64 { return c.PreAllocatedVUs }

// MaxVUs implements Config.
func (c *ConstantArrivalRate) MaxVUs() int64 { return max(c.MaxVUsOpt, c.PreAllocatedVUs) }

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
	return runArrival(ctx, env, &e.clk, sched, e.cfg.GracefulStop.D(), e.cfg.PreAllocatedVUs, e.cfg.MaxVUs())
}
