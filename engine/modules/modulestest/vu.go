package modulestest

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"sync"
	"testing/fstest"

	"github.com/grafana/sobek"

	"github.com/mcpchaos/mcpchaos/config"
	"github.com/mcpchaos/mcpchaos/engine/metrics"
	"github.com/mcpchaos/mcpchaos/engine/modules"
)

// VU is a fake modules.VU. It starts in init state (State() nil); call
// StartIteration to move it to running state.
type VU struct {
	RT  *sobek.Runtime
	Ctx context.Context
	Env *modules.InitEnv
	St  *modules.State

	mu      sync.Mutex
	samples []metrics.Sample
	closers []func() error
}

var _ modules.VU = (*VU)(nil)

// New returns a VU in init state with a fresh registry and built-ins.
func New(ctx context.Context) (*VU, error) {
	reg := metrics.NewRegistry()
	b, err := metrics.RegisterBuiltins(reg)
	if err != nil {
		return nil, err
	}
	rt := sobek.New()
	rt.SetFieldNameMapper(sobek.TagFieldNameMapper("js", true))
	return &VU{
		RT:  rt,
		Ctx: ctx,
		Env: &modules.InitEnv{
			Registry: reg,
			Builtin:  b,
			Config:   &config.Config{},
			Logger:   slog.New(slog.DiscardHandler),
			FS:       fs.FS(fstest.MapFS{}),
			Env:      map[string]string{},
			Tags:     metrics.NewTagSet(nil),
		},
	}, nil
}

// Runtime implements modules.VU.
func (v *VU) Runtime() *sobek.Runtime { return v.RT }

// Context implements modules.VU.
func (v *VU) Context() context.Context { return v.Ctx }

// InitEnv implements modules.VU.
func (v *VU) InitEnv() *modules.InitEnv { return v.Env }

// State implements modules.VU.
func (v *VU) State() *modules.State { return v.St }

// OnClose implements modules.VU.
func (v *VU) OnClose(fn func() error) {
	v.mu.Lock()
	v.closers = append(v.closers, fn)
	v.mu.Unlock()
}

// StartIteration moves the VU to running state with the given tags; the
// samples it pushes are added to their metrics and recorded.
func (v *VU) StartIteration(tags map[string]string) {
	v.St = &modules.State{
		VUID:     1,
		Scenario: "default",
		Tags:     v.Env.Tags.Merge(metrics.NewTagSet(tags)),
		Samples:  metrics.PusherFunc(v.push),
	}
}

func (v *VU) push(samples ...metrics.Sample) {
	v.mu.Lock()
	defer v.mu.Unlock()
	for _, s := range samples {
		s.Metric.Add(s)
		v.samples = append(v.samples, s)
	}
}

// Samples returns every sample pushed so far.
func (v *VU) Samples() []metrics.Sample {
	v.mu.Lock()
	defer v.mu.Unlock()
	return append([]metrics.Sample(nil), v.samples...)
}

// SamplesOf returns the pushed samples of one metric.
func (v *VU) SamplesOf(name string) []metrics.Sample {
	var out []metrics.Sample
	for _, s := range v.Samples() {
		if s.Metric.Name == name {
			out = append(out, s)
		}
	}
	return out
}

// Close runs the OnClose functions, last registered first.
func (v *VU) Close() error {
	v.mu.Lock()
	fns := v.closers
	v.closers = nil
	v.mu.Unlock()
	var first error
	for i := len(fns) - 1; i >= 0; i-- {
		if err := fns[i](); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// Load instantiates m for this VU and sets its named exports as globals
// under name (e.g. `metrics`), so test scripts call metrics.Counter(...).
func (v *VU) Load(name string, m modules.Module) (modules.Instance, error) {
	inst, err := m.NewInstance(v)
	if err != nil {
		return nil, err
	}
	ex := inst.Exports()
	obj := v.RT.NewObject()
	for k, val := range ex.Named {
		if err := obj.Set(k, val); err != nil {
			return nil, err
		}
	}
	if ex.Default != nil {
		if err := obj.Set("default", ex.Default); err != nil {
			return nil, err
		}
	}
	return inst, v.RT.Set(name, obj)
}

// Run evaluates src in the VU's runtime.
func (v *VU) Run(src string) (sobek.Value, error) {
	return v.RT.RunString(src)
}

// NewLoaded returns a VU in init state with module m loaded under name.
func NewLoaded(ctx context.Context, name string, m modules.Module) (*VU, error) {
	vu, err := New(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := vu.Load(name, m); err != nil {
		return nil, fmt.Errorf("load %s: %w", name, err)
	}
	return vu, nil
}
