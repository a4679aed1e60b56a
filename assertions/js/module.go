package assertionsjs

import (
	"fmt"
	"time"

	"github.com/grafana/sobek"

	"github.com/mcpchaos/mcpchaos/engine/metrics"
	"github.com/mcpchaos/mcpchaos/engine/modules"
	"github.com/mcpchaos/mcpchaos/engine/summary"
	"github.com/mcpchaos/mcpchaos/internal/calllog"
)

// DefaultResultsFile is where the run's results file goes, relative to
// the working directory, unless WithResultsFile says otherwise. It is
// created (truncated first) when the run's first expectation is
// recorded; a run that asserts nothing leaves no file.
const DefaultResultsFile = "mcpchaos-assertions.jsonl"

// DefaultEndWait is how long EndRun waits for background expectations
// still running when the run ends before it stops them (they are then
// Error: could not evaluate).
const DefaultEndWait = 30 * time.Second

// Module is the k6/x/assertions root module: one per run, shared by the
// instances of every VU.
type Module struct {
	resultsPath string
	endWait     time.Duration
	calls       *calllog.Log

	shared
}

// Option configures the module.
type Option func(*Module)

// WithResultsFile writes the results file (JSON lines, one
// assertions.Entry a line) to path.
func WithResultsFile(path string) Option {
	return func(m *Module) {
		if path != "" {
			m.resultsPath = path
		}
	}
}

// WithEndWait sets how long EndRun waits for background expectations
// still running (default DefaultEndWait).
func WithEndWait(d time.Duration) Option {
	return func(m *Module) {
		if d > 0 {
			m.endWait = d
		}
	}
}

var (
	_ modules.Module   = (*Module)(nil)
	_ modules.RunEnder = (*Module)(nil)
	_ modules.Instance = (*instance)(nil)
)

// New returns the k6/x/assertions module for one run.
func New(opts ...Option) *Module {
	m := &Module{resultsPath: DefaultResultsFile, endWait: DefaultEndWait}
	for _, o := range opts {
		o(m)
	}
	return m
}

// groupTree is what the module needs of the VU beyond modules.VU: the
// run's group tree, where checks are counted for the summary. The
// engine's VU has it.
type groupTree interface {
	RootGroup() *summary.Group
}

// NewInstance binds the module to one VU.
func (m *Module) NewInstance(vu modules.VU) (modules.Instance, error) {
	gt, ok := vu.(groupTree)
	if !ok {
		return nil, fmt.Errorf("k6/x/assertions needs a VU with a group tree (RootGroup) to record its checks; got %T", vu)
	}
	m.calls.Want() // the script reads k6/x/mcp's calls: keep them
	env := vu.InitEnv()
	ttd, err := env.Registry.NewMetric(metricTimeToDetect, metrics.Trend, metrics.Time)
	if err != nil {
		return nil, err
	}
	return &instance{root: m, vu: vu, sinks: &sinks{checks: env.Builtin.Checks, ttd: ttd, groups: gt.RootGroup(), log: env.Logger}}, nil
}

// EndRun implements modules.RunEnder: it waits (bounded) for background
// expectations still running, stops the rest, records every result not
// recorded yet, closes the results file and returns the run's verdict:
// exit 120 (engine.ExitCouldNotEvaluate) when any expectation of the run
// could not be evaluated.
func (m *Module) EndRun() error { return m.end(m.endWait) }

// instance is the module bound to one VU.
type instance struct {
	root  *Module
	vu    modules.VU
	sinks *sinks
}

// Exports are one function per expectation, the same under background
// (which returns a handle at once), and queryValue.
func (i *instance) Exports() modules.Exports {
	named := map[string]any{"queryValue": i.queryValue, "calls": i.callsFunc, "verify": i.verify}
	bg := i.vu.Runtime().NewObject()
	for _, e := range expectations() {
		named[e.name] = i.syncFunc(e)
		_ = bg.Set(e.name, i.backgroundFunc(e))
	}
	named["background"] = bg
	return modules.Exports{Named: named}
}

// state returns the running iteration's state, or throws in init code.
func (i *instance) state(fn string) *modules.State {
	st := i.vu.State()
	if st == nil {
		i.throw(fmt.Errorf("%w: assertions.%s() runs in setup(), default, teardown() or a scenario function, not in init code (which runs once per VU, before the test)", errInit, fn))
	}
	return st
}

// loop is the VU's event loop, for background expectations.
func (i *instance) loop(fn string) modules.EventLoop {
	l, ok := i.vu.(modules.EventLoop)
	if !ok {
		i.throw(fmt.Errorf("assertions.%s(): this VU has no event loop for background work", fn))
	}
	return l
}

// ms is a time as milliseconds since the epoch, null when unset.
func ms(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixMilli()
}

// durationMs is a duration in (fractional) milliseconds.
func durationMs(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// null is JavaScript's null, for functions that return no value.
func null() sobek.Value { return sobek.Null() }
