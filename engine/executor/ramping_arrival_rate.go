package executor

import (
	"context"
	"time"
)

// RampingArrivalRateType is the executor name.
const RampingArrivalRateType = "ramping-arrival-rate"

// RampingArrivalRate starts iterations at a rate that follows stages
// (open model).
type RampingArrivalRate struct {
	arrivalConfig
	StartRate int64   `json:"startRate"`
	Stages    []Stage `json:"stages"`
}

var _ Config = (*RampingArrivalRate)(nil)

// NewRampingArrivalRate returns k6's defaults: start rate 0, timeUnit 1s.
func NewRampingArrivalRate(name string) *RampingArrivalRate {
	return &RampingArrivalRate{arrivalConfig: newArrivalConfig(name, RampingArrivalRateType)}
}

// Validate implements Config.
func (c *RampingArrivalRate) Validate() []error {
	errs := c.validateArrival()
	errs = append(errs, validateStages(&c.BaseConfig, c.Stages, "iterations per timeUnit")...)
	if c.StartRate < 0 {
		errs = append(errs, c.errorf("startRate must not be negative, got %d", c.StartRate))
	}
	if len(c.Stages) > 0 && stagesDuration(c.Stages) <= 0 {
		errs = append(errs, c.errorf("the stages must last longer than 0s"))
	}
	return errs
}

// TotalDuration implements Config.
func (c *RampingArrivalRate) TotalDuration() time.Duration {
	return stagesDuration(c.Stages) + c.GracefulStop.D()
}

// NewExecutor implements Config.
func (c *RampingArrivalRate) NewExecutor() Executor { return &rampingArrivalRate{cfg: c} }

type rampingArrivalRate struct {
	cfg *RampingArrivalRate
	clk clock
}

func (e *rampingArrivalRate) Progress() float64 {
	return e.clk.fraction(stagesDuration(e.cfg.Stages))
}

func (e *rampingArrivalRate) Run(ctx context.Context, env Env) error {
	sched := newRateSchedule(e.cfg.TimeUnit.D(), e.cfg.StartRate, e.cfg.Stages)
	return runArrival(ctx, env, &e.clk, sched, e.cfg.GracefulStop.D(), &e.cfg.arrivalConfig)
}
