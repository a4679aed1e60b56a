package faultsjs

import (
	"context"
	"fmt"

	"github.com/grafana/sobek"

	"github.com/mcpchaos/mcpchaos/engine/modules"
	"github.com/mcpchaos/mcpchaos/faults"
)

// DefaultEventsFile is where the run's fault event log goes, relative to
// the working directory, unless WithEventsFile says otherwise. It is
// written (truncated first) only by runs that inject a fault.
const DefaultEventsFile = "mcpchaos-events.jsonl"

// Module is the k6/x/faults root module: one per run, shared by the
// instances of every VU.
type Module struct {
	eventsPath string
	keeper     KeeperFunc

	shared
}

// KeeperFunc finds or starts the lease keeper of a config that names no
// supervisor (the fault watchdog).
type KeeperFunc func(ctx context.Context) (faults.Keeper, error)

// Option configures the module.
type Option func(*Module)

// WithEventsFile writes the fault event log (JSON lines) to path.
func WithEventsFile(path string) Option {
	return func(m *Module) {
		if path != "" {
			m.eventsPath = path
		}
	}
}

// WithKeeper sets how the lease keeper is found when mcpchaos.yaml has no
// faults.supervisor but toxiproxy or docker targets; without it such
// faults are refused (faults.ErrNoKeeper).
func WithKeeper(k KeeperFunc) Option { return func(m *Module) { m.keeper = k } }

var (
	_ modules.Module   = (*Module)(nil)
	_ modules.RunEnder = (*Module)(nil)
	_ modules.Instance = (*instance)(nil)
)

// New returns the k6/x/faults module for one run.
func New(opts ...Option) *Module {
	m := &Module{eventsPath: DefaultEventsFile}
	for _, o := range opts {
		o(m)
	}
	return m
}

// NewInstance binds the module to one VU.
func (m *Module) NewInstance(vu modules.VU) (modules.Instance, error) {
	return &instance{root: m, vu: vu}, nil
}

// EndRun implements modules.RunEnder: it reverts every fault still in
// effect and returns the run's verdict (exit 121 when a fault could not
// be reverted, at any time of the run).
func (m *Module) EndRun() error { return m.end() }

// instance is the module bound to one VU.
type instance struct {
	root *Module
	vu   modules.VU
}

// Exports are one inject function per fault kind.
func (i *instance) Exports() modules.Exports {
	return modules.Exports{Named: map[string]any{
		"latency":   injectFunc[faults.Latency](i, "latency"),
		"errors":    injectFunc[faults.Errors](i, "errors"),
		"bandwidth": injectFunc[faults.Bandwidth](i, "bandwidth"),
		"oomKill":   injectFunc[faults.OOMKill](i, "oomKill"),
		"tlsExpiry": injectFunc[faults.TLSExpiry](i, "tlsExpiry"),
		"stop":      injectFunc[faults.Stop](i, "stop"),
		"kill":      injectFunc[faults.Kill](i, "kill"),
	}}
}

// injectFunc is faults.<name>(options): the spec S from the options
// object, injected; it returns the fault's handle or throws.
func injectFunc[S faults.Spec](i *instance, name string) func(sobek.FunctionCall) sobek.Value {
	return func(call sobek.FunctionCall) sobek.Value {
		var spec S
		if err := decodeSpec(call.Argument(0), &spec); err != nil {
			i.throw(fmt.Errorf("faults.%s: %w", name, err))
		}
		return i.inject(name, spec)
	}
}

func (i *instance) inject(name string, spec faults.Spec) sobek.Value {
	if i.vu.State() == nil {
		i.throw(fmt.Errorf("faults.%s: faults are injected in setup(), default or a scenario function, not in init code (which runs once per VU)", name))
	}
	env := i.vu.InitEnv()
	if err := faults.Check(env.Config, spec); err != nil {
		i.throw(fmt.Errorf("faults.%s: %w", name, err))
	}
	in, err := i.root.injector(i.vu.Context(), env)
	if err != nil {
		i.throw(fmt.Errorf("faults.%s: %w", name, err))
	}
	h, err := in.Inject(i.vu.Context(), spec)
	if err != nil {
		i.root.note(err)
		i.throw(fmt.Errorf("faults.%s: %w", name, err))
	}
	i.root.track(h)
	return i.handle(h)
}
