package assertions

import "testing"

func TestAttrConditions(t *testing.T) {
	span := &Span{
		Attributes: map[string]any{
			"code": int64(200), "ratio": 0.25, "name": "tools/call search", "ok": true,
			"text200": "200", "tags": []any{"a", "b"}, "service.name": "shadow",
		},
		Resource: map[string]any{"service.name": "mcp-server", "host.name": "vm"},
	}
	tests := []struct {
		key  string
		m    AttrMatch
		want bool
	}{
		{"code", AttrEq(int64(200)), true},
		{"code", AttrEq("200"), true},
		{"code", AttrEq(200.0), true},
		{"code", AttrEq(201), false},
		{"text200", AttrEq(int64(200)), true},
		{"ok", AttrEq(true), true},
		{"ok", AttrEq("true"), true},
		{"code", AttrCmp(OpGe, 200), true},
		{"code", AttrCmp(OpGt, 200), false},
		{"code", AttrCmp(OpLt, "300"), true},
		{"ratio", AttrCmp(OpLe, 0.25), true},
		{"name", AttrCmp(OpGt, 1), false}, // not a number
		{"name", AttrCmp(OpContains, "call"), true},
		{"name", AttrCmp(OpMatches, "tools/.*"), true},
		{"name", AttrCmp(OpMatches, "call"), false}, // anchored, as in TraceQL
		{"name", AttrCmp(OpNotMatches, "resources/.*"), true},
		{"tags", AttrEq("b"), true},
		{"tags", AttrCmp(OpContains, "a"), true},
		{"tags", AttrEq("c"), false},
		{"missing", AttrCmp(OpNe, "x"), true},
		{"missing", AttrCmp(OpNotMatches, "x"), true},
		{"missing", AttrEq("x"), false},
		{"missing", AttrMatch{Op: OpAbsent}, true},
		{"missing", AttrMatch{Op: OpExists}, false},
		{"code", AttrMatch{Op: OpExists}, true},
		{"code", AttrCmp(OpNe, 200), false},
		// A bare key looks in the span first; scopes pick one.
		{"service.name", AttrEq("shadow"), true},
		{"resource.service.name", AttrEq("mcp-server"), true},
		{"span.service.name", AttrEq("mcp-server"), false},
		{"host.name", AttrEq("vm"), true},
		{"span.host.name", AttrMatch{Op: OpAbsent}, true},
	}
	for _, tc := range tests {
		at, err := compileAttr(tc.key, tc.m)
		if err != nil {
			t.Fatalf("%s %v: %v", tc.key, tc.m, err)
		}
		if got, why := at.test(span); got != tc.want {
			t.Errorf("%s: got %v (%s), want %v", at, got, why, tc.want)
		}
	}
}
