package assertions_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/assertions"
)

// matchCase is one traceMatches expectation on a trace made by one
// tools/call search, written as a script would write it.
type matchCase struct {
	name string
	// spans is the selector list as JSON (a script's object).
	spans  string
	settle time.Duration
	want   assertions.Status
	// why are parts the Result's Why must contain.
	why []string
	// fast: the verdict must come before the deadline (a count already
	// broken ends the wait).
	fast bool
}

// treeCases are the cases both drivers pass: the Jaeger driver on the
// live stack, the Tempo driver on recorded answers. query is the search
// query the call sent (the downstream records it as search.query).
func treeCases(query string) []matchCase {
	q, _ := json.Marshal(query)
	return []matchCase{
		{name: "the span tree: tool call, its client child, the downstream below", spans: `[
			{"id": "tool", "tool": "search", "kind": "server", "service": "mcp-server", "method": "tools/call",
			 "attributes": {"mcp.session.id": {"op": "exists"}, "gen_ai.operation.name": "execute_tool", "error.type": {"op": "absent"}},
			 "status": "ok", "maxDuration": "10s", "count": 1},
			{"id": "call", "kind": "client", "service": "mcp-server", "parent": "tool", "minDuration": 0.001,
			 "attributes": {"http.request.method": "GET", "http.response.status_code": {"op": ">=", "value": 200},
			                "url.full": {"op": "contains", "value": "/search"}}},
			{"id": "downstream", "kind": "server", "service": "downstream", "name": "GET /search",
			 "parent": "call", "ancestor": "tool",
			 "attributes": {"search.query": ` + string(q) + `, "http.route": {"op": "=~", "value": "/se.*"}}}
		]`, want: assertions.Pass, why: []string{"all 3 selectors hold"}},
		{name: "either naming convention finds the tool call", spans: `[
			{"name": "tools/call search"},
			{"method": "tools/call", "tool": "search"},
			{"nameMatches": "tools/call .*", "attributes": {"span.gen_ai.tool.name": "search", "resource.service.name": "mcp-server"}},
			{"kind": "client", "parent": {"tool": "search", "kind": "server"}}
		]`, want: assertions.Pass},
		{name: "exact counts", spans: `[{"service": "mcp-server", "count": 2}, {"kind": "server", "minCount": 2, "maxCount": 2}]`,
			want: assertions.Pass, why: []string{"no late span broke a count"}},
		{name: "no error span, watched for late ones", spans: `[{"tool": "search"}, {"status": "error", "count": 0}]`,
			settle: 300 * time.Millisecond, want: assertions.Pass, why: []string{"in 300ms more"}},
		{name: "a wrong attribute value names the selector and what the span has", spans: `[
			{"tool": "search"},
			{"service": "downstream", "attributes": {"search.query": "not what was sent"}}
		]`, want: assertions.Fail, why: []string{"spans[1]", "matched 0 spans, want at least 1", `search.query is ` + string(q)}},
		{name: "count 0 violated fails at once", spans: `[{"tool": "search"}, {"id": "none", "service": "downstream", "count": 0}]`,
			want: assertions.Fail, fast: true, why: []string{"spans[1] (none)", "matched 1 span, want none", `"GET /search" (server, downstream`}},
		{name: "maxCount violated fails at once", spans: `[{"kind": "server", "maxCount": 1}]`,
			want: assertions.Fail, fast: true, why: []string{"matched 2 spans, want at most 1"}},
		{name: "a child relation that does not exist", spans: `[
			{"id": "tool", "tool": "search", "kind": "server"},
			{"service": "downstream", "kind": "server", "parent": "tool"}
		]`, want: assertions.Fail, why: []string{"spans[1]", `its parent "HTTP GET"`, "does not match spans[0] (tool)"}},
		{name: "no ancestor like this", spans: `[{"service": "downstream", "ancestor": {"service": "billing"}}]`,
			want: assertions.Fail, why: []string{"no span above it matches", `service is "mcp-server"`}},
		{name: "a duration bound", spans: `[{"tool": "search", "minDuration": "1h"}]`,
			want: assertions.Fail, why: []string{"under the minimum 1h0m0s"}},
		{name: "a status", spans: `[{"tool": "search", "status": "error"}]`,
			want: assertions.Fail, why: []string{"status is ok"}},
		{name: "an invalid selector is an error, not a verdict", spans: `[{"kind": "sever"}]`,
			want: assertions.Error, fast: true, why: []string{`kind "sever"`}},
	}
}

// runMatchCases evaluates each case on the trace id. within bounds the
// cases that fail; the trace must be complete before they run (the
// first case waits for it).
func runMatchCases(t *testing.T, b *assertions.Backends, id string, within time.Duration, cases []matchCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var spans []assertions.SpanSelector
			err := json.Unmarshal([]byte(tc.spans), &spans)
			if err != nil {
				t.Fatalf("selectors: %v", err)
			}
			e := assertions.TraceMatches{TraceID: id, Spans: spans, Within: within, Settle: tc.settle}
			start := time.Now()
			r := e.Evaluate(context.Background(), b)
			took := time.Since(start)
			if r.Status != tc.want {
				t.Fatalf("want %s, got %s", tc.want, r)
			}
			for _, w := range tc.why {
				if !strings.Contains(r.Why, w) {
					t.Errorf("why does not say %q: %s", w, r.Why)
				}
			}
			if tc.fast && took > within/2 {
				t.Errorf("took %s: a broken count should end the wait at once", took.Round(time.Millisecond))
			}
			if tc.want == assertions.Pass && r.Details == nil {
				t.Error("a pass without its trace report")
			}
			t.Logf("%s (%s, %d polls)", r, took.Round(time.Millisecond), r.Polls)
		})
	}
}
