package mcp

import (
	"path/filepath"
	"strconv"

	"github.com/grafana/sobek"

	"github.com/mcpchaos/mcpchaos/engine/modules"
	"github.com/mcpchaos/mcpchaos/internal/calllog"
	"github.com/mcpchaos/mcpchaos/xk6-mcp/session"
)

// Module is the k6/x/mcp root module: one per run. It owns what VUs share,
// the OTLP tracer providers.
type Module struct {
	tracers *tracerPool
	calls   *calllog.Log
}

// Option configures the module.
type Option func(*Module)

// WithCallLog records every call the run's sessions make (trace id,
// session, tool, sampled flag, outcome) in l, for k6/x/assertions.
func WithCallLog(l *calllog.Log) Option { return func(m *Module) { m.calls = l } }

var (
	_ modules.Module   = (*Module)(nil)
	_ modules.Instance = (*instance)(nil)
)

// New returns the k6/x/mcp module.
func New(opts ...Option) modules.Module {
	m := &Module{tracers: newTracerPool()}
	for _, o := range opts {
		o(m)
	}
	return m
}

// NewInstance binds the module to one VU; the VU's sessions close with it.
func (m *Module) NewInstance(vu modules.VU) (modules.Instance, error) {
	ms, err := newMetricSet(vu.InitEnv())
	if err != nil {
		return nil, err
	}
	inst := &instance{
		root: m, vu: vu, metrics: ms,
		links: map[string]*link{},
	}
	vu.OnClose(inst.close)
	return inst, nil
}

// instance is the module bound to one VU. Everything runs on the VU's
// goroutine, so nothing here is locked.
type instance struct {
	root    *Module
	vu      modules.VU
	metrics *metricSet
	// links are the VU's sessions by configuration: "one session per VU"
	// means a client built again with the same options (every iteration,
	// in grafana/xk6-mcp scripts) reuses the VU's session.
	links map[string]*link
	// lastState is the last iteration state seen, for samples pushed when
	// the VU closes its sessions.
	lastState *modules.State
	// unshared counts newSession links, which get keys of their own.
	unshared int
}

// Exports are the constructors of grafana/xk6-mcp plus connect.
func (i *instance) Exports() modules.Exports {
	return modules.Exports{Named: map[string]any{
		"StreamableHTTPClient": i.constructor(session.StreamableHTTP),
		"SSEClient":            i.constructor(session.SSE),
		"StdioClient":          i.constructor(session.Stdio),
		"connect":              i.connect,
		"protocolVersions":     session.ProtocolVersions(),
	}}
}

// constructor builds `new mcp.XxxClient(options)`.
func (i *instance) constructor(t session.Transport) func(sobek.ConstructorCall) *sobek.Object {
	return func(call sobek.ConstructorCall) *sobek.Object {
		return i.newClient(t, call.Argument(0).Export())
	}
}

// connect is mcp.connect(url?, options?): the transport comes from
// options.transport or mcpchaos.yaml, and the URL from the config when
// omitted.
func (i *instance) connect(call sobek.FunctionCall) sobek.Value {
	first := call.Argument(0).Export()
	var opts any
	switch u := first.(type) {
	case string:
		m, _ := call.Argument(1).Export().(map[string]any)
		merged := map[string]any{}
		for k, v := range m {
			merged[k] = v
		}
		merged["url"] = u
		opts = merged
	case map[string]any:
		opts = u
	case nil:
		opts = call.Argument(1).Export()
	default:
		i.throwTypeError("mcp.connect(url, options): url must be a string, not %T", first)
	}
	return i.newClient("", opts)
}

// newClient returns a client object on the VU's session for these
// options, dialing now when the VU is running and lazily from init code.
func (i *instance) newClient(t session.Transport, opts any) *sobek.Object {
	env := i.vu.InitEnv()
	dir := ""
	if env.ScriptPath != "" {
		dir = filepath.Dir(env.ScriptPath)
	}
	cfg, err := parseConfig(t, opts, env.Config, env.Env, dir)
	if err != nil {
		i.throwTypeError("%v", err)
	}
	if err := checkTarget(cfg.opts, env.Config); err != nil {
		i.throw(err, session.Result{})
	}
	key := cfg.key()
	l := i.links[key]
	if l == nil || l.closed || cfg.newSession {
		if cfg.newSession {
			i.unshared++
			key += "#" + strconv.Itoa(i.unshared)
		}
		l = &link{inst: i, key: key, cfg: cfg}
		i.links[key] = l
	}
	if i.vu.State() != nil && l.sess == nil {
		if _, err := l.ensure(); err != nil && cfg.throw {
			i.throw(err, session.Result{})
		}
	}
	return l.object()
}

// close ends every session of the VU (each close removes its link).
func (i *instance) close() error {
	var first error
	for _, l := range i.links {
		if err := l.close(); err != nil && first == nil {
			first = err
		}
	}
	clear(i.links)
	return first
}

// state returns the running iteration's state, or the last one seen.
func (i *instance) state() *modules.State {
	if st := i.vu.State(); st != nil {
		i.lastState = st
		return st
	}
	return i.lastState
}
