package faultsjs

import (
	"context"
	"errors"

	"github.com/grafana/sobek"

	"github.com/mcpchaos/mcpchaos/engine/modules"
	"github.com/mcpchaos/mcpchaos/faults"
)

// handle is the JS object of one injected fault. Times are milliseconds
// since the epoch, as Date.now() and k6/execution's startTime.
func (i *instance) handle(h *faults.Handle) *sobek.Object {
	rt := i.vu.Runtime()
	o := rt.NewObject()
	ro := func(name string, v any) {
		_ = o.DefineDataProperty(name, rt.ToValue(v), sobek.FLAG_FALSE, sobek.FLAG_FALSE, sobek.FLAG_TRUE)
	}
	ro("id", h.ID)
	ro("kind", h.Kind)
	ro("target", h.Target)
	ro("injectedAt", h.InjectedAt.UnixMilli())
	ro("effectiveAt", h.EffectiveAt.UnixMilli())
	revertedAt := rt.ToValue(func(sobek.FunctionCall) sobek.Value {
		t := h.RevertedAt()
		if t.IsZero() {
			return sobek.Null()
		}
		return rt.ToValue(t.UnixMilli())
	})
	_ = o.DefineAccessorProperty("revertedAt", revertedAt, nil, sobek.FLAG_FALSE, sobek.FLAG_TRUE)
	ro("revert", func(sobek.FunctionCall) sobek.Value {
		i.revert(h)
		return sobek.Undefined()
	})
	ro("wait", func(sobek.FunctionCall) sobek.Value { return i.wait(h) })
	return o
}

// revert undoes the fault now and blocks until the revert is confirmed.
// The VU's end does not cut it short: a revert half done is the worst
// outcome.
func (i *instance) revert(h *faults.Handle) {
	if err := h.Revert(context.WithoutCancel(i.vu.Context())); err != nil {
		i.root.note(err)
		i.throw(err)
	}
}

// wait returns a promise settled on the VU's event loop once the fault
// has ended: resolved when its revert is confirmed, rejected otherwise.
// When the VU's iteration ends first, the promise is left pending.
func (i *instance) wait(h *faults.Handle) sobek.Value {
	loop, ok := i.vu.(modules.EventLoop)
	if !ok {
		i.throw(errors.New("wait(): this VU has no event loop for promises"))
	}
	rt := i.vu.Runtime()
	p, resolve, reject := rt.NewPromise()
	enqueue := loop.RegisterCallback()
	ctx := i.vu.Context()
	go func() {
		select {
		case <-h.Done():
			err := h.Wait(context.Background())
			i.root.note(err)
			enqueue(func() error {
				if err != nil {
					return reject(i.errorObject(err))
				}
				return resolve(sobek.Undefined())
			})
		case <-ctx.Done():
			enqueue(func() error { return nil })
		}
	}()
	return rt.ToValue(p)
}
