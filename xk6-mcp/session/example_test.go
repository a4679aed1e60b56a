package session_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/mcpchaos/mcpchaos/xk6-mcp/internal/testserver"
	"github.com/mcpchaos/mcpchaos/xk6-mcp/session"
)

func ExampleDial() {
	srv, err := testserver.Start(testserver.StreamableHTTP, testserver.Config{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()
	ctx := context.Background()

	s, err := session.Dial(ctx, session.Options{Transport: session.StreamableHTTP, URL: srv.URL})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()

	res, err := s.CallTool(ctx, "echo", map[string]any{"text": "hello"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Value.(*mcp.CallToolResult).Content[0].(mcp.TextContent).Text)
	// The server saw the same traceparent in its header and params._meta.
	seen := srv.Recorder.Of("tools/call")[0]
	fmt.Println(seen.HeaderParent == res.Traceparent, seen.MetaParent == res.Traceparent)

	_, err = s.CallTool(ctx, "no-such-tool", nil)
	var e *session.Error
	if errors.As(err, &e) {
		fmt.Println(e.Kind, e.Type())
	}
	// Output:
	// hello
	// true true
	// jsonrpc jsonrpc_-32602
}
