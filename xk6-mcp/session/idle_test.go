package session_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/server"

	"github.com/mcpchaos/mcpchaos/xk6-mcp/internal/testserver"
	"github.com/mcpchaos/mcpchaos/xk6-mcp/session"
)

// TestServerClosesIdleConnections: a server that drops keep-alive
// connections between calls costs the session new connections, never a
// failed call (the connection is checked before it is reused).
func TestServerClosesIdleConnections(t *testing.T) {
	t.Parallel()
	var conns atomic.Int64
	srv := httptest.NewUnstartedServer(server.NewStreamableHTTPServer(testserver.New(0)))
	srv.Config.IdleTimeout = 20 * time.Millisecond
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	s := dial(t, session.Options{Transport: session.StreamableHTTP, URL: srv.URL + "/mcp"})
	ctx := context.Background()
	for i := range 4 {
		time.Sleep(60 * time.Millisecond) // past the server's idle timeout
		if _, err := s.CallTool(ctx, testserver.ToolEcho, map[string]any{"text": "hi"}); err != nil {
			t.Fatalf("call %d after an idle close: %v", i, err)
		}
	}
	if n := conns.Load(); n < 5 {
		t.Errorf("%d connections for a handshake and 4 calls spaced past the idle timeout, want a new one each time", n)
	}
}
