package engine

import (
	"context"
	"errors"
	"sync"

	"github.com/grafana/sobek"
)

// eventLoop runs a VU's asynchronous callbacks on its goroutine so that
// promises settle within the iteration. Modules reserve a callback with
// register and later enqueue the function to run.
type eventLoop struct {
	mu      sync.Mutex
	queue   []func() error
	pending int           // registered callbacks not enqueued yet
	wake    chan struct{} // signalled on enqueue

	// unhandled are rejected promises no handler was attached to yet, in
	// rejection order; only the loop's goroutine touches them.
	unhandled []*sobek.Promise
}

func (l *eventLoop) init(rt *sobek.Runtime) {
	l.wake = make(chan struct{}, 1)
	rt.SetPromiseRejectionTracker(l.track)
}

// track follows promise rejections (sobek calls it on the VU's
// goroutine): a rejection stays unhandled until a handler is attached.
func (l *eventLoop) track(p *sobek.Promise, op sobek.PromiseRejectionOperation) {
	if op == sobek.PromiseRejectionReject {
		l.unhandled = append(l.unhandled, p)
		return
	}
	for i, u := range l.unhandled {
		if u == p {
			l.unhandled = append(l.unhandled[:i], l.unhandled[i+1:]...)
			return
		}
	}
}

// takeUnhandled returns the first rejection still unhandled other than
// the awaited promise (whose rejection the caller reports itself), and
// forgets them all: each is reported once, as k6 does.
func (l *eventLoop) takeUnhandled(awaited *sobek.Promise) *sobek.Promise {
	var first *sobek.Promise
	for _, u := range l.unhandled {
		if u != awaited && first == nil {
			first = u
		}
	}
	l.unhandled = l.unhandled[:0]
	return first
}

// register reserves one callback; the returned function enqueues it and
// may be called once, from any goroutine.
func (l *eventLoop) register() func(func() error) {
	l.mu.Lock()
	l.pending++
	l.mu.Unlock()
	var once sync.Once
	return func(f func() error) {
		once.Do(func() {
			l.mu.Lock()
			l.queue = append(l.queue, f)
			l.pending--
			l.mu.Unlock()
			select {
			case l.wake <- struct{}{}:
			default:
			}
		})
	}
}

// errNeverSettled: the awaited promise can never settle.
var errNeverSettled = errors.New("the promise returned by the function never settled: it awaits something no module will resolve")

// wait runs callbacks until ret (when it is a promise) has settled and no
// callback is pending, or ctx ends. A rejected promise is returned as an
// error with the rejection's JavaScript stack, and so is a rejection that
// no code handled ("Uncaught (in promise)"), as in k6: an exception
// thrown after an await fails the iteration exactly like a sync one.
func (l *eventLoop) wait(ctx context.Context, rt *sobek.Runtime, ret any) error {
	p := asPromise(ret)
	for {
		l.mu.Lock()
		queue, pending := l.queue, l.pending
		l.queue = nil
		l.mu.Unlock()
		if len(queue) == 0 {
			if pending == 0 {
				break
			}
			select {
			case <-l.wake:
				continue
			case <-ctx.Done():
				return errInterrupted
			}
		}
		for i, f := range queue {
			if err := f(); err != nil {
				l.requeue(queue[i+1:])
				return err
			}
		}
	}
	if u := l.takeUnhandled(p); u != nil {
		return rejection(rt, u.Result())
	}
	if p == nil {
		return nil
	}
	switch p.State() {
	case sobek.PromiseStateRejected:
		return rejection(rt, p.Result())
	case sobek.PromiseStatePending:
		return errNeverSettled
	}
	return nil
}

// requeue puts back callbacks not run because an earlier one failed.
func (l *eventLoop) requeue(rest []func() error) {
	if len(rest) == 0 {
		return
	}
	l.mu.Lock()
	l.queue = append(rest, l.queue...)
	l.mu.Unlock()
}

// asPromise returns the promise a function or module evaluation returned.
func asPromise(ret any) *sobek.Promise {
	switch r := ret.(type) {
	case *sobek.Promise:
		return r
	case *sobek.Object:
		// sobek's promise objects export the *sobek.Promise; their
		// ClassName is not "Promise", so test the exported value.
		if r != nil {
			p, _ := r.Export().(*sobek.Promise)
			return p
		}
	}
	return nil
}

// rejection turns a rejection reason into an error with its JS stack.
func rejection(rt *sobek.Runtime, reason sobek.Value) error {
	if err, ok := reason.Export().(error); ok {
		return err
	}
	if obj, ok := reason.(*sobek.Object); ok {
		if st := obj.Get("stack"); st != nil && !sobek.IsUndefined(st) {
			return &scriptError{msg: "Uncaught (in promise) " + st.String()}
		}
	}
	return &scriptError{msg: "Uncaught (in promise) " + reason.String()}
}
