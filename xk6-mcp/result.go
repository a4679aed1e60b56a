package mcp

import (
	"github.com/grafana/sobek"

	"github.com/mcpchaos/mcpchaos/xk6-mcp/session"
)

// result is a call's result as a JavaScript object that converts the
// server's JSON only when the script reads it: a load loop that ignores
// results pays nothing for them. Keys() lists the wire names and the
// harness's camelCase fields; the snake_case aliases answer Get and Has
// but are not listed, so JSON.stringify shows each value once.
type result struct {
	rt  *sobek.Runtime
	res session.Result

	decoded map[string]any    // the result object, once read
	aliases map[string]string // snake_case alias -> wire name
	values  map[string]sobek.Value
	own     map[string]sobek.Value // properties the script set
	gone    map[string]bool        // properties the script deleted
	failed  bool                   // the raw result did not decode
}

var _ sobek.DynamicObject = (*result)(nil)

// harness fields every result has, by camelCase name.
var harnessFields = []string{"traceId", "spanId", "traceparent", "sessionId", "protocolVersion", "requestId", "durationMs"}

// harnessAliases maps their snake_case names back.
var harnessAliases = map[string]string{
	"trace_id": "traceId", "span_id": "spanId", "session_id": "sessionId", "protocol_version": "protocolVersion",
	"request_id": "requestId", "duration_ms": "durationMs", "is_error": "isError",
}

func newResult(rt *sobek.Runtime, res session.Result) *sobek.Object {
	return rt.NewDynamicObject(&result{rt: rt, res: res})
}

// harness returns a harness field's value.
func (r *result) harness(name string) (any, bool) {
	switch name {
	case "traceId":
		return r.res.TraceID, true
	case "spanId":
		return r.res.SpanID, true
	case "traceparent":
		return r.res.Traceparent, true
	case "sessionId":
		return r.res.SessionID, true
	case "protocolVersion":
		return r.res.ProtocolVersion, true
	case "requestId":
		return r.res.RequestID, true
	case "durationMs":
		return ms(r.res.Duration), true
	case "reconnected":
		return r.res.Reconnected, r.res.Reconnected
	case "isError":
		// callTool results always have it, sent or not.
		if r.res.Op == session.OpCallTool {
			return r.res.IsError, true
		}
	}
	return nil, false
}

// decode reads the raw result once.
func (r *result) decode() {
	if r.decoded != nil || r.failed {
		return
	}
	m, err := r.res.Object()
	if err != nil {
		r.failed = true
		return
	}
	r.decoded = m
	r.aliases = make(map[string]string, len(m))
	for k := range m {
		if a := snakeName(k); a != k {
			if _, taken := m[a]; !taken {
				r.aliases[a] = k
			}
		}
	}
	r.values = make(map[string]sobek.Value, len(m))
}

// wire returns the value of a wire name, converted once.
func (r *result) wire(k string) sobek.Value {
	if v, ok := r.values[k]; ok {
		return v
	}
	raw, ok := r.decoded[k]
	if !ok {
		return nil
	}
	v := toJS(r.rt, raw, !opaque[k])
	r.values[k] = v
	return v
}

// Get implements sobek.DynamicObject.
func (r *result) Get(key string) sobek.Value {
	if v, ok := r.own[key]; ok {
		return v
	}
	if r.gone[key] {
		return nil
	}
	r.decode()
	if _, sent := r.decoded[key]; sent {
		return r.wire(key)
	}
	if w, ok := r.aliases[key]; ok {
		return r.wire(w)
	}
	name := key
	if camel, ok := harnessAliases[key]; ok {
		name = camel
	}
	if v, ok := r.harness(name); ok {
		return r.rt.ToValue(v)
	}
	return nil
}

// Has implements sobek.DynamicObject.
func (r *result) Has(key string) bool { return r.Get(key) != nil }

// Set implements sobek.DynamicObject: scripts may annotate results.
func (r *result) Set(key string, val sobek.Value) bool {
	if r.own == nil {
		r.own = map[string]sobek.Value{}
	}
	r.own[key] = val
	delete(r.gone, key)
	return true
}

// Delete implements sobek.DynamicObject.
func (r *result) Delete(key string) bool {
	delete(r.own, key)
	if r.gone == nil {
		r.gone = map[string]bool{}
	}
	r.gone[key] = true
	return true
}

// Keys implements sobek.DynamicObject: wire names, then harness fields.
func (r *result) Keys() []string {
	r.decode()
	keys := make([]string, 0, len(r.decoded)+len(harnessFields)+len(r.own)+2)
	seen := map[string]bool{}
	add := func(k string) {
		if !seen[k] && !r.gone[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	for k := range r.decoded {
		add(k)
	}
	for _, k := range append(harnessFields, "isError", "reconnected") {
		if _, ok := r.harness(k); ok {
			add(k)
		}
	}
	for k := range r.own {
		add(k)
	}
	return keys
}
