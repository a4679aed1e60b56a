package executor

import (
	"context"
	"time"
)

// Config is one scenario's executor configuration.
type Config interface {
	// Common returns the options every executor has.
	Common() *BaseConfig
	// Validate reports every problem of the configuration.
	Validate() []error
	// InitVUs is how many VUs the scenario wants initialized before the
	// test starts (preAllocatedVUs for arrival-rate executors).
	InitVUs() int64
	// MaxVUs is the most VUs the scenario uses at once.
	MaxVUs() int64
	// TotalDuration is the longest the scenario runs, gracefulStop included.
	TotalDuration() time.Duration
	// NewExecutor returns the executor that runs this configuration.
	NewExecutor() Executor
}

// Executor runs one scenario.
type Executor interface {
	// Run starts iterations on VUs from env until the scenario is done,
	// waits for running iterations within gracefulStop, and returns. When
	// ctx is cancelled it stops at once, interrupting running iterations.
	// An error means a VU could not be initialized.
	Run(ctx context.Context, env Env) error
	// Progress is how far the scenario is, from 0 to 1.
	Progress() float64
}

// Env is what an executor uses of the engine.
type Env struct {
	// Acquire returns a VU activated for this scenario, initializing one if
	// none is idle. When ctx is done, an iteration running on the VU is
	// interrupted; ctx also bounds the initialization.
	Acquire func(ctx context.Context) (VU, error)
	// Dropped records n iterations the executor could not start.
	Dropped func(n int64)
}

// VU is one virtual user as an executor sees it. A VU is used by one
// goroutine at a time.
type VU interface {
	// Iterate runs one iteration, numbered n within the scenario (across
	// all VUs). It reports whether the iteration ran to its end (false when
	// it was interrupted because the Acquire context was done).
	Iterate(n int64) bool
	// Release returns the VU to the pool; the VU must not be used after.
	Release()
}
