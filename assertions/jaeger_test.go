package assertions_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/assertions"
	"github.com/mcpchaos/mcpchaos/config"
	"github.com/mcpchaos/mcpchaos/internal/porttest"
	"github.com/mcpchaos/mcpchaos/xk6-mcp/session"
)

// arrival bounds how long a live test waits for a trace to reach Jaeger
// (the server's batch exporter, the downstream's own).
const arrival = 30 * time.Second

// callTool makes n calls of tool on one session to the reference server
// and returns their trace ids.
func callTool(t *testing.T, n int, tool string, args map[string]any) []string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s, err := session.Dial(ctx, session.OptionsFromConfig(live.cfg.MCP, nil, ""))
	if err != nil {
		t.Fatalf("open an MCP session: %v", err)
	}
	defer s.Close()
	ids := make([]string, 0, n)
	for range n {
		res, err := s.CallTool(ctx, tool, args)
		if err != nil {
			t.Fatalf("call %s: %v", tool, err)
		}
		ids = append(ids, res.TraceID)
	}
	return ids
}

func randomTraceID(t *testing.T) string {
	t.Helper()
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

// A Jaeger trace made by an MCP call is matched as a span tree: the
// tool call's server span, its HTTP client child, the downstream's
// server span below; and every broken property fails naming it.
func TestJaegerTraceMatches(t *testing.T) {
	b := liveStack(t)
	id := callTool(t, 1, "search", map[string]any{"query": fixtureQuery})[0]
	cases := treeCases(fixtureQuery)
	// The first case waits for the whole tree; the others then judge a
	// complete trace.
	runMatchCases(t, b, id, arrival, cases[:1])
	runMatchCases(t, b, id, 2*time.Second, cases[1:])
}

func TestJaegerErrorSpan(t *testing.T) {
	b := liveStack(t)
	id := callTool(t, 1, "fail", map[string]any{"message": "boom from the assertions tests"})[0]
	runMatchCases(t, b, id, arrival, []matchCase{{
		name: "a failed tool call is an error span with error.type", spans: `[
			{"tool": "fail", "kind": "server", "status": "error", "statusMessage": "boom from the assertions tests",
			 "attributes": {"error.type": {"op": "exists"}, "mcp.method.name": "tools/call"}},
			{"kind": "client", "count": 0}
		]`, settle: 500 * time.Millisecond, want: assertions.Pass,
	}})
}

func TestJaegerTraceExists(t *testing.T) {
	b := liveStack(t)
	ctx := context.Background()
	id := callTool(t, 1, "echo", map[string]any{"message": "exists?"})[0]
	r := assertions.TraceExists{TraceID: id, Within: arrival}.Evaluate(ctx, b)
	if r.Status != assertions.Pass || r.Query != "GET /api/v3/traces/"+id || r.Backend != "jaeger" {
		t.Fatalf("want pass: %s (query %q, backend %q)", r, r.Query, r.Backend)
	}
	missing := randomTraceID(t)
	start := time.Now()
	r = assertions.TraceExists{TraceID: missing, Within: 2 * time.Second}.Evaluate(ctx, b)
	if r.Status != assertions.Fail || !strings.Contains(r.Why, "no span of trace "+missing) || time.Since(start) < 2*time.Second {
		t.Fatalf("want fail after 2s for a random id: %s", r)
	}
	r = assertions.TraceExists{TraceID: "not-hex", Within: time.Second}.Evaluate(ctx, b)
	if r.Status != assertions.Error || !errors.Is(r.Err, assertions.ErrBadExpectation) {
		t.Fatalf("want error for a bad id: %s", r)
	}
}

// Search is checked on its own: by service, span name and an attribute
// Jaeger's HTTP API does not filter on (the driver does).
func TestJaegerSearch(t *testing.T) {
	b := liveStack(t)
	ctx := context.Background()
	start := time.Now().Add(-time.Minute)
	query := "search-" + randomTraceID(t)[:12]
	id := callTool(t, 1, "search", map[string]any{"query": query})[0]
	// The whole trace: the server and the downstream export their spans
	// on their own schedules, and the root must be there for the search
	// results to name it.
	whole := []assertions.SpanSelector{{Service: "downstream"}, {Name: "tools/call search"}}
	if r := (assertions.TraceMatches{TraceID: id, Spans: whole, Within: arrival}).Evaluate(ctx, b); r.Status != assertions.Pass {
		t.Fatalf("the trace did not arrive: %s", r)
	}
	tests := []struct {
		name  string
		q     assertions.TraceQuery
		found bool
	}{
		{"by service, span name and attribute", assertions.TraceQuery{Service: "downstream", SpanName: "GET /search", Attributes: map[string]string{"search.query": query}, Start: start}, true},
		{"a number attribute as text", assertions.TraceQuery{Service: "downstream", Attributes: map[string]string{"search.query": query, "http.response.status_code": "200"}, MinDuration: time.Microsecond}, true},
		{"another attribute value", assertions.TraceQuery{Service: "downstream", Attributes: map[string]string{"search.query": query + "-not"}, Start: start}, false},
		{"one span must have it all", assertions.TraceQuery{Service: "mcp-server", Attributes: map[string]string{"search.query": query}, Start: start}, false},
		{"a time range before the call", assertions.TraceQuery{Service: "downstream", Attributes: map[string]string{"search.query": query}, Start: start.Add(-time.Hour), End: start}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := b.Traces.SearchTraces(ctx, tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if got := slices.Contains(res.IDs(), id); got != tc.found {
				t.Fatalf("found %v, want %v: %+v (%s)", got, tc.found, res.Traces, res.Query)
			}
			if tc.found && (len(res.Traces) != 1 || res.Traces[0].RootName != "tools/call search" || res.Traces[0].Matched != 1) {
				t.Errorf("want just this trace, rooted at the tool call: %+v", res.Traces)
			}
			if !strings.HasPrefix(res.Query, "GET /api/v3/traces?") {
				t.Errorf("query %q", res.Query)
			}
		})
	}
	if _, err := b.Traces.SearchTraces(ctx, assertions.TraceQuery{TraceQL: "{}"}); !errors.Is(err, assertions.ErrBadExpectation) {
		t.Fatalf("TraceQL on Jaeger: %v", err)
	}
}

// The fast profile samples every trace: all of N calls arrive.
func TestJaegerTracesSampled(t *testing.T) {
	b := liveStack(t)
	ctx := context.Background()
	ids := callTool(t, 5, "echo", map[string]any{"message": "sampled?"})
	r := assertions.TracesSampled{TraceIDs: ids, Ratio: 1, Within: arrival}.Evaluate(ctx, b)
	rep, _ := r.Details.(*assertions.SampledReport)
	if r.Status != assertions.Pass || rep == nil || rep.Found != 5 || rep.Missing != 0 {
		t.Fatalf("want all 5 found: %s (%+v)", r, rep)
	}
	start := time.Now()
	r = assertions.TracesSampled{TraceIDs: ids, Ratio: 0.1, Within: arrival}.Evaluate(ctx, b)
	if r.Status != assertions.Fail || !strings.Contains(r.Why, "more traces arrived than sampling at 0.1 keeps") || time.Since(start) > 5*time.Second {
		t.Fatalf("want a prompt fail for ratio 0.1: %s", r)
	}
	never := []string{randomTraceID(t), randomTraceID(t), randomTraceID(t)}
	r = assertions.TracesSampled{TraceIDs: never, Ratio: 0, Within: time.Second}.Evaluate(ctx, b)
	if r.Status != assertions.Pass || !strings.Contains(r.Why, "found 0 of 3") {
		t.Fatalf("want pass for ids never sent at ratio 0: %s", r)
	}
}

// An unreachable backend is Error for every expectation, never a pass
// (tracesSampled at ratio 0 would be one) and never a plain fail.
func TestTracesUnreachable(t *testing.T) {
	addr, closer, err := porttest.Refusing()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = closer.Close() })
	for _, kind := range []string{"jaeger", "tempo"} {
		t.Run(kind, func(t *testing.T) {
			b, err := assertions.New(config.Backends{Traces: config.Endpoint{Kind: kind, URL: "http://" + addr}})
			if err != nil {
				t.Fatal(err)
			}
			checkAllError(t, b, "connection refused")
			_, err = b.Traces.SearchTraces(context.Background(), assertions.TraceQuery{Service: "x"})
			var ae *assertions.APIError
			if !errors.As(err, &ae) || ae.Type != assertions.ErrUnreachable {
				t.Fatalf("search: want an unreachable APIError, got %v", err)
			}
		})
	}
}

