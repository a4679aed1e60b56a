package executor

import (
	"context"
	"math"
	"sync"
	"sync/atomic"
	"time"
)

// RampingVUsType is the executor name.
const RampingVUsType = "ramping-vus"

// rampTick is how often the VU target is recomputed.
const rampTick = 10 * time.Millisecond

// RampingVUs: the number of looping VUs follows stages.
type RampingVUs struct {
	BaseConfig
	StartVUs         int64    `json:"startVUs"`
	Stages           []Stage  `json:"stages"`
	GracefulRampDown Duration `json:"gracefulRampDown"`
}

var _ Config = (*RampingVUs)(nil)

// NewRampingVUs returns k6's defaults: 1 start VU, 30s gracefulRampDown.
func NewRampingVUs(name string) *RampingVUs {
	return &RampingVUs{BaseConfig: newBase(name, RampingVUsType), StartVUs: 1, GracefulRampDown: Duration(DefaultGracefulStop)}
}

// Validate implements Config.
func (c *RampingVUs) Validate() []error {
	errs := append(c.validate(), validateStages(&c.BaseConfig, c.Stages, "VUs")...)
	if c.StartVUs < 0 {
		errs = append(errs, c.errorf("startVUs must not be negative, got %d", c.StartVUs))
	}
	if c.GracefulRampDown < 0 {
		errs = append(errs, c.errorf("gracefulRampDown %s must not be negative", c.GracefulRampDown))
	}
	if len(c.Stages) > 0 && c.MaxVUs() == 0 {
		errs = append(errs, c.errorf("startVUs or a stage target must be above 0"))
	}
	if len(c.Stages) > 0 && stagesDuration(c.Stages) <= 0 {
		errs = append(errs, c.errorf("the stages must last longer than 0s"))
	}
	return errs
}

// InitVUs implements Config.
func (c *RampingVUs) InitVUs() int64 { return c.MaxVUs() }

// MaxVUs implements Config.
func (c *RampingVUs) MaxVUs() int64 {
	m := c.StartVUs
	for _, s := range c.Stages {
		m = max(m, s.Target)
	}
	return m
}

// TotalDuration implements Config.
func (c *RampingVUs) TotalDuration() time.Duration {
	return stagesDuration(c.Stages) + c.GracefulStop.D()
}

// NewExecutor implements Config.
func (c *RampingVUs) NewExecutor() Executor { return &rampingVUs{cfg: c} }

// vusAt is the VU target t into the stages: linear within a stage,
// rounded toward the stage's start value.
func vusAt(start int64, stages []Stage, t time.Duration) int64 {
	from := start
	for _, s := range stages {
		d := s.Duration.D()
		if t < d {
			v := float64(from) + float64(s.Target-from)*float64(t)/float64(d)
			if s.Target > from {
				return int64(math.Floor(v))
			}
			return int64(math.Ceil(v))
		}
		t -= d
		from = s.Target
	}
	return from
}

type rampingVUs struct {
	cfg *RampingVUs
	clk clock
}

func (e *rampingVUs) Progress() float64 { return e.clk.fraction(stagesDuration(e.cfg.Stages)) }

// rampSlot is one VU position of the ramp; stopping it lets its VU finish
// the running iteration within gracefulRampDown.
type rampSlot struct {
	stop   atomic.Bool
	cancel context.CancelFunc
}

func (e *rampingVUs) Run(ctx context.Context, env Env) error {
	total := stagesDuration(e.cfg.Stages)
	start := e.clk.begin()
	w := newWindow(ctx, total, e.cfg.GracefulStop.D())
	defer w.close()

	var (
		wg       sync.WaitGroup
		next     atomic.Int64
		errOnce  sync.Once
		firstErr error
		slots    []*rampSlot
	)
	activate := func() {
		sctx, cancel := context.WithCancel(w.hard)
		s := &rampSlot{cancel: cancel}
		slots = append(slots, s)
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer cancel()
			vu, err := env.Acquire(sctx)
			if err != nil {
				errOnce.Do(func() { firstErr = err })
				w.cancelHard()
				return
			}
			defer vu.Release()
			for !s.stop.Load() && !w.stopped() {
				vu.Iterate(next.Add(1) - 1)
			}
		}()
	}
	deactivate := func() {
		s := slots[len(slots)-1]
		slots = slots[:len(slots)-1]
		s.stop.Store(true)
		time.AfterFunc(e.cfg.GracefulRampDown.D(), s.cancel)
	}

	ticker := time.NewTicker(rampTick)
	defer ticker.Stop()
	for {
		t := time.Since(start)
		if t >= total {
			break
		}
		want := vusAt(e.cfg.StartVUs, e.cfg.Stages, t)
		for int64(len(slots)) < want {
			activate()
		}
		for int64(len(slots)) > want {
			deactivate()
		}
		select {
		case <-ticker.C:
		case <-w.soft.Done():
		}
		if w.stopped() {
			break
		}
	}
	wg.Wait()
	return firstErr
}
