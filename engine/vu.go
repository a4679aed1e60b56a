package engine

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/grafana/sobek"

	"github.com/mcpchaos/mcpchaos/engine/metrics"
	"github.com/mcpchaos/mcpchaos/engine/modules"
	"github.com/mcpchaos/mcpchaos/engine/summary"
)

// vu is one virtual user: its own JavaScript runtime with the script's
// init code evaluated once, its module instances and its sample buffer.
// All its methods run on the goroutine that currently owns it, except the
// counters read by InstanceInfo.
type vu struct {
	id  uint64
	run *runEnv
	rt  *sobek.Runtime
	ctx context.Context

	state   *modules.State // nil while init code runs
	st      modules.State  // storage for state
	out     *pusher
	loop    eventLoop
	timers  timers
	closers []func() error
	inst    map[*goModuleRecord]*goModuleInstance
	ns      *sobek.Object // the main module's namespace
	env     *sobek.Object // __ENV without scenario env
	parse   sobek.Callable

	act       *activation
	scenarios map[string]*vuScenario
	vuTags    map[string]string
	data      sobek.Value              // parsed setup data, nil until needed
	cjs       map[string]*sobek.Object // require()d CommonJS modules by path
	cjsStack  []string                 // CommonJS files being loaded

	completed, interrupted atomic.Int64
}

var (
	_ modules.VU        = (*vu)(nil)
	_ modules.EventLoop = (*vu)(nil)
	_ modules.Execution = (*vu)(nil)
)

// newVU creates a VU's runtime and globals; evaluate runs its init code.
func newVU(ctx context.Context, run *runEnv, id uint64) *vu {
	v := &vu{
		id:        id,
		run:       run,
		rt:        sobek.New(),
		ctx:       ctx,
		inst:      map[*goModuleRecord]*goModuleInstance{},
		scenarios: map[string]*vuScenario{},
		vuTags:    map[string]string{},
	}
	v.rt.SetFieldNameMapper(sobek.TagFieldNameMapper("js", true))
	v.loop.init(v.rt)
	v.timers.init(&v.loop)
	v.timers.install(v.rt)
	run.loader.register(v)
	v.env = envObject(v.rt, run.initEnv.Env, nil)
	g := v.rt.GlobalObject()
	_ = g.Set("__VU", id)
	_ = g.Set("__ITER", 0)
	_ = g.Set("__ENV", v.env)
	_ = g.Set("console", newConsole(v))
	_ = g.Set("open", v.open)
	_ = g.Set("require", v.require)
	parse, _ := sobek.AssertFunction(v.rt.Get("JSON").ToObject(v.rt).Get("parse"))
	v.parse = parse
	if run.agg != nil {
		v.setPusher(newPusher(run.agg))
	}
	return v
}

func (v *vu) setPusher(p *pusher) {
	v.out = p
	v.st.Samples = p
}

// evaluate runs the script's init code in this VU.
func (v *vu) evaluate(ctx context.Context) (err error) {
	unbind := v.bind(ctx)
	defer unbind()
	defer v.recoverInto(&err, "init code")
	p := v.run.main.Evaluate(v.rt)
	if err := v.loop.wait(v.ctx, v.rt, p); err != nil {
		v.timers.reset()
		return err
	}
	v.ns = v.rt.NamespaceObjectFor(v.run.main)
	return nil
}

// recoverInto turns a Go panic that escaped a module into an error.
func (v *vu) recoverInto(err *error, what string) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("%s: internal error in a module (the VU is unusable): %v", what, r)
	}
}

// instantiate returns this VU's instance of a Go module, creating it once.
func (v *vu) instantiate(g *goModuleRecord) (inst *goModuleInstance, err error) {
	if i, ok := v.inst[g]; ok {
		return i, nil
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("import %q: the module failed to start: %v", g.spec, r)
		}
	}()
	mi, err := g.mod.NewInstance(v)
	if err != nil {
		return nil, fmt.Errorf("import %q: %w", g.spec, err)
	}
	i := newGoModuleInstance(v.rt, g.spec, mi.Exports())
	v.inst[g] = i
	return i, nil
}

// bind makes ctx the VU's context until the returned function is called;
// when ctx ends first, running JavaScript is interrupted.
func (v *vu) bind(ctx context.Context) (unbind func()) {
	prev := v.ctx
	v.ctx = ctx
	var wg sync.WaitGroup
	wg.Add(1)
	stop := context.AfterFunc(ctx, func() {
		defer wg.Done()
		v.rt.Interrupt(errInterrupted)
	})
	return func() {
		if stop() {
			wg.Done()
		}
		wg.Wait()
		v.rt.ClearInterrupt()
		v.ctx = prev
	}
}

// close runs the OnClose functions, last registered first.
func (v *vu) close() error {
	var first error
	for i := len(v.closers) - 1; i >= 0; i-- {
		if err := v.closers[i](); err != nil && first == nil {
			first = err
		}
	}
	v.closers = nil
	// Close hooks may push samples (session durations, ...): hand them on
	// before the run's final aggregation.
	v.Flush()
	v.run.loader.unregister(v)
	return first
}

// Runtime implements modules.VU.
func (v *vu) Runtime() *sobek.Runtime { return v.rt }

// Context implements modules.VU.
func (v *vu) Context() context.Context { return v.ctx }

// InitEnv implements modules.VU.
func (v *vu) InitEnv() *modules.InitEnv { return v.run.initEnv }

// State implements modules.VU.
func (v *vu) State() *modules.State { return v.state }

// OnClose implements modules.VU.
func (v *vu) OnClose(fn func() error) { v.closers = append(v.closers, fn) }

// RegisterCallback implements modules.EventLoop.
func (v *vu) RegisterCallback() func(func() error) { return v.loop.register() }

// RootGroup is the run's group tree (for the k6 module).
func (v *vu) RootGroup() *summary.Group { return v.run.root }

// Flush hands buffered samples on (sleep() calls it).
func (v *vu) Flush() {
	if v.out != nil {
		v.out.Flush()
	}
}

// envObject builds an __ENV object from base with extra on top.
func envObject(rt *sobek.Runtime, base, extra map[string]string) *sobek.Object {
	o := rt.NewObject()
	for k, val := range base {
		_ = o.Set(k, val)
	}
	for k, val := range extra {
		_ = o.Set(k, val)
	}
	return o
}

// tagsWith returns t with every tag of m set.
func tagsWith(t *metrics.TagSet, m map[string]string) *metrics.TagSet {
	for _, k := range sortedKeys(m) {
		t = t.With(k, m[k])
	}
	return t
}

// retag sets (or with an empty value removes) one tag.
func retag(t *metrics.TagSet, name, value string) *metrics.TagSet {
	if value == "" {
		return t.Without(name)
	}
	return t.With(name, value)
}
