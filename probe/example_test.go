package probe_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"

	"github.com/mark3labs/mcp-go/server"

	"github.com/mcpchaos/mcpchaos/probe"
)

// Probe an MCP server with a canary tool call, from Go.
func ExampleProber_Probe() {
	mcpServer := httptest.NewServer(server.NewStreamableHTTPServer(newMCPServer()))
	defer mcpServer.Close()

	cfg, err := probe.ParseConfig([]byte(`
modules:
  canary:
    timeout: 5s
    steps:
      expect_tools: [echo]
      call_tool:
        name: echo
        arguments: {message: hello}
        expect_result: "^hello$"
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	p, err := probe.New(cfg, probe.WithVersion("v1.0.0"))
	if err != nil {
		fmt.Println(err)
		return
	}
	res := p.Probe(context.Background(), mcpServer.URL+"/mcp", "canary")
	fmt.Println("success:", res.Success)
	fmt.Println("protocol:", res.ProtocolVersion)
	fmt.Println("tools:", res.ToolsCount)

	stopped := httptest.NewServer(http.NotFoundHandler())
	stopped.Close() // like a server that was killed
	res = p.Probe(context.Background(), stopped.URL+"/mcp", "canary")
	if fail, ok := res.Failure(); ok {
		fmt.Println("failed:", fail.Phase, fail.Reason)
	}
	// Output:
	// success: true
	// protocol: 2025-11-25
	// tools: 3
	// failed: connect refused
}

// Serve /probe as Prometheus would scrape it, with the default module.
func ExampleHandler() {
	mcpServer := httptest.NewServer(server.NewStreamableHTTPServer(newMCPServer()))
	defer mcpServer.Close()

	p, err := probe.New(probe.Config{})
	if err != nil {
		fmt.Println(err)
		return
	}
	exporter := httptest.NewServer(probe.Handler(p))
	defer exporter.Close()

	resp, err := http.Get(exporter.URL + "/probe?target=" + url.QueryEscape(mcpServer.URL+"/mcp"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	for _, line := range strings.Split(string(body), "\n") {
		if strings.HasPrefix(line, "probe_success") || strings.HasPrefix(line, "probe_mcp_tools_count") {
			fmt.Println(line)
		}
	}
	// Output:
	// probe_mcp_tools_count 3
	// probe_success 1
}
