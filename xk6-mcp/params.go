package mcp

import (
	"fmt"
	"slices"

	"github.com/grafana/sobek"

	"github.com/mcpchaos/mcpchaos/xk6-mcp/session"
)

// The keys each operation's params object may have; shared, never
// modified.
var (
	namedKeys    = []string{"name", "arguments", "_meta", "meta"}
	uriKeys      = []string{"uri", "_meta", "meta"}
	cursorKeys   = []string{"cursor", "_meta", "meta"}
	metaOnlyKeys = []string{"_meta", "meta"}
)

// paramKeys are the keys each operation's params object may have.
func paramKeys(op session.Op) []string {
	switch op {
	case session.OpCallTool, session.OpGetPrompt:
		return namedKeys
	case session.OpReadResource:
		return uriKeys
	case session.OpListTools, session.OpListResources, session.OpListPrompts:
		return cursorKeys
	default:
		return metaOnlyKeys
	}
}

// parseRequest reads a method's params object:
// callTool({name, arguments}), readResource({uri}),
// getPrompt({name, arguments}), list*({cursor}); each may carry _meta
// (or meta) fields to add to params._meta. It reads the JavaScript object
// directly: this runs once per call of a load loop.
func parseRequest(rt *sobek.Runtime, op session.Op, v sobek.Value) (session.Request, error) {
	req := session.Request{Op: op}
	if v == nil || sobek.IsUndefined(v) || sobek.IsNull(v) {
		return req, nil
	}
	what := op.Method() + " params"
	obj, ok := v.(*sobek.Object)
	if !ok {
		return req, fmt.Errorf("%s must be an object, not %s", what, v.String())
	}
	known := paramKeys(op)
	for _, k := range obj.Keys() {
		if !slices.Contains(known, k) {
			return req, fmt.Errorf("%s: unknown key %q; known: %v", what, k, known)
		}
	}
	var err error
	switch op {
	case session.OpCallTool, session.OpGetPrompt:
		if req.Name, err = stringParam(obj, what, "name"); err != nil {
			return req, err
		}
		if a := obj.Get("arguments"); a != nil && !sobek.IsUndefined(a) {
			req.Arguments = a.Export()
		}
	case session.OpReadResource:
		req.URI, err = stringParam(obj, what, "uri")
	case session.OpListTools, session.OpListResources, session.OpListPrompts:
		req.Cursor, err = stringParam(obj, what, "cursor")
	}
	if err != nil {
		return req, err
	}
	for _, k := range metaOnlyKeys {
		m := obj.Get(k)
		if m == nil || sobek.IsUndefined(m) || sobek.IsNull(m) {
			continue
		}
		meta, isMap := m.Export().(map[string]any)
		if !isMap {
			return req, fmt.Errorf("%s.%s: want an object, got %s", what, k, m.String())
		}
		req.Meta = meta
	}
	return req, nil
}

// stringParam reads an optional string key of a params object. A
// primitive string is read without Export, which would box it.
func stringParam(obj *sobek.Object, what, k string) (string, error) {
	x := obj.Get(k)
	if x == nil || sobek.IsUndefined(x) || sobek.IsNull(x) {
		return "", nil
	}
	if s, ok := x.(sobek.String); ok {
		return s.String(), nil
	}
	if s, ok := x.Export().(string); ok {
		return s, nil
	}
	return "", fmt.Errorf("%s.%s: want a string, got %s", what, k, x.String())
}
