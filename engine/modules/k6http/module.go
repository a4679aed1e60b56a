package k6http

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/grafana/sobek"

	"github.com/mcpchaos/mcpchaos/engine/metrics"
	"github.com/mcpchaos/mcpchaos/engine/modules"
)

// Module is the k6/http root module.
type Module struct{}

var _ modules.Module = (*Module)(nil)

// New returns the k6/http module.
func New() modules.Module { return &Module{} }

// NewInstance binds the module to one VU, with its own HTTP client.
func (*Module) NewInstance(vu modules.VU) (modules.Instance, error) {
	env := vu.InitEnv()
	ms, err := registerMetrics(env.Registry, env.Builtin)
	if err != nil {
		return nil, fmt.Errorf("k6/http: %w", err)
	}
	c := newClient()
	c.limit = env.RPS
	vu.OnClose(func() error {
		c.close()
		return nil
	})
	return &instance{
		vu: vu, client: c, metrics: ms,
		callback: defaultStatuses(),
		jar:      newCookieJar(vu.Runtime()),
	}, nil
}

type instance struct {
	vu      modules.VU
	client  *client
	metrics *httpMetrics

	callback *statusSet  // http.setResponseCallback; nil: none
	jar      *cookieJar  // the VU's jar for this iteration
	iter     iterationID // the iteration the jar belongs to
	started  bool
}

// iterationID tells one iteration of a VU from the next.
type iterationID struct {
	scenario string
	iter     int64
}

// Exports are k6/http's functions and classes, named as in k6.
func (i *instance) Exports() modules.Exports {
	rt := i.vu.Runtime()
	withBody := func(method string) func(sobek.FunctionCall) sobek.Value {
		return func(c sobek.FunctionCall) sobek.Value {
			return i.call(jsName(method), method, c.Argument(0), c.Argument(1), c.Argument(2))
		}
	}
	noBody := func(method string) func(sobek.FunctionCall) sobek.Value {
		return func(c sobek.FunctionCall) sobek.Value {
			return i.call(jsName(method), method, c.Argument(0), sobek.Undefined(), c.Argument(1))
		}
	}
	return modules.Exports{Named: map[string]any{
		"get":     noBody("GET"),
		"head":    noBody("HEAD"),
		"post":    withBody("POST"),
		"put":     withBody("PUT"),
		"patch":   withBody("PATCH"),
		"del":     withBody("DELETE"),
		"options": withBody("OPTIONS"),
		"request": func(c sobek.FunctionCall) sobek.Value {
			return i.call("request", c.Argument(0).String(), c.Argument(1), c.Argument(2), c.Argument(3))
		},
		"asyncRequest": func(c sobek.FunctionCall) sobek.Value {
			return i.callAsync(c.Argument(0).String(), c.Argument(1), c.Argument(2), c.Argument(3))
		},
		"batch":            i.batch,
		"file":             func(c sobek.FunctionCall) sobek.Value { return newFile(rt, c) },
		"url":              func(c sobek.FunctionCall) sobek.Value { return newURLTag(rt, c) },
		"expectedStatuses": func(c sobek.FunctionCall) sobek.Value { return newStatusSet(rt, c) },
		"setResponseCallback": func(c sobek.FunctionCall) sobek.Value {
			cb, err := asStatusSet(c.Argument(0), "http.setResponseCallback()")
			if err != nil {
				throw(rt, err)
			}
			i.callback = cb
			return sobek.Undefined()
		},
		"cookieJar": func(sobek.FunctionCall) sobek.Value {
			i.running("cookieJar")
			return i.jar.object()
		},
		"CookieJar": func(sobek.ConstructorCall) *sobek.Object {
			return newCookieJar(rt).object()
		},
	}}
}

// throw raises err as a JavaScript exception; sobek turns this panic into
// a catchable JS error at the call boundary.
func throw(rt *sobek.Runtime, err error) {
	panic(rt.NewGoError(err))
}

