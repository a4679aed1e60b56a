package mcp_test

import (
	"encoding/json"
	"testing"

	"github.com/grafana/sobek"

	mcp "github.com/mcpchaos/mcpchaos/xk6-mcp"
	"github.com/mcpchaos/mcpchaos/xk6-mcp/session"
)

// FuzzResultObject turns arbitrary result JSON into the script's object
// and walks it the ways scripts do; nothing may panic.
func FuzzResultObject(f *testing.F) {
	for _, seed := range []string{
		`{"content":[{"type":"text","text":"hi"}],"isError":false}`,
		`{"tools":[{"name":"a","inputSchema":{"type":"object","properties":{"camelCase":{}}}}],"nextCursor":"x"}`,
		`{"contents":[{"uri":"a://b","mimeType":"text/plain","text":"t"}],"_meta":{"k":1}}`,
		`{"messages":[{"role":"user","content":{"type":"text","text":"x"}}],"next_cursor":"y","nextCursor":"z"}`,
		`{"structuredContent":{"aB":[1,{"cD":null}]},"isError":true}`,
		`{}`, `{"":""}`, `{"A":{"B":[[[]]]}}`,
	} {
		f.Add([]byte(seed))
	}
	rt := sobek.New()
	rt.SetFieldNameMapper(sobek.TagFieldNameMapper("js", true))
	walk, err := rt.RunString(`(function (r) {
		const s = JSON.stringify(r);
		for (const k of Object.keys(r)) { r[k]; }
		r.content && r.content[0] && r.content[0].text;
		r.next_cursor; r.is_error; r.meta; r.traceId; r.trace_id;
		r.extra = 1; delete r.extra; delete r.content;
		return s;
	})`)
	if err != nil {
		f.Fatal(err)
	}
	fn, _ := sobek.AssertFunction(walk)
	f.Fuzz(func(t *testing.T, raw []byte) {
		var m map[string]any
		if json.Unmarshal(raw, &m) != nil {
			return // the session only hands over results that decoded
		}
		for _, op := range []session.Op{session.OpCallTool, session.OpListAllTools} {
			obj := mcp.NewResultForTest(rt, session.Result{Op: op, Raw: raw, TraceID: "t"})
			if _, err := fn(sobek.Undefined(), obj); err != nil {
				t.Fatalf("walking %s: %v", raw, err)
			}
		}
	})
}
