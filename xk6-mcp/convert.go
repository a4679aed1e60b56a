package mcp

import (
	"strings"

	"github.com/grafana/sobek"
)

// opaque fields hold the server's or the tool's own data (schemas,
// structured output, _meta): their keys are passed through untouched.
var opaque = map[string]bool{
	"structuredContent": true, "inputSchema": true, "outputSchema": true,
	"_meta": true, "experimental": true, "data": true,
}

// toJS converts a decoded JSON value to JavaScript. Objects of the MCP
// protocol keep the wire names (nextCursor, isError, mimeType) as
// enumerable properties and also get the snake_case names grafana/xk6-mcp
// scripts use (next_cursor, is_error, mime_type, and meta for _meta) as
// non-enumerable aliases, so JSON.stringify shows the wire shape once.
func toJS(rt *sobek.Runtime, v any, alias bool) sobek.Value {
	switch x := v.(type) {
	case map[string]any:
		o := rt.NewObject()
		for k, val := range x {
			jv := toJS(rt, val, alias && !opaque[k])
			_ = o.Set(k, jv)
			if !alias {
				continue
			}
			if a := snakeName(k); a != k {
				if _, taken := x[a]; !taken {
					_ = o.DefineDataProperty(a, jv, sobek.FLAG_TRUE, sobek.FLAG_TRUE, sobek.FLAG_FALSE)
				}
			}
		}
		return o
	case []any:
		items := make([]any, len(x))
		for i, e := range x {
			items[i] = toJS(rt, e, alias)
		}
		return rt.NewArray(items...)
	default:
		return rt.ToValue(x)
	}
}

// snakeName turns a camelCase wire name into the snake_case name the k6
// field mapper gives the Go SDK's field (nextCursor -> next_cursor,
// mimeType -> mime_type, _meta -> meta).
func snakeName(k string) string {
	if k == "_meta" {
		return "meta"
	}
	if strings.IndexFunc(k, isUpper) < 0 {
		return k
	}
	var b strings.Builder
	b.Grow(len(k) + 4)
	for i, c := range k {
		if isUpper(c) {
			if i > 0 {
				b.WriteByte('_')
			}
			c += 'a' - 'A'
		}
		b.WriteRune(c)
	}
	return b.String()
}

func isUpper(c rune) bool { return c >= 'A' && c <= 'Z' }

// setBoth sets a property under its camelCase name (enumerable) and its
// snake_case alias (not enumerable).
func setBoth(o *sobek.Object, rt *sobek.Runtime, camel string, v any) {
	jv := rt.ToValue(v)
	_ = o.Set(camel, jv)
	if a := snakeName(camel); a != camel {
		_ = o.DefineDataProperty(a, jv, sobek.FLAG_TRUE, sobek.FLAG_TRUE, sobek.FLAG_FALSE)
	}
}
