package k6http

import (
	"errors"
	"fmt"

	"github.com/grafana/sobek"

	"github.com/mcpchaos/mcpchaos/engine/modules"
)

var errNoLoop = errors.New("http.asyncRequest(): this VU has no event loop for promises")

// callAsync implements http.asyncRequest(method, url, [body], [params]):
// the request runs on its own goroutine and its promise settles on the
// VU's event loop, with the response (or, for invalid arguments and with
// the throw option for failed requests, an error). The samples carry the
// tags in effect when the request started. When the VU stops first, the
// promise stays pending.
func (i *instance) callAsync(method string, url, body, params sobek.Value) sobek.Value {
	rt := i.vu.Runtime()
	loop, ok := i.vu.(modules.EventLoop)
	if !ok {
		throw(rt, errNoLoop)
	}
	st := i.running("asyncRequest")
	p, resolve, reject := rt.NewPromise()
	req, err := i.prepare(method, url, body, params)
	if err != nil {
		_ = reject(rt.NewGoError(fmt.Errorf("http.asyncRequest(): %w", err)))
		return rt.ToValue(p)
	}
	enqueue := loop.RegisterCallback()
	ctx, jar, out, tags := i.vu.Context(), i.jarOf(req), st.Samples, st.Tags
	go func() {
		res := i.client.do(ctx, req, jar)
		enqueue(func() error {
			if res.canceled {
				return nil
			}
			v, err := i.complete(out, tags, "asyncRequest", req, res)
			if err != nil {
				return reject(rt.NewGoError(err))
			}
			return resolve(v)
		})
	}()
	return rt.ToValue(p)
}
