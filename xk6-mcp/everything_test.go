package mcp_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/internal/testenv"
	"github.com/mcpchaos/mcpchaos/xk6-mcp/internal/everything"
	"github.com/mcpchaos/mcpchaos/xk6-mcp/internal/testserver"
)

// installEverything installs server-everything (the test command's job);
// without npm it skips, or fails in CI.
func installEverything(t *testing.T) string {
	t.Helper()
	dir, err := everything.CacheDir()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	entry, err := everything.Install(ctx, dir)
	if errors.Is(err, everything.ErrNoNPM) {
		testenv.Missing(t, "npm", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	return entry
}

// everythingScript drives server-everything's own tools, resources and
// prompts with grafana/xk6-mcp-style calls.
const everythingScript = `
if (!client.ping()) throw new Error('ping');
const tools = client.listAllTools().tools.map(t => t.name);
if (!tools.includes('echo') || !tools.includes('get-sum')) throw new Error('tools: ' + tools);
const echo = client.callTool({ name: 'echo', arguments: { message: 'from k6' } });
if (echo.content[0].text !== 'Echo: from k6' || echo.is_error !== false) throw new Error(JSON.stringify(echo));
const sum = client.callTool({ name: 'get-sum', arguments: { a: 2, b: 3 } });
if (!sum.content[0].text.includes('5')) throw new Error(JSON.stringify(sum));
const structured = client.callTool({ name: 'get-structured-content', arguments: { location: 'New York' } });
if (!structured.structuredContent || structured.structured_content !== structured.structuredContent) throw new Error(JSON.stringify(structured));
const resources = client.listAllResources().resources;
const read = client.readResource({ uri: resources[0].uri });
if (read.contents[0].uri !== resources[0].uri) throw new Error(JSON.stringify(read));
const prompt = client.getPrompt({ name: 'simple-prompt' });
if (!prompt.messages[0].content.text) throw new Error(JSON.stringify(prompt));
// The TypeScript SDK answers an unknown tool with isError: true.
const missing = client.callTool({ name: 'no-such-tool' }, { throw: false });
if (!missing.error && missing.isError !== true) throw new Error(JSON.stringify(missing));
echo.traceparent;
`

// TestEverything runs against @modelcontextprotocol/server-everything over
// Streamable HTTP and SSE (through a recording proxy, so the trace headers
// are checked on the server's side of the wire) and stdio.
func TestEverything(t *testing.T) {
	t.Parallel()
	entry := installEverything(t)
	for _, transport := range []string{"streamableHttp", "sse"} {
		t.Run(transport, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			srv, err := everything.StartHTTP(ctx, entry, transport)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = srv.Close() })
			proxy, err := testserver.StartProxy(srv.URL)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = proxy.Close() })
			ctor := "new mcp.StreamableHTTPClient({ base_url: " + js(proxy.URL) + " })"
			if transport == "sse" {
				ctor = "new mcp.SSEClient({ base_url: " + js(proxy.URL) + " })"
			}
			vu := running(t)
			sent := runJS(t, vu, "const client = "+ctor+";\n"+everythingScript).String()
			var echoed bool
			for _, q := range proxy.Recorder.Of("tools/call") {
				if q.HeaderParent == "" || q.HeaderParent != q.MetaParent {
					t.Errorf("tools/call reached the server with header %q and _meta %q", q.HeaderParent, q.MetaParent)
				}
				echoed = echoed || q.HeaderParent == sent
			}
			if !echoed {
				t.Errorf("the echo call's traceparent %s never reached the server", sent)
			}
			if n := sum(samplesWith(vu, "mcp_request_count", map[string]string{"tool": "no-such-tool", "status": "error"})); n != 1 {
				t.Errorf("the unknown tool's failure counted %v times: %s", n, tagString(vu.SamplesOf("mcp_request_count")))
			}
		})
	}
	t.Run("stdio", func(t *testing.T) {
		t.Parallel()
		vu := running(t)
		_ = vu.RT.Set("ENTRY", entry)
		runJS(t, vu, "const client = new mcp.StdioClient({ path: 'node', args: [ENTRY, 'stdio'] });\n"+everythingScript)
	})
}
