package mcp

import (
	"fmt"

	"github.com/mcpchaos/mcpchaos/xk6-mcp/session"
)

// parseRequest reads a method's params object:
// callTool({name, arguments}), readResource({uri}),
// getPrompt({name, arguments}), list*({cursor}); each may carry _meta
// (or meta) fields to add to params._meta.
func parseRequest(op session.Op, v any) (session.Request, error) {
	r := newReader(fmt.Sprintf("%s params", op.Method()), v)
	req := session.Request{Op: op}
	switch op {
	case session.OpCallTool:
		req.Name = r.str("name")
		req.Arguments, _, _ = r.get("arguments")
	case session.OpGetPrompt:
		req.Name = r.str("name")
		req.Arguments, _, _ = r.get("arguments")
	case session.OpReadResource:
		req.URI = r.str("uri")
	case session.OpListTools, session.OpListResources, session.OpListPrompts:
		req.Cursor = r.str("cursor")
	}
	if m, k, ok := r.get("_meta", "meta"); ok {
		meta, isMap := m.(map[string]any)
		if !isMap {
			r.fail(k, "want an object, got %T", m)
		}
		req.Meta = meta
	}
	return req, r.done()
}
