package bench

import (
	"context"
	"testing"

	"github.com/grafana/sobek"
	"github.com/mark3labs/mcp-go/mcp"

	"github.com/mcpchaos/mcpchaos/engine/modules/modulestest"
	xmcp "github.com/mcpchaos/mcpchaos/xk6-mcp"
	"github.com/mcpchaos/mcpchaos/xk6-mcp/internal/testserver"
	"github.com/mcpchaos/mcpchaos/xk6-mcp/session"
)

// BenchmarkCallTool compares one callTool round trip through the plain
// mcp-go client, the same carrying trace context as the session does,
// the session layer and the JavaScript module, against a no-op server in
// the same process (so the server's work is counted too).
func BenchmarkCallTool(b *testing.B) {
	srv, err := testserver.Start(testserver.StreamableHTTP, testserver.Config{Plain: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = srv.Close() })
	ctx := context.Background()

	b.Run("plain", func(b *testing.B) {
		c, err := plainClient(ctx, srv.URL)
		if err != nil {
			b.Fatal(err)
		}
		defer c.Close()
		var req mcp.CallToolRequest
		req.Params.Name = testserver.ToolNoop
		b.ReportAllocs()
		for b.Loop() {
			if _, err := c.CallTool(ctx, req); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("traced", func(b *testing.B) {
		c, err := plainClient(ctx, srv.URL)
		if err != nil {
			b.Fatal(err)
		}
		defer c.Close()
		var req mcp.CallToolRequest
		req.Params.Name = testserver.ToolNoop
		b.ReportAllocs()
		for b.Loop() {
			tracedRequest(&req)
			if _, err := c.CallTool(ctx, req); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("session", func(b *testing.B) {
		s, err := session.Dial(ctx, session.Options{Transport: session.StreamableHTTP, URL: srv.URL})
		if err != nil {
			b.Fatal(err)
		}
		defer s.Close()
		b.ReportAllocs()
		for b.Loop() {
			if _, err := s.CallTool(ctx, testserver.ToolNoop, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("js", func(b *testing.B) {
		vu, err := modulestest.NewLoaded(ctx, "mcp", xmcp.New())
		if err != nil {
			b.Fatal(err)
		}
		defer vu.Close()
		vu.StartIteration(nil)
		if _, err := vu.Run(`const client = mcp.connect(` + "'" + srv.URL + "'" + `); function iter() { client.callTool({ name: 'noop' }); }`); err != nil {
			b.Fatal(err)
		}
		iter, _ := sobek.AssertFunction(vu.RT.Get("iter"))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := iter(sobek.Undefined()); err != nil {
				b.Fatal(err)
			}
		}
	})
}
