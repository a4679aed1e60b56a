package session_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/mark3labs/mcp-go/server"

	"github.com/mcpchaos/mcpchaos/xk6-mcp/internal/testserver"
	"github.com/mcpchaos/mcpchaos/xk6-mcp/session"
)

// TestConnectionReuse: a session's calls share one keep-alive connection.
func TestConnectionReuse(t *testing.T) {
	t.Parallel()
	var conns atomic.Int64
	srv := httptest.NewUnstartedServer(server.NewStreamableHTTPServer(testserver.New(0)))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	s := dial(t, session.Options{Transport: session.StreamableHTTP, URL: srv.URL + "/mcp"})
	for i := range 500 {
		if _, err := s.CallTool(context.Background(), testserver.ToolNoop, nil); err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	if n := conns.Load(); n > 2 {
		t.Errorf("%d connections for 500 calls on one session, want them to share one", n)
	}
}
