package engine

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/grafana/sobek"

	"github.com/mcpchaos/mcpchaos/engine/executor"
	"github.com/mcpchaos/mcpchaos/engine/metrics"
	"github.com/mcpchaos/mcpchaos/engine/modules"
)

// scenarioRun is one scenario of the running test.
type scenarioRun struct {
	cfg    executor.Config
	exec   executor.Executor
	name   string
	fnName string
	tags   *metrics.TagSet // run tags + scenario tags + scenario name + group ""
	start  atomic.Int64    // unix nanos when it started; 0 before
	vuIDs  atomic.Uint64   // VU numbers within the scenario
}

// vuScenario is what a VU remembers of a scenario between activations.
type vuScenario struct {
	id   uint64 // VU number within the scenario
	iter int64  // __ITER
	fn   sobek.Callable
	env  *sobek.Object // __ENV with the scenario's env, nil when none
}

// activation is a VU lent to an executor for one scenario.
type activation struct {
	v      *vu
	sc     *scenarioRun
	vs     *vuScenario
	tags   *metrics.TagSet
	unbind func()
	pool   *pool
}

var _ executor.VU = (*activation)(nil)

// activate prepares v to run sc's iterations until ctx ends.
func (v *vu) activate(ctx context.Context, sc *scenarioRun) (*activation, error) {
	vs, ok := v.scenarios[sc.name]
	if !ok {
		fn, _ := sobek.AssertFunction(v.ns.Get(sc.fnName))
		if fn == nil {
			return nil, configError("scenario %q: exec %q is not an exported function of the script", sc.name, sc.fnName)
		}
		vs = &vuScenario{id: sc.vuIDs.Add(1), fn: fn}
		if env := sc.cfg.Common().Env; len(env) > 0 {
			vs.env = envObject(v.rt, v.run.initEnv.Env, env)
		}
		v.scenarios[sc.name] = vs
	}
	env := v.env
	if vs.env != nil {
		env = vs.env
	}
	_ = v.rt.Set("__ENV", env)
	a := &activation{v: v, sc: sc, vs: vs, tags: tagsWith(sc.tags, v.vuTags)}
	v.st.VUID = v.id
	v.st.VUIDInScenario = vs.id
	v.st.Scenario = sc.name
	v.st.Group = ""
	v.st.Tags = a.tags
	v.state = &v.st
	v.act = a
	a.unbind = v.bind(ctx)
	return a, nil
}

// Iterate implements executor.VU.
func (a *activation) Iterate(n int64) bool { return a.v.iterate(a, n) }

// Release implements executor.VU.
func (a *activation) Release() {
	v := a.v
	a.unbind()
	v.out.Flush()
	v.act = nil
	if a.pool != nil {
		a.pool.unlend()
		a.pool.put(v)
	}
}

// iterate runs one iteration of the activation's function and records
// iterations and iteration_duration for it unless it was interrupted.
func (v *vu) iterate(a *activation, n int64) bool {
	if v.ctx.Err() != nil {
		return false
	}
	st := &v.st
	st.Iteration = a.vs.iter
	a.vs.iter++
	st.IterationInScenario = n
	st.Group = ""
	st.Tags = a.tags
	g := v.rt.GlobalObject()
	_ = g.Set("__ITER", st.Iteration)

	start := time.Now()
	_, err := v.call(a.vs.fn, v.setupData())
	end := time.Now()
	if v.ctx.Err() != nil || (err != nil && v.wasInterrupted(err)) {
		v.interrupted.Add(1)
		return false
	}
	if err != nil {
		v.logIterationError(err)
	}
	v.completed.Add(1)
	b := v.run.initEnv.Builtin
	v.out.push2(
		metrics.Sample{Metric: b.Iterations, Tags: a.tags, Time: end, Value: 1},
		metrics.Sample{Metric: b.IterationDuration, Tags: a.tags, Time: end, Value: float64(end.Sub(start)) / float64(time.Millisecond)},
	)
	if d := v.run.minIterDuration - end.Sub(start); d > 0 {
		v.sleep(d)
	}
	v.out.flushIfOld(end)
	return true
}

// wasInterrupted reports whether err means the VU's context ended or the
// test was aborted, rather than a script error.
func (v *vu) wasInterrupted(err error) bool {
	if v.ctx.Err() != nil || errors.Is(err, errInterrupted) {
		return true
	}
	var ie *sobek.InterruptedError
	return errors.As(err, &ie)
}

// call runs fn(args...) and waits until the promise it may return
// settles; the value is the promise's (or the plain return value). Go
// panics that escape modules become errors.
func (v *vu) call(fn sobek.Callable, args ...sobek.Value) (ret sobek.Value, err error) {
	defer v.recoverInto(&err, "call")
	ret, err = fn(sobek.Undefined(), args...)
	if err == nil {
		err = v.loop.wait(v.ctx, v.rt, ret)
	}
	if err != nil {
		// The stage ended: its timers must not fire into the next one.
		v.timers.reset()
		return nil, err
	}
	if p := asPromise(ret); p != nil {
		return p.Result(), nil
	}
	return ret, nil
}

// setupData returns this VU's copy of setup()'s return value.
func (v *vu) setupData() sobek.Value {
	if v.run.setupJSON == "" {
		return sobek.Undefined()
	}
	if v.data == nil {
		d, err := v.parse(sobek.Undefined(), v.rt.ToValue(v.run.setupJSON))
		if err != nil {
			d = sobek.Undefined()
		}
		v.data = d
	}
	return v.data
}

// sleep waits d or until the VU's context ends.
func (v *vu) sleep(d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-v.ctx.Done():
	}
}

// logIterationError logs a script error of one iteration; the next
// iteration goes on, as in k6.
func (v *vu) logIterationError(err error) {
	attrs := []any{"source", "stacktrace", "vu", v.id}
	if v.state != nil {
		attrs = append(attrs, "scenario", v.state.Scenario, "iter", v.state.Iteration)
	}
	v.run.logger.Error(jsError(err).Error(), attrs...)
}

// initError wraps an error of a VU's init code (exit 107).
func initError(id uint64, err error) error {
	var e *Error
	if errors.As(err, &e) {
		return err
	}
	if ce := (*modules.ConfigError)(nil); errors.As(err, &ce) {
		return &Error{Code: ExitInvalidConfig, Err: ce}
	}
	if isAbortInterrupt(err) {
		var ie *sobek.InterruptedError
		errors.As(err, &ie)
		return &Error{Code: ExitScriptAborted, Err: ie.Value().(error)}
	}
	return &Error{Code: ExitScriptException, Err: fmt.Errorf("init code (VU %d): %w", id, jsError(err))}
}
