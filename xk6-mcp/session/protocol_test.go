package session_test

import (
	"strings"
	"testing"

	"github.com/mcpchaos/mcpchaos/xk6-mcp/internal/testserver"
	"github.com/mcpchaos/mcpchaos/xk6-mcp/session"
)

// TestProtocolVersions pins each revision: the legacy ones initialize and
// carry Mcp-Session-Id, 2026-07-28 is stateless (server/discover, no
// session ID).
func TestProtocolVersions(t *testing.T) {
	t.Parallel()
	for _, v := range append(session.ProtocolVersions(), session.ProtocolAuto) {
		t.Run(v, func(t *testing.T) {
			t.Parallel()
			srv := startServer(t, testserver.StreamableHTTP, 0)
			s := dial(t, session.Options{Transport: session.StreamableHTTP, URL: srv.URL, ProtocolVersion: v})
			want := v
			if v == session.ProtocolAuto {
				want = "2026-07-28"
			}
			if s.ProtocolVersion() != want {
				t.Fatalf("negotiated %q, want %q", s.ProtocolVersion(), want)
			}
			res, err := s.CallTool(ctxT(t), testserver.ToolEcho, map[string]any{"text": v})
			if err != nil {
				t.Fatal(err)
			}
			calls := srv.Recorder.Of("tools/call")
			if len(calls) != 1 || calls[0].HeaderParent != res.Traceparent || calls[0].MetaParent != res.Traceparent {
				t.Errorf("tools/call seen as %+v, sent %s", calls, res.Traceparent)
			}
			stateless := want == "2026-07-28"
			if stateless {
				if s.ID() != "" || calls[0].SessionID != "" || len(srv.Recorder.Of("initialize")) != 0 || len(srv.Recorder.Of("server/discover")) != 1 {
					t.Errorf("2026-07-28 should be stateless: id %q, requests %+v", s.ID(), srv.Recorder.Requests())
				}
				return
			}
			if s.ID() == "" || calls[0].SessionID != s.ID() || len(srv.Recorder.Of("initialize")) != 1 {
				t.Errorf("%s should initialize and send Mcp-Session-Id: id %q, requests %+v", v, s.ID(), srv.Recorder.Requests())
			}
			if v >= "2025-06-18" && calls[0].ProtocolVersion != v {
				t.Errorf("MCP-Protocol-Version header %q, want %q", calls[0].ProtocolVersion, v)
			}
		})
	}
}

// TestStatelessOtherTransports shows where mcp-go speaks 2026-07-28
// besides Streamable HTTP.
func TestStatelessOtherTransports(t *testing.T) {
	t.Parallel()
	for _, tr := range []session.Transport{session.SSE, session.Stdio} {
		t.Run(string(tr), func(t *testing.T) {
			t.Parallel()
			o, _ := optionsFor(t, tr, 0)
			o.ProtocolVersion = "2026-07-28"
			s, err := session.Dial(ctxT(t), o)
			if err != nil {
				if !strings.Contains(err.Error(), "pinned 2026-07-28") {
					t.Fatalf("unexpected failure: %v", err)
				}
				t.Logf("mcp-go cannot speak 2026-07-28 over %s: %v", tr, err)
				return
			}
			defer s.Close()
			if _, err := s.CallTool(ctxT(t), testserver.ToolEcho, nil); err != nil {
				t.Fatal(err)
			}
			t.Logf("%s speaks %s", tr, s.ProtocolVersion())
		})
	}
}
