package assertionsjs

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mcpchaos/mcpchaos/assertions"
	"github.com/mcpchaos/mcpchaos/engine/metrics"
	"github.com/mcpchaos/mcpchaos/engine/modules"
)

// task is one background expectation: it runs on its own goroutine, on
// a context that keeps the VU's values but not its cancellation (EndRun
// stops it), and is recorded exactly once, by whoever claims it first.
type task struct {
	exp     assertions.Expectation
	faultID string
	sinks   *sinks
	at      place
	started time.Time
	cancel  context.CancelFunc
	done    chan struct{}

	mu       sync.Mutex
	res      assertions.Result
	finished bool
	recorded atomic.Bool
}

// start runs x in the background and tracks it until EndRun.
func (s *shared) start(vuCtx context.Context, x assertions.Expectation, faultID string, b *assertions.Backends, sk *sinks, at place) *task {
	ctx, cancel := context.WithCancel(context.WithoutCancel(vuCtx))
	t := &task{exp: x, faultID: faultID, sinks: sk, at: at, started: time.Now(), cancel: cancel, done: make(chan struct{})}
	s.mu.Lock()
	s.tasks = append(s.tasks, t)
	s.mu.Unlock()
	go func() {
		defer cancel()
		t.finish(evaluate(ctx, x, b))
	}()
	return t
}

// evaluate is x.Evaluate, with a panic turned into an Error result: a
// background expectation always ends with a verdict.
func evaluate(ctx context.Context, x assertions.Expectation, b *assertions.Backends) (r assertions.Result) {
	defer func() {
		if p := recover(); p != nil {
			r = failed(x.Kind(), x.String(), fmt.Errorf("internal error in %s: %v", x.Kind(), p))
		}
	}()
	return x.Evaluate(ctx, b)
}

// finish sets the result unless one was set; it reports whether r won.
func (t *task) finish(r assertions.Result) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.finished {
		return false
	}
	t.res, t.finished = withFault(r, t.faultID), true
	close(t.done)
	return true
}

// result is the task's result, once it has one.
func (t *task) result() (assertions.Result, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.res, t.finished
}

// claim reports whether the caller is the one to record the result.
func (t *task) claim() bool { return t.recorded.CompareAndSwap(false, true) }

// settle records a finished task's result on this VU, once.
func (i *instance) settle(t *task) {
	r, ok := t.result()
	if !ok || !t.claim() {
		return
	}
	var p metrics.Pusher = direct{}
	if st := i.vu.State(); st != nil {
		p = st.Samples
	}
	i.root.record(r, t.sinks, t.at, p)
}

// onDone runs fn on the VU's event loop once t has finished. When the
// VU's context ends first (its scenario is over), the callback is let go
// without running fn, and EndRun records the task.
func (i *instance) onDone(loop modules.EventLoop, t *task, fn func() error) {
	enqueue := loop.RegisterCallback()
	ctx := i.vu.Context()
	go func() {
		select {
		case <-t.done:
			enqueue(fn)
		case <-ctx.Done():
			enqueue(func() error { return nil })
		}
	}()
}
