package engine

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/mcpchaos/mcpchaos/engine/executor"
	"github.com/mcpchaos/mcpchaos/engine/metrics"
	"github.com/mcpchaos/mcpchaos/engine/modules"
	"github.com/mcpchaos/mcpchaos/engine/output"
)

// thresholdEvery is how often thresholds are evaluated during the run.
const thresholdEvery = 2 * time.Second

// errThresholdAbort ends a run whose abortOnFail threshold failed.
var errThresholdAbort = errors.New("thresholds crossed with abortOnFail: test aborted")

// Run runs the test once. Cancelling ctx stops it gracefully, as the
// first Ctrl-C does: running iterations are interrupted, teardown and the
// summary still run, and the exit code is 105. Abort stops it hard.
func (e *Engine) Run(ctx context.Context) (Result, error) {
	if !e.ran.CompareAndSwap(false, true) {
		return Result{ExitCode: ExitGeneric}, errors.New("engine: Run called twice; create a new Engine per run")
	}
	defer e.hardCancel()
	run := e.run

	outs, err := e.startOutputs()
	if err != nil {
		return Result{ExitCode: ExitInvalidConfig}, err
	}
	run.agg = newAggregator(asSampleOutputs(outs))
	e.initVU.setPusher(newPusher(run.agg))
	engineOut := lockedPusher{agg: run.agg}

	runCtx, cancel := context.WithCancelCause(mergeDone(ctx, e.hardCtx))
	defer cancel(nil)
	run.abort = func(err error) { cancel(err) }

	st := &runStatus{}
	if err := run.pool.preInit(runCtx, e.initVUs()); err != nil {
		st.fail(withCode(ExitScriptException, err))
	}
	if gate := e.opts.StartGate; gate != nil && st.err == nil {
		if err := gate(runCtx); err != nil {
			st.fail(withCode(ExitInvalidConfig, err))
		}
	}
	start := time.Now()
	run.start.Store(start.UnixNano())

	setupOK := st.err == nil
	if setupOK {
		setupOK = e.runSetup(runCtx, st)
	}
	if setupOK && runCtx.Err() == nil {
		e.runScenarios(runCtx, engineOut, st, start)
	}
	if setupOK || errors.Is(context.Cause(runCtx), ErrAborted) {
		e.runTeardown(st)
	}
	elapsed := time.Since(start)
	e.pushVUs(engineOut, time.Now())
	e.initVU.out.Flush()
	if err := run.pool.close(); err != nil {
		run.logger.Warn("closing VUs: " + err.Error())
	}
	if err := e.closeInitVU(); err != nil {
		run.logger.Warn("closing the setup VU: " + err.Error())
	}
	// Every VU has closed: the modules end what their VUs shared (faults
	// are reverted here, before the summary, however the test ended).
	verdict := e.endRun()
	run.agg.close()
	for _, o := range outs {
		if err := o.Stop(); err != nil {
			st.fail(withCode(ExitGeneric, fmt.Errorf("output: %w", err)))
		}
	}
	e.thresholds.Evaluate(elapsed)
	e.clearProgress()
	data := e.writeSummary(elapsed, st)
	st.cause(context.Cause(runCtx), ctx)
	if st.err == nil && e.thresholds.Failed() && !e.opts.PartOnly {
		st.fail(&Error{Code: ExitThresholdsFailed, Err: fmt.Errorf("thresholds on metrics %s have been crossed", quoteAll(e.failedMetrics()))})
	}
	if msg := run.failed.Load(); st.err == nil && msg != nil {
		st.fail(&Error{Code: ExitMarkedAsFailed, Err: errors.New(*msg)})
	}
	st.raise(verdict)
	res := Result{ExitCode: ExitCodeOf(st.err), Summary: data, Elapsed: elapsed}
	return res, st.err
}

// runStatus collects the first failure of a run.
type runStatus struct {
	mu  sync.Mutex
	err error
}

func (s *runStatus) fail(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err == nil && err != nil {
		s.err = err
	}
}

// raise adds the modules' verdict (RunEnder.EndRun's error): the run
// exits with its code when that outranks the run's own, and its message
// keeps both.
func (s *runStatus) raise(verdict error) {
	if verdict == nil {
		return
	}
	code := worstCode(verdict)
	s.mu.Lock()
	defer s.mu.Unlock()
	switch old := ExitCodeOf(s.err); {
	case s.err == nil:
		s.err = &Error{Code: code, Err: verdict}
	case Outranks(code, old):
		s.err = &Error{Code: code, Err: errors.Join(verdict, s.err)}
	default:
		s.err = &Error{Code: old, Err: errors.Join(s.err, verdict)}
	}
}

// cause records why the run context ended, if it did.
func (s *runStatus) cause(cause error, parent context.Context) {
	switch {
	case cause == nil:
	case errors.Is(cause, ErrAborted):
		s.fail(&Error{Code: ExitScriptAborted, Err: cause})
	case errors.Is(cause, errThresholdAbort):
		s.fail(&Error{Code: ExitThresholdsFailed, Err: cause})
	case parent.Err() != nil || errors.Is(cause, context.Canceled):
		s.fail(&Error{Code: ExitExternalAbort, Err: errors.New("test stopped by a signal (Ctrl-C or SIGTERM)")})
	default:
		s.fail(withCode(ExitGeneric, cause))
	}
}

