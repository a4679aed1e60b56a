package testserver

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
)

// Tool names the server offers.
const (
	ToolEcho  = "echo"  // returns arguments.text
	ToolAdd   = "add"   // returns a+b
	ToolTrace = "trace" // returns the traceparent it saw, as JSON
	ToolFail  = "fail"  // returns isError: true
	ToolSlow  = "slow"  // sleeps arguments.ms, honouring cancellation
	ToolNoop  = "noop"  // returns "ok": the benchmark's call
)

// ResourceURI and PromptName are the one resource and prompt.
const (
	ResourceURI = "test://info"
	PromptName  = "greet"
)

// Seen is what the trace tool reports.
type Seen struct {
	Header string `json:"header"`
	Meta   string `json:"meta"`
}

// New returns an MCP server with the test tools, a resource and a prompt.
// pageSize > 0 paginates lists so clients must follow cursors.
func New(pageSize int) *server.MCPServer {
	opts := []server.ServerOption{server.WithToolCapabilities(false), server.WithResourceCapabilities(false, false), server.WithPromptCapabilities(false)}
	if pageSize > 0 {
		opts = append(opts, server.WithPaginationLimit(pageSize))
	}
	s := server.NewMCPServer("mcpchaos-test", "1.0.0", opts...)
	s.AddTool(mcp.NewTool(ToolEcho, mcp.WithString("text")), func(_ context.Context, r mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		return mcp.NewToolResultText(r.GetString("text", "")), nil
	})
	s.AddTool(mcp.NewTool(ToolAdd, mcp.WithNumber("a"), mcp.WithNumber("b")), func(_ context.Context, r mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		return mcp.NewToolResultText(fmt.Sprint(r.GetFloat("a", 0) + r.GetFloat("b", 0))), nil
	})
	s.AddTool(mcp.NewTool(ToolTrace), func(_ context.Context, r mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		seen := Seen{Header: r.Header.Get("traceparent")}
		if r.Params.Meta != nil {
			seen.Meta, _ = r.Params.Meta.AdditionalFields["traceparent"].(string)
		}
		b, err := json.Marshal(seen)
		if err != nil {
			return nil, err
		}
		return mcp.NewToolResultText(string(b)), nil
	})
	s.AddTool(mcp.NewTool(ToolFail), func(context.Context, mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		return mcp.NewToolResultError("the tool failed on purpose"), nil
	})
	s.AddTool(mcp.NewTool(ToolSlow, mcp.WithNumber("ms")), func(ctx context.Context, r mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		select {
		case <-time.After(time.Duration(r.GetFloat("ms", 0)) * time.Millisecond):
			return mcp.NewToolResultText("done"), nil
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	})
	s.AddTool(mcp.NewTool(ToolNoop), func(context.Context, mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		return mcp.NewToolResultText("ok"), nil
	})
	s.AddResource(mcp.NewResource(ResourceURI, "info", mcp.WithMIMEType("text/plain")), func(context.Context, mcp.ReadResourceRequest) ([]mcp.ResourceContents, error) {
		return []mcp.ResourceContents{mcp.TextResourceContents{URI: ResourceURI, MIMEType: "text/plain", Text: "hello from mcpchaos"}}, nil
	})
	s.AddPrompt(mcp.NewPrompt(PromptName, mcp.WithArgument("name")), func(_ context.Context, r mcp.GetPromptRequest) (*mcp.GetPromptResult, error) {
		return mcp.NewGetPromptResult("a greeting", []mcp.PromptMessage{
			mcp.NewPromptMessage(mcp.RoleUser, mcp.NewTextContent("Hello, "+r.Params.Arguments["name"]+"!")),
		}), nil
	})
	return s
}