// A URL that answers, but not as Jaeger's API v3, is Error too: a 404
// that is not Jaeger's "No traces found", or a page that is not JSON
// (Jaeger serves its UI for unknown paths).
func TestJaegerWrongURL(t *testing.T) {
	for name, h := range map[string]http.Handler{
		"not found":    http.NotFoundHandler(),
		"an HTML page": http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("<html>UI</html>")) }),
	} {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(h)
			t.Cleanup(srv.Close)
			b, err := assertions.New(config.Backends{Traces: config.Endpoint{URL: srv.URL}})
			if err != nil {
				t.Fatal(err)
			}
			checkAllError(t, b, "")
		})
	}
}

// checkAllError evaluates each trace expectation on b and wants Error,
// its Why saying want.
func checkAllError(t *testing.T, b *assertions.Backends, want string) {
	t.Helper()
	ctx := context.Background()
	within := 1500 * time.Millisecond
	for _, e := range []assertions.Expectation{
		assertions.TraceExists{TraceID: fixtureTraceID, Within: within},
		assertions.TraceMatches{TraceID: fixtureTraceID, Spans: []assertions.SpanSelector{{Service: "x", Count: assertions.N(0)}}, Within: within},
		assertions.TracesSampled{TraceIDs: []string{fixtureTraceID}, Ratio: 0, Within: within},
	} {
		r := e.Evaluate(ctx, b)
		if r.Status != assertions.Error || !strings.Contains(r.Why, want) || r.Err == nil {
			t.Errorf("%s: want error saying %q: %s", e.Kind(), want, r)
		}
	}
}
