package mcp

import (
	"errors"

	"github.com/grafana/sobek"

	"github.com/mcpchaos/mcpchaos/xk6-mcp/session"
)

// methods maps the client's JavaScript methods to operations.
var methods = []struct {
	name string
	op   session.Op
}{
	{"listTools", session.OpListTools},
	{"listAllTools", session.OpListAllTools},
	{"callTool", session.OpCallTool},
	{"listResources", session.OpListResources},
	{"listAllResources", session.OpListAllResources},
	{"readResource", session.OpReadResource},
	{"listPrompts", session.OpListPrompts},
	{"listAllPrompts", session.OpListAllPrompts},
	{"getPrompt", session.OpGetPrompt},
}

// object builds the JavaScript client over the link.
func (l *link) object() *sobek.Object {
	rt := l.inst.vu.Runtime()
	o := rt.NewObject()
	for _, m := range methods {
		op := m.op
		_ = o.Set(m.name, func(call sobek.FunctionCall) sobek.Value { return l.call(op, call) })
	}
	_ = o.Set("ping", l.ping)
	_ = o.Set("close", func() { _ = l.close() })
	getter := func(f func(*session.Session) string) sobek.Value {
		return rt.ToValue(func() string {
			if l.sess == nil {
				return ""
			}
			return f(l.sess)
		})
	}
	for name, f := range map[string]func(*session.Session) string{
		"sessionId":       (*session.Session).ID,
		"protocolVersion": (*session.Session).ProtocolVersion,
	} {
		_ = o.DefineAccessorProperty(name, getter(f), nil, sobek.FLAG_FALSE, sobek.FLAG_TRUE)
	}
	return o
}

// ping reports whether the server answers, as grafana/xk6-mcp does: it
// never throws.
func (l *link) ping() bool {
	s, err := l.ensure()
	if err != nil || l.pace() != nil {
		return false
	}
	_, err = s.Call(l.ctx(), session.Request{Op: session.OpPing})
	return err == nil
}

// call runs one operation for JavaScript.
func (l *link) call(op session.Op, call sobek.FunctionCall) sobek.Value {
	req, err := parseRequest(l.inst.vu.Runtime(), op, call.Argument(0))
	if err != nil {
		l.inst.throwTypeError("%v", err)
	}
	co := callOptions{throw: l.cfg.throw}
	if opts := call.Argument(1); !sobek.IsUndefined(opts) {
		if co, err = parseCallOptions(opts.Export(), &l.cfg); err != nil {
			l.inst.throwTypeError("%v", err)
		}
	}
	req.Timeout = co.timeout
	s, err := l.ensure()
	if err == nil {
		err = l.pace()
	}
	if err != nil {
		return l.fail(err, session.Result{Op: op}, co.throw)
	}
	l.callTags = co.tags
	res, err := s.Call(l.ctx(), req)
	l.callTags = nil
	if err != nil {
		return l.fail(err, res, co.throw)
	}
	return newResult(l.inst.vu.Runtime(), res)
}

// annotate adds what the harness knows about the call to a result.
func (l *link) annotate(o *sobek.Object, res session.Result) {
	rt := l.inst.vu.Runtime()
	setBoth(o, rt, "traceId", res.TraceID)
	setBoth(o, rt, "spanId", res.SpanID)
	setBoth(o, rt, "traceparent", res.Traceparent)
	setBoth(o, rt, "sessionId", res.SessionID)
	setBoth(o, rt, "protocolVersion", res.ProtocolVersion)
	setBoth(o, rt, "requestId", res.RequestID)
	setBoth(o, rt, "durationMs", ms(res.Duration))
	if res.Reconnected {
		setBoth(o, rt, "reconnected", true)
	}
}

// fail throws err, or returns it as a result's error when throw is off.
func (l *link) fail(err error, res session.Result, throw bool) sobek.Value {
	if throw {
		l.inst.throw(err, res)
	}
	rt := l.inst.vu.Runtime()
	o := rt.NewObject()
	_ = o.Set("error", l.inst.errorObject(rt.NewObject(), err))
	l.annotate(o, res)
	if res.Op == session.OpCallTool {
		setBoth(o, rt, "isError", false)
	}
	return o
}

// errorObject describes err on o: message, type (the error_type tag),
// kind, and the HTTP status or JSON-RPC code when there is one.
func (i *instance) errorObject(o *sobek.Object, err error) *sobek.Object {
	_ = o.Set("message", err.Error())
	var e *session.Error
	if !errors.As(err, &e) {
		_ = o.Set("type", "client")
		_ = o.Set("kind", "client")
		return o
	}
	_ = o.Set("type", e.Type())
	_ = o.Set("kind", e.Kind.String())
	if e.Status != 0 {
		_ = o.Set("status", e.Status)
	}
	if e.Kind == session.KindJSONRPC {
		_ = o.Set("code", e.Code)
	}
	return o
}
