package engine

import (
	"fmt"
	"time"

	"github.com/grafana/sobek"
)

// timers are a VU's setTimeout/setInterval timers. Each pending timer
// holds one event loop callback, so the iteration (or init code, setup,
// teardown, handleSummary) waits for it as k6 does; a callback that
// throws fails its stage exactly as a synchronous throw. Only the VU's
// goroutine touches them; the Go timers only enqueue.
type timers struct {
	loop   *eventLoop
	next   int64
	active map[int64]*timer
}

// timer is one pending setTimeout or setInterval.
type timer struct {
	id      int64
	fn      sobek.Callable
	args    []sobek.Value
	every   time.Duration // > 0 for setInterval
	delay   time.Duration
	t       *time.Timer
	enqueue func(func() error)
	done    bool // cleared, or fired for the last time
}

func (ts *timers) init(loop *eventLoop) {
	ts.loop = loop
	ts.active = map[int64]*timer{}
}

// install sets the global timer functions of rt, as k6 has them.
func (ts *timers) install(rt *sobek.Runtime) {
	g := rt.GlobalObject()
	_ = g.Set("setTimeout", func(call sobek.FunctionCall) sobek.Value { return ts.set(rt, call, false) })
	_ = g.Set("setInterval", func(call sobek.FunctionCall) sobek.Value { return ts.set(rt, call, true) })
	_ = g.Set("clearTimeout", func(call sobek.FunctionCall) sobek.Value { ts.clear(call.Argument(0)); return sobek.Undefined() })
	_ = g.Set("clearInterval", func(call sobek.FunctionCall) sobek.Value { ts.clear(call.Argument(0)); return sobek.Undefined() })
}

// set starts a timer: setTimeout(fn, delayMs, ...args) or setInterval.
func (ts *timers) set(rt *sobek.Runtime, call sobek.FunctionCall, repeat bool) sobek.Value {
	name := "setTimeout"
	if repeat {
		name = "setInterval"
	}
	fn, ok := sobek.AssertFunction(call.Argument(0))
	if !ok {
		panic(rt.NewTypeError(fmt.Sprintf("%s: the first argument must be a function, got %s", name, call.Argument(0).String())))
	}
	ms := call.Argument(1).ToFloat()
	if ms != ms || ms < 0 { // NaN or negative: as browsers, 0
		ms = 0
	}
	d := time.Duration(ms * float64(time.Millisecond))
	ts.next++
	t := &timer{id: ts.next, fn: fn, delay: d}
	if len(call.Arguments) > 2 {
		t.args = append([]sobek.Value(nil), call.Arguments[2:]...)
	}
	if repeat {
		t.every = max(d, time.Millisecond) // a 0 interval would spin
	}
	ts.active[t.id] = t
	ts.arm(t, d)
	return rt.ToValue(t.id)
}

// arm reserves an event loop callback for t's next run and starts the Go
// timer that enqueues it.
func (ts *timers) arm(t *timer, d time.Duration) {
	t.enqueue = ts.loop.register()
	enqueue := t.enqueue
	t.t = time.AfterFunc(d, func() { enqueue(func() error { return ts.fire(t) }) })
}

// fire runs t's callback on the VU's goroutine.
func (ts *timers) fire(t *timer) error {
	if t.done {
		return nil
	}
	if t.every > 0 {
		ts.arm(t, t.every)
	} else {
		t.done = true
		delete(ts.active, t.id)
	}
	_, err := t.fn(sobek.Undefined(), t.args...)
	return err
}

// clear cancels a timer by id; unknown ids are ignored, as in browsers.
func (ts *timers) clear(idv sobek.Value) {
	if idv == nil || sobek.IsUndefined(idv) || sobek.IsNull(idv) {
		return
	}
	t, ok := ts.active[idv.ToInteger()]
	if !ok {
		return
	}
	ts.cancel(t)
}

// cancel stops t and releases its reserved callback.
func (ts *timers) cancel(t *timer) {
	t.done = true
	delete(ts.active, t.id)
	if t.t.Stop() {
		t.enqueue(func() error { return nil })
	}
}

// reset cancels every timer: the stage they belong to has ended (an
// exception, an interrupt). Callbacks already queued do nothing.
func (ts *timers) reset() {
	for _, t := range ts.active {
		ts.cancel(t)
	}
}