// running returns the VU's state, throwing in the init context. A new
// iteration empties the VU's cookie jar (unless noCookiesReset) and, with
// noVUConnectionReuse, closes its connections, as k6 does.
func (i *instance) running(fn string) *modules.State {
	st := i.vu.State()
	if st == nil {
		throw(i.vu.Runtime(), fmt.Errorf("http.%s(): making requests in the init context is not supported: call it from default(), setup() or teardown()", fn))
	}
	id := iterationID{scenario: st.Scenario, iter: st.Iteration}
	if i.started && id == i.iter {
		return st
	}
	opts := i.vu.InitEnv().HTTP
	if i.started && !opts.NoCookiesReset {
		i.jar = newCookieJar(i.vu.Runtime())
	}
	if i.started && opts.NoVUConnectionReuse {
		i.client.transport.CloseIdleConnections()
	}
	i.started, i.iter = true, id
	return st
}

// prepare validates one request's JS arguments on the VU's goroutine.
func (i *instance) prepare(method string, url, body, params sobek.Value) (*request, error) {
	opts := i.vu.InitEnv().HTTP
	if err := i.client.configure(opts); err != nil {
		return nil, err
	}
	req, err := parseRequest(method, url, body, params, opts)
	if err != nil {
		return nil, err
	}
	if !req.callbackSet {
		req.callback = i.callback
	}
	return req, nil
}

// jarOf is the jar a request keeps its cookies in.
func (i *instance) jarOf(req *request) http.CookieJar {
	if req.jar != nil {
		return req.jar.jar
	}
	return i.jar.jar
}

// call runs one request from JS arguments and returns the response object.
func (i *instance) call(fn, method string, url, body, params sobek.Value) sobek.Value {
	rt := i.vu.Runtime()
	st := i.running(fn)
	req, err := i.prepare(method, url, body, params)
	if err != nil {
		throw(rt, fmt.Errorf("http.%s(): %w", fn, err))
	}
	res := i.client.do(i.vu.Context(), req, i.jarOf(req))
	v, err := i.complete(st.Samples, st.Tags, fn, req, res)
	if err != nil {
		throw(rt, err)
	}
	return v
}

// complete reports a finished request's samples and builds its response,
// on the VU's goroutine. A transport error is logged, or with the throw
// option returned as the error to raise.
func (i *instance) complete(out metrics.Pusher, tags *metrics.TagSet, fn string, req *request, res *result) (sobek.Value, error) {
	if !res.canceled {
		out.Push(i.metrics.samples(tags, req, res)...)
	}
	if res.err != nil && !res.canceled {
		if i.vu.InitEnv().HTTP.Throw {
			return nil, fmt.Errorf("http.%s(): %s %s failed (error_code %d): %w", fn, req.method, req.url, res.errorCode, res.err)
		}
		i.vu.InitEnv().Logger.Warn("Request Failed", "method", req.method, "url", req.url.String(), "error", res.err.Error())
	}
	return newResponse(i.vu.Runtime(), req, res), nil
}

func jsName(method string) string {
	switch method {
	case "DELETE":
		return "del"
	case "GET", "HEAD", "POST", "PUT", "PATCH", "OPTIONS":
		return strings.ToLower(method)
	}
	return "request"
}

// httpMetrics are the metrics every request reports.
type httpMetrics struct {
	b                                                     *metrics.Builtin
	blocked, connecting, tls, sending, waiting, receiving *metrics.Metric
}

func registerMetrics(reg *metrics.Registry, b *metrics.Builtin) (*httpMetrics, error) {
	m := &httpMetrics{b: b}
	for _, d := range []struct {
		dst  **metrics.Metric
		name string
	}{
		{&m.blocked, "http_req_blocked"},
		{&m.connecting, "http_req_connecting"},
		{&m.tls, "http_req_tls_handshaking"},
		{&m.sending, "http_req_sending"},
		{&m.waiting, "http_req_waiting"},
		{&m.receiving, "http_req_receiving"},
	} {
		mt, err := reg.NewMetric(d.name, metrics.Trend, metrics.Time)
		if err != nil {
			return nil, err
		}
		*d.dst = mt
	}
	// k6 always reports this submetric under http_req_duration.
	b.HTTPReqDuration.Submetric(metrics.NewTagSet(map[string]string{"expected_response": "true"}))
	return m, nil
}
