package session_test

import (
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/mcpchaos/mcpchaos/internal/traceparent"
	"github.com/mcpchaos/mcpchaos/xk6-mcp/internal/testserver"
	"github.com/mcpchaos/mcpchaos/xk6-mcp/session"
)

// TestSpans: with a Tracer, each request is a client span named and
// attributed per the OTel MCP conventions, and its IDs are the ones sent.
func TestSpans(t *testing.T) {
	t.Parallel()
	srv := startServer(t, testserver.StreamableHTTP, 0)
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	t.Cleanup(func() { _ = tp.Shutdown(ctxT(t)) })
	s := dial(t, session.Options{Transport: session.StreamableHTTP, URL: srv.URL, Tracer: tp.Tracer("test")})
	ctx := ctxT(t)
	ok, err := s.CallTool(ctx, testserver.ToolEcho, map[string]any{"text": "x"})
	if err != nil {
		t.Fatal(err)
	}
	fail, err := s.CallTool(ctx, testserver.ToolFail, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, rpcErr := s.CallTool(ctx, "missing", nil)
	if rpcErr == nil {
		t.Fatal("calling a missing tool succeeded")
	}

	spans := rec.Ended()
	if len(spans) != 4 || spans[0].Name() != "initialize" {
		t.Fatalf("%d spans (first %q), want initialize and 3 calls", len(spans), spans[0].Name())
	}
	spans = spans[1:]
	attrs := func(sp sdktrace.ReadOnlySpan) map[attribute.Key]string {
		m := map[attribute.Key]string{}
		for _, kv := range sp.Attributes() {
			m[kv.Key] = kv.Value.Emit()
		}
		return m
	}
	first := spans[0]
	a := attrs(first)
	if first.Name() != "tools/call echo" || first.SpanKind() != trace.SpanKindClient {
		t.Errorf("span %q kind %v", first.Name(), first.SpanKind())
	}
	for k, want := range map[attribute.Key]string{
		"mcp.method.name": "tools/call", "gen_ai.tool.name": "echo", "mcp.session.id": s.ID(),
		"mcp.protocol.version": "2025-11-25", "jsonrpc.request.id": ok.RequestID, "network.transport": "tcp",
		"server.address": "127.0.0.1",
	} {
		if a[k] != want {
			t.Errorf("attribute %s = %q, want %q", k, a[k], want)
		}
	}
	if first.SpanContext().TraceID().String() != ok.TraceID || first.SpanContext().SpanID().String() != ok.SpanID {
		t.Errorf("span %s/%s, traceparent sent %s", first.SpanContext().TraceID(), first.SpanContext().SpanID(), ok.Traceparent)
	}
	if got := srv.Recorder.Of("tools/call")[0].HeaderParent; got != ok.Traceparent {
		t.Errorf("server saw %q, span is %q", got, ok.Traceparent)
	}
	if a := attrs(spans[1]); a["error.type"] != "tool_error" || spans[1].Status().Code != codes.Error || !fail.IsError {
		t.Errorf("tool error span: %v %v", a, spans[1].Status())
	}
	if a := attrs(spans[2]); a["error.type"] != "-32602" || a["rpc.response.status_code"] != "-32602" {
		t.Errorf("JSON-RPC error span: %v", a)
	}
}

// TestUnsampled clears the sampled flag.
func TestUnsampled(t *testing.T) {
	t.Parallel()
	srv := startServer(t, testserver.StreamableHTTP, 0)
	s := dial(t, session.Options{Transport: session.StreamableHTTP, URL: srv.URL, Unsampled: true})
	res, err := s.CallTool(ctxT(t), testserver.ToolEcho, nil)
	if err != nil {
		t.Fatal(err)
	}
	tc, err := traceparent.Parse(res.Traceparent)
	if err != nil || tc.Sampled || !strings.HasSuffix(srv.Recorder.Of("tools/call")[0].HeaderParent, "-00") {
		t.Errorf("traceparent %q (%v), server saw %+v", res.Traceparent, err, srv.Recorder.Of("tools/call"))
	}
}

// TestPropagation sends the traceparent where Options.Propagation says,
// keeping the caller's own _meta fields either way.
func TestPropagation(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		p              session.Propagation
		header, inMeta bool
	}{
		{"", true, true},
		{session.PropagateBoth, true, true},
		{session.PropagateHeader, true, false},
		{session.PropagateMeta, false, true},
	} {
		t.Run(string(tc.p), func(t *testing.T) {
			t.Parallel()
			srv := startServer(t, testserver.StreamableHTTP, 0)
			s := dial(t, session.Options{Transport: session.StreamableHTTP, URL: srv.URL, Propagation: tc.p})
			res, err := s.Call(ctxT(t), session.Request{Op: session.OpCallTool, Name: testserver.ToolEcho, Meta: map[string]any{"note": "kept"}})
			if err != nil {
				t.Fatal(err)
			}
			q := srv.Recorder.Of("tools/call")[0]
			if got := q.HeaderParent == res.Traceparent; got != tc.header {
				t.Errorf("header traceparent %q, sent %q: want in header %v", q.HeaderParent, res.Traceparent, tc.header)
			}
			if got := q.MetaParent == res.Traceparent; got != tc.inMeta {
				t.Errorf("_meta traceparent %q, sent %q: want in _meta %v", q.MetaParent, res.Traceparent, tc.inMeta)
			}
			if !tc.header && q.HeaderParent != "" || !tc.inMeta && q.MetaParent != "" {
				t.Errorf("traceparent sent where it should not be: header %q, _meta %q", q.HeaderParent, q.MetaParent)
			}
		})
	}
}

// TestPropagationValidate names the bad value and the choices.
func TestPropagationValidate(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		o    session.Options
		want string
	}{
		{session.Options{Transport: session.StreamableHTTP, URL: "http://127.0.0.1:1/mcp", Propagation: "headers"}, `propagation "headers": use "both" (the default), "header" or "meta"`},
		{session.Options{Transport: session.Stdio, Command: "server", Propagation: session.PropagateHeader}, `stdio has no headers`},
	} {
		errs := tc.o.Validate()
		if len(errs) != 1 || !strings.Contains(errs[0].Error(), tc.want) {
			t.Errorf("Validate(%+v) = %v, want one error containing %q", tc.o.Propagation, errs, tc.want)
		}
	}
}
