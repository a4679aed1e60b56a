package session_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/mcpchaos/mcpchaos/xk6-mcp/internal/testserver"
	"github.com/mcpchaos/mcpchaos/xk6-mcp/session"
)

// optionsFor returns options reaching a fresh server over transport.
func optionsFor(t *testing.T, tr session.Transport, pageSize int) (session.Options, *testserver.Server) {
	t.Helper()
	switch tr {
	case session.StreamableHTTP:
		srv := startServer(t, testserver.StreamableHTTP, pageSize)
		return session.Options{Transport: tr, URL: srv.URL}, srv
	case session.SSE:
		srv := startServer(t, testserver.SSE, pageSize)
		return session.Options{Transport: tr, URL: srv.URL}, srv
	default:
		return session.Options{Transport: tr, Command: stdioServer, Args: []string{"-page-size", "2"}}, nil
	}
}

// TestTransports drives every operation over the three transports and
// checks the trace context the server saw.
func TestTransports(t *testing.T) {
	t.Parallel()
	for _, tr := range []session.Transport{session.StreamableHTTP, session.SSE, session.Stdio} {
		t.Run(string(tr), func(t *testing.T) {
			t.Parallel()
			o, srv := optionsFor(t, tr, 2)
			obs := &recorder{}
			o.Observer = obs
			s := dial(t, o)
			ctx := ctxT(t)
			if tr == session.StreamableHTTP && s.ID() == "" {
				t.Error("no Mcp-Session-Id on a streamable HTTP session")
			}
			if s.ProtocolVersion() != session.DefaultProtocolVersion {
				t.Errorf("protocol version %q, want %q", s.ProtocolVersion(), session.DefaultProtocolVersion)
			}
			if _, err := s.Ping(ctx); err != nil {
				t.Fatalf("ping: %v", err)
			}

			tools, err := s.ListAllTools(ctx)
			if err != nil {
				t.Fatalf("list all tools: %v", err)
			}
			if n := len(tools.Value.(*mcp.ListToolsResult).Tools); n != 6 || tools.Pages < 3 {
				t.Errorf("listAllTools: %d tools in %d pages, want 6 in 3 or more", n, tools.Pages)
			}
			obj, err := tools.Object()
			if err != nil || len(obj["tools"].([]any)) != 6 {
				t.Errorf("listAllTools raw: %v %v", obj, err)
			}
			page, err := s.ListTools(ctx, "")
			if err != nil || len(page.Value.(*mcp.ListToolsResult).Tools) != 2 || page.Value.(*mcp.ListToolsResult).NextCursor == "" {
				t.Errorf("listTools first page: %+v %v", page.Value, err)
			}

			echo, err := s.CallTool(ctx, testserver.ToolEcho, map[string]any{"text": "hi"})
			if err != nil {
				t.Fatalf("echo: %v", err)
			}
			if got := echo.Value.(*mcp.CallToolResult).Content[0].(mcp.TextContent).Text; got != "hi" {
				t.Errorf("echo said %q", got)
			}

			res, err := s.CallTool(ctx, testserver.ToolTrace, nil)
			if err != nil {
				t.Fatalf("trace tool: %v", err)
			}
			var seen testserver.Seen
			text := res.Value.(*mcp.CallToolResult).Content[0].(mcp.TextContent).Text
			if err := json.Unmarshal([]byte(text), &seen); err != nil {
				t.Fatal(err)
			}
			if seen.Meta != res.Traceparent {
				t.Errorf("server saw _meta traceparent %q, the result says %q", seen.Meta, res.Traceparent)
			}
			if tr != session.Stdio && seen.Header != res.Traceparent {
				t.Errorf("server saw header traceparent %q, the result says %q", seen.Header, res.Traceparent)
			}
			if !strings.Contains(res.Traceparent, res.TraceID) || !strings.Contains(res.Traceparent, res.SpanID) || !strings.HasSuffix(res.Traceparent, "-01") {
				t.Errorf("traceparent %q does not match trace %s span %s sampled", res.Traceparent, res.TraceID, res.SpanID)
			}

			rr, err := s.ReadResource(ctx, testserver.ResourceURI)
			if err != nil || rr.Value.(*mcp.ReadResourceResult).Contents[0].(mcp.TextResourceContents).Text != "hello from mcpchaos" {
				t.Errorf("readResource: %+v %v", rr.Value, err)
			}
			gp, err := s.GetPrompt(ctx, testserver.PromptName, map[string]string{"name": "k6"})
			if err != nil || gp.Value.(*mcp.GetPromptResult).Messages[0].Content.(mcp.TextContent).Text != "Hello, k6!" {
				t.Errorf("getPrompt: %+v %v", gp.Value, err)
			}
			if _, err := s.ListAllResources(ctx); err != nil {
				t.Errorf("listAllResources: %v", err)
			}
			if _, err := s.ListAllPrompts(ctx); err != nil {
				t.Errorf("listAllPrompts: %v", err)
			}

			fail, err := s.CallTool(ctx, testserver.ToolFail, nil)
			if err != nil || !fail.IsError {
				t.Errorf("fail tool: isError %v, err %v", fail.IsError, err)
			}
			if c := obs.lastCall(); !c.IsError || c.Err != nil || c.BytesSent <= 0 || c.BytesReceived <= 0 {
				t.Errorf("observed tool error call: %+v", c)
			}

			if srv != nil {
				for _, q := range srv.Recorder.Of("tools/call") {
					if q.HeaderParent == "" || q.HeaderParent != q.MetaParent {
						t.Errorf("tools/call carried header %q and _meta %q", q.HeaderParent, q.MetaParent)
					}
				}
			}
			if err := s.Close(); err != nil {
				t.Errorf("close: %v", err)
			}
			if err := s.Close(); err != nil {
				t.Errorf("second close: %v", err)
			}
			if kinds := obs.eventKinds(); len(kinds) != 2 || kinds[0] != session.SessionOpened || kinds[1] != session.SessionClosed {
				t.Errorf("session events %v", kinds)
			}
			if _, err := s.Ping(ctx); err == nil {
				t.Error("ping on a closed session succeeded")
			}
		})
	}
}