// initVUs is how many VUs to initialize before the test: the most that
// scenarios running at the same time need, by their start times.
func (e *Engine) initVUs() int64 {
	var best int64
	for _, a := range e.scenarios {
		at := a.cfg.Common().StartTime.D()
		var sum int64
		for _, b := range e.scenarios {
			bs := b.cfg.Common().StartTime.D()
			if bs <= at && at < bs+b.cfg.TotalDuration() {
				sum += b.cfg.InitVUs()
			}
		}
		best = max(best, sum)
	}
	return best
}

// runScenarios starts every scenario at its startTime and waits for all,
// evaluating thresholds and sampling VU counts meanwhile.
func (e *Engine) runScenarios(ctx context.Context, out metrics.Pusher, st *runStatus, start time.Time) {
	var wg sync.WaitGroup
	for _, sc := range e.scenarios {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := e.runScenario(ctx, sc, out); err != nil {
				st.fail(withCode(ExitScriptException, err))
				e.run.abort(err)
			}
		}()
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	e.monitor(ctx, out, start, done)
}

func (e *Engine) runScenario(ctx context.Context, sc *scenarioRun, out metrics.Pusher) error {
	if d := sc.cfg.Common().StartTime.D(); d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
			return nil
		}
	}
	sc.start.Store(time.Now().UnixNano())
	p := e.run.pool
	env := executor.Env{
		Acquire: func(actx context.Context) (executor.VU, error) {
			v, err := p.get(actx)
			if err != nil {
				return nil, err
			}
			a, err := v.activate(actx, sc)
			if err != nil {
				p.put(v)
				return nil, err
			}
			a.pool = p
			p.lend()
			return a, nil
		},
		Dropped: func(n int64) {
			out.Push(metrics.Sample{Metric: e.run.initEnv.Builtin.DroppedIterations, Tags: sc.tags, Time: time.Now(), Value: float64(n)})
		},
	}
	return sc.exec.Run(ctx, env)
}

// monitor samples vus/vus_max every second, evaluates thresholds every
// thresholdEvery (aborting on abortOnFail) and draws the progress line,
// until done is closed.
func (e *Engine) monitor(ctx context.Context, out metrics.Pusher, start time.Time, done <-chan struct{}) {
	tick := time.NewTicker(e.progressEvery())
	defer tick.Stop()
	lastVUs, lastEval := start, start
	for {
		select {
		case <-done:
			return
		case now := <-tick.C:
			if now.Sub(lastVUs) >= time.Second {
				e.pushVUs(out, now)
				lastVUs = now
			}
			if now.Sub(lastEval) >= thresholdEvery && ctx.Err() == nil {
				lastEval = now
				if _, abort := e.thresholds.Evaluate(now.Sub(start)); abort {
					e.run.logger.Error("a threshold with abortOnFail failed: stopping the test")
					e.run.abort(errThresholdAbort)
				}
			}
			e.drawProgress(now.Sub(start))
		}
	}
}

// pushVUs records the vus gauge (the most VUs active since the last
// sample, so short tests and the end report the load, not 0) and vus_max.
func (e *Engine) pushVUs(out metrics.Pusher, now time.Time) {
	b := e.run.initEnv.Builtin
	tags := e.run.initEnv.Tags
	out.Push(
		metrics.Sample{Metric: b.VUs, Tags: tags, Time: now, Value: float64(e.run.pool.samplePeak())},
		metrics.Sample{Metric: b.VUsMax, Tags: tags, Time: now, Value: float64(e.run.pool.initialized())},
	)
}

// instanceInfo counts the run so far (k6/execution's instance).
func (r *runEnv) instanceInfo() modules.InstanceInfo {
	var info modules.InstanceInfo
	r.pool.each(func(v *vu) {
		info.IterationsCompleted += v.completed.Load()
		info.IterationsInterrupted += v.interrupted.Load()
	})
	info.VUsActive = r.pool.active.Load()
	info.VUsInitialized = r.pool.initialized()
	if s := r.start.Load(); s != 0 {
		info.CurrentTestRunDuration = time.Since(time.Unix(0, s))
	}
	return info
}

// failedMetrics lists the metrics whose thresholds failed.
func (e *Engine) failedMetrics() []string {
	seen := map[string]bool{}
	var out []string
	for _, r := range e.thresholds.Results() {
		if !r.OK && !seen[r.Metric] {
			seen[r.Metric] = true
			out = append(out, r.Metric)
		}
	}
	return out
}

// startOutputs creates and starts the --out outputs.
func (e *Engine) startOutputs() ([]output.Output, error) {
	var outs []output.Output
	for _, spec := range e.opts.Outputs {
		o, err := output.New(spec, output.Params{Env: e.opts.OutputEnv, Logger: e.run.logger})
		if err != nil {
			for _, started := range outs {
				_ = started.Stop()
			}
			return nil, &Error{Code: ExitInvalidConfig, Err: err}
		}
		if ta, ok := o.(output.ThresholdAware); ok {
			ta.SetThresholds(e.thresholds.Sources())
		}
		if err := o.Start(); err != nil {
			for _, started := range outs {
				_ = started.Stop()
			}
			return nil, &Error{Code: ExitInvalidConfig, Err: fmt.Errorf("start output %q: %w", spec, err)}
		}
		outs = append(outs, o)
	}
	return outs, nil
}

func asSampleOutputs(outs []output.Output) []sampleOutput {
	s := make([]sampleOutput, len(outs))
	for i, o := range outs {
		s[i] = o
	}
	return s
}

// mergeDone returns a context that ends when either a or b does.
func mergeDone(a, b context.Context) context.Context {
	ctx, cancel := context.WithCancelCause(a)
	context.AfterFunc(b, func() { cancel(context.Cause(b)) })
	return ctx
}
