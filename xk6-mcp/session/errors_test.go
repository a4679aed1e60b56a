package session_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/xk6-mcp/internal/testserver"
	"github.com/mcpchaos/mcpchaos/xk6-mcp/session"
)

// TestErrorKinds makes the server fail in each way a call can fail and
// checks the kind, the error_type tag and the message.
func TestErrorKinds(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		fault    testserver.Fault
		tool     string
		kind     session.Kind
		typ      string
		contains []string
	}{
		{name: "http 503", fault: testserver.Fault503, tool: testserver.ToolEcho, kind: session.KindHTTPStatus, typ: "http_503", contains: []string{"HTTP 503", "overloaded", `tools/call "echo"`}},
		{name: "bad json", fault: testserver.FaultBadJSON, tool: testserver.ToolEcho, kind: session.KindMalformed, typ: "malformed"},
		{name: "html", fault: testserver.FaultHTML, tool: testserver.ToolEcho, kind: session.KindMalformed, typ: "malformed", contains: []string{"text/html"}},
		{name: "result not an object", fault: testserver.FaultResultNotObject, tool: testserver.ToolEcho, kind: session.KindMalformed, typ: "malformed", contains: []string{"not a JSON object"}},
		{name: "json-rpc code mcp-go does not know", fault: testserver.FaultRPCCode, tool: testserver.ToolEcho, kind: session.KindJSONRPC, typ: "jsonrpc_-32042", contains: []string{"quota exceeded"}},
		{name: "unknown tool", tool: "no-such-tool", kind: session.KindJSONRPC, typ: "jsonrpc_-32602"},
		{name: "timeout", fault: testserver.FaultHang, tool: testserver.ToolEcho, kind: session.KindTimeout, typ: "timeout", contains: []string{"timed out after 300ms", "raise the timeout"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := startServer(t, testserver.StreamableHTTP, 0)
			obs := &recorder{}
			s := dial(t, session.Options{Transport: session.StreamableHTTP, URL: srv.URL, Timeout: 300 * time.Millisecond, Observer: obs})
			srv.Faults.Set(tc.fault)
			res, err := s.CallTool(ctxT(t), tc.tool, map[string]any{"text": "x"})
			t.Log(err)
			var e *session.Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v (%T) is not a *session.Error", err, err)
			}
			if e.Kind != tc.kind || e.Type() != tc.typ {
				t.Errorf("kind %v type %q, want %v %q (%v)", e.Kind, e.Type(), tc.kind, tc.typ, err)
			}
			for _, c := range append(tc.contains, srv.URL) {
				if !strings.Contains(err.Error(), c) {
					t.Errorf("message %q does not mention %q", err, c)
				}
			}
			if res.TraceID == "" || res.Traceparent == "" {
				t.Errorf("failed call lost its trace context: %+v", res)
			}
			if c := obs.lastCall(); c.Err == nil || c.Err.Type() != tc.typ {
				t.Errorf("observer saw %+v", c)
			}
			// The session survives the failure.
			srv.Faults.Set(testserver.NoFault)
			if _, err := s.CallTool(ctxT(t), testserver.ToolEcho, nil); err != nil {
				t.Errorf("call after the fault: %v", err)
			}
		})
	}
}

// TestConnectErrors covers failures before a session exists.
func TestConnectErrors(t *testing.T) {
	t.Parallel()
	closedURL := "http://" + refusingAddr(t) + "/mcp"
	srv := startServer(t, testserver.StreamableHTTP, 0)
	tests := []struct {
		name string
		o    session.Options
		kind session.Kind
		msg  string
	}{
		{name: "connection refused", o: session.Options{Transport: session.StreamableHTTP, URL: closedURL}, kind: session.KindTransport, msg: "connection refused"},
		{name: "wrong path", o: session.Options{Transport: session.StreamableHTTP, URL: strings.TrimSuffix(srv.URL, "/mcp") + "/nope"}, kind: session.KindHTTPStatus, msg: "HTTP 404"},
		{name: "missing stdio binary", o: session.Options{Transport: session.Stdio, Command: "/nonexistent/server"}, msg: "check the path"},
		{name: "bad options", o: session.Options{Transport: "carrier-pigeon", ProtocolVersion: "1999-01-01"}, msg: "protocol version"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, err := session.Dial(ctxT(t), tc.o)
			t.Log(err)
			if err == nil {
				_ = s.Close()
				t.Fatal("dial succeeded")
			}
			if !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("message %q does not say %q", err, tc.msg)
			}
			var e *session.Error
			if tc.kind != 0 && (!errors.As(err, &e) || e.Kind != tc.kind) {
				t.Errorf("error %v: want kind %v", err, tc.kind)
			}
		})
	}
}

// TestCanceled: the caller's context ending is not a timeout.
func TestCanceled(t *testing.T) {
	t.Parallel()
	srv := startServer(t, testserver.StreamableHTTP, 0)
	s := dial(t, session.Options{Transport: session.StreamableHTTP, URL: srv.URL})
	ctx, cancel := contextWithCancel(t)
	go func() { time.Sleep(100 * time.Millisecond); cancel() }()
	_, err := s.CallTool(ctx, testserver.ToolSlow, map[string]any{"ms": 5000})
	var e *session.Error
	if !errors.As(err, &e) || e.Kind != session.KindCanceled {
		t.Fatalf("got %v, want a canceled error", err)
	}
}
