package assertions_test

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/mcpchaos/mcpchaos/assertions"
)

// Selectors decode from the object a script writes.
func ExampleSpanSelector() {
	var spans []assertions.SpanSelector
	err := json.Unmarshal([]byte(`[
		{"id": "tool", "tool": "search", "kind": "server"},
		{"kind": "client", "parent": "tool", "maxDuration": "2s",
		 "attributes": {"http.response.status_code": {"op": "<", "value": 500}}},
		{"status": "error", "count": 0}
	]`), &spans)
	if err != nil {
		fmt.Println(err)
	}
	for _, s := range spans {
		fmt.Println(s)
	}
	// Output:
	// {id tool, kind server, tool search}
	// {kind client, http.response.status_code < 500, duration <= 2s, parent "tool"}
	// {status error, count 0}
}

// A tool call's span tree, in Go: the server span, the client span it
// made, and the downstream's span somewhere below.
func ExampleTraceMatches() {
	var b *assertions.Backends // from assertions.New(cfg.Backends)
	e := assertions.TraceMatches{
		TraceID: "4bf92f3577b34da6a3ce929d0e0e4736",
		Spans: []assertions.SpanSelector{
			{ID: "tool", Tool: "search", Kind: assertions.SpanKindServer, Status: assertions.StatusOK, Count: assertions.N(1)},
			{Kind: assertions.SpanKindClient, Parent: assertions.RefTo("tool"), MaxDuration: 2 * time.Second},
			{Service: "downstream", Ancestor: assertions.RefTo("tool"),
				Attributes: map[string]assertions.AttrMatch{"http.response.status_code": assertions.AttrEq(200)}},
		},
		Within: 30 * time.Second,
	}
	if b != nil {
		fmt.Println(e.Evaluate(context.Background(), b))
	}
}
