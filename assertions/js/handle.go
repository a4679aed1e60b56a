package assertionsjs

import (
	"github.com/grafana/sobek"
)

// handle is the JS object of one background expectation. Times are
// milliseconds since the epoch, as Date.now().
func (i *instance) handle(t *task) *sobek.Object {
	rt := i.vu.Runtime()
	o := rt.NewObject()
	ro := func(name string, v any) {
		_ = o.DefineDataProperty(name, rt.ToValue(v), sobek.FLAG_FALSE, sobek.FLAG_FALSE, sobek.FLAG_TRUE)
	}
	ro("kind", t.exp.Kind())
	ro("subject", t.exp.String())
	ro("startedAt", t.started.UnixMilli())
	ro("faultId", nullable(t.faultID))
	done := rt.ToValue(func(sobek.FunctionCall) sobek.Value {
		_, ok := t.result()
		return rt.ToValue(ok)
	})
	_ = o.DefineAccessorProperty("done", done, nil, sobek.FLAG_FALSE, sobek.FLAG_TRUE)
	ro("result", func(sobek.FunctionCall) sobek.Value {
		r, ok := t.result()
		if !ok {
			return null()
		}
		i.settle(t)
		return i.resultObject(r)
	})
	ro("wait", func(sobek.FunctionCall) sobek.Value { return i.wait(t) })
	return o
}

// wait returns a promise of the result, settled on the VU's event loop
// (resolved with the result whatever its status). When the VU's scenario
// ends first, the promise is left pending and EndRun records the result.
func (i *instance) wait(t *task) sobek.Value {
	loop := i.loop("wait")
	rt := i.vu.Runtime()
	p, resolve, _ := rt.NewPromise()
	settle := func() error {
		i.settle(t)
		r, _ := t.result()
		return resolve(i.resultObject(r))
	}
	if _, ok := t.result(); ok {
		// resolve fails only on an interrupt, which the VU raises itself.
		_ = settle()
		return rt.ToValue(p)
	}
	i.onDone(loop, t, settle)
	return rt.ToValue(p)
}

// nullable is s, or null when empty.
func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}
