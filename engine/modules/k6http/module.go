package k6http

import (
	"fmt"
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
	c, err := newClient()
	if err != nil {
		return nil, fmt.Errorf("k6/http: %w", err)
	}
	vu.OnClose(func() error {
		c.close()
		return nil
	})
	return &instance{vu: vu, client: c, metrics: ms}, nil
}

type instance struct {
	vu      modules.VU
	client  *client
	metrics *httpMetrics
}

// Exports are the request functions, named as in k6.
func (i *instance) Exports() modules.Exports {
	withBody := func(method string) func(sobek.FunctionCall) sobek.Value {
		return func(c sobek.FunctionCall) sobek.Value {
			return i.call(method, c.Argument(0), c.Argument(1), c.Argument(2))
		}
	}
	noBody := func(method string) func(sobek.FunctionCall) sobek.Value {
		return func(c sobek.FunctionCall) sobek.Value {
			return i.call(method, c.Argument(0), sobek.Undefined(), c.Argument(1))
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
			return i.call(c.Argument(0).String(), c.Argument(1), c.Argument(2), c.Argument(3))
		},
	}}
}

// throw raises err as a JavaScript exception; sobek turns this panic into
// a catchable JS error at the call boundary.
func throw(rt *sobek.Runtime, err error) {
	panic(rt.NewGoError(err))
}

// call runs one request from JS arguments and returns the response object.
func (i *instance) call(method string, url, body, params sobek.Value) sobek.Value {
	rt := i.vu.Runtime()
	st := i.vu.State()
	if st == nil {
		throw(rt, fmt.Errorf("http.%s(): making requests in the init context is not supported: call it from default(), setup() or teardown()", jsName(method)))
	}
	opts := i.vu.InitEnv().HTTP
	req, err := parseRequest(method, url, body, params, opts)
	if err != nil {
		throw(rt, fmt.Errorf("http.%s(): %w", jsName(method), err))
	}
	i.client.configure(opts)
	_ = i.vu.InitEnv().RPS.Wait(i.vu.Context()) // --max-rps; when cancelled, do sees it
	res := i.client.do(i.vu.Context(), req)
	if !res.canceled {
		st.Samples.Push(i.metrics.samples(st.Tags, req, res)...)
	}
	return newResponse(rt, req, res)
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
