package executor

import (
	"context"
	"sync/atomic"
)

// PerVUIterationsType is the executor name.
const PerVUIterationsType = "per-vu-iterations"

// PerVUIterations: each VU runs the same number of iterations.
type PerVUIterations struct {
	iterationsConfig
}

var _ Config = (*PerVUIterations)(nil)

// NewPerVUIterations returns k6's defaults: 1 VU, 1 iteration, 10m.
func NewPerVUIterations(name string) *PerVUIterations {
	return &PerVUIterations{newIterationsConfig(name, PerVUIterationsType)}
}

// Validate implements Config.
func (c *PerVUIterations) Validate() []error { return c.validateIterations() }

// NewExecutor implements Config.
func (c *PerVUIterations) NewExecutor() Executor { return &perVUIterations{cfg: c} }

type perVUIterations struct {
	cfg  *PerVUIterations
	done atomic.Int64
}

func (e *perVUIterations) Progress() float64 {
	return float64(e.done.Load()) / float64(e.cfg.Iterations*e.cfg.VUs)
}

func (e *perVUIterations) Run(ctx context.Context, env Env) error {
	w := newWindow(ctx, e.cfg.MaxDuration.D(), e.cfg.GracefulStop.D())
	defer w.close()
	var next, started atomic.Int64
	err := runVUs(w, env, e.cfg.VUs, func(_ int64, vu VU) {
		for i := int64(0); i < e.cfg.Iterations && !w.stopped(); i++ {
			started.Add(1)
			vu.Iterate(next.Add(1) - 1)
			e.done.Add(1)
		}
	})
	if total := e.cfg.Iterations * e.cfg.VUs; started.Load() < total {
		env.Dropped(total - started.Load())
	}
	return err
}
