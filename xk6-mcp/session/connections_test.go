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

// countingServer serves the test MCP server over Streamable HTTP and
// counts the connections clients open; idle > 0 closes keep-alive
// connections idle that long.
func countingServer(t *testing.T, idle time.Duration) (string, *atomic.Int64) {
	t.Helper()
	var conns atomic.Int64
	srv := httptest.NewUnstartedServer(server.NewStreamableHTTPServer(testserver.New(0)))
	srv.Config.IdleTimeout = idle
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	return srv.URL + "/mcp", &conns
}

// TestConnectionReuse: a session's calls share one keep-alive connection.
func TestConnectionReuse(t *testing.T) {
	t.Parallel()
	url, conns := countingServer(t, 0)
	s := dial(t, session.Options{Transport: session.StreamableHTTP, URL: url})
	for i := range 500 {
		if _, err := s.CallTool(context.Background(), testserver.ToolNoop, nil); err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	if n := conns.Load(); n > 2 {
		t.Errorf("%d connections for 500 calls on one session, want them to share one", n)
	}
}

// TestServerClosesIdleConnections: a server that drops keep-alive
// connections between calls costs the session new connections, never a
// failed call (the connection is checked before it is reused).
func TestServerClosesIdleConnections(t *testing.T) {
	t.Parallel()
	url, conns := countingServer(t, 20*time.Millisecond)
	s := dial(t, session.Options{Transport: session.StreamableHTTP, URL: url})
	for i := range 4 {
		time.Sleep(60 * time.Millisecond) // past the server's idle timeout
		if _, err := s.CallTool(context.Background(), testserver.ToolEcho, map[string]any{"text": "hi"}); err != nil {
			t.Fatalf("call %d after an idle close: %v", i, err)
		}
	}
	if n := conns.Load(); n < 5 {
		t.Errorf("%d connections for a handshake and 4 calls spaced past the idle timeout, want a new one each time", n)
	}
}
