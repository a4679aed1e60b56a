package mcp_test

import (
	"testing"

	"github.com/mcpchaos/mcpchaos/xk6-mcp/internal/testserver"
)

// grafanaScript is grafana/xk6-mcp's README example with the test
// server's names: the names and result shapes it uses must work as there.
const grafanaScript = `
if (client.ping() !== true) throw new Error('ping did not return true');
const tools = client.listAllTools().tools;
if (tools.length !== 6 || !tools.some(t => t.name === 'echo')) throw new Error('tools: ' + JSON.stringify(tools));
if (!tools[0].input_schema || tools[0].input_schema.type !== 'object') throw new Error('input_schema missing');
const resources = client.listAllResources().resources;
if (resources[0].uri !== 'test://info' || resources[0].mime_type !== 'text/plain') throw new Error('resources: ' + JSON.stringify(resources));
const prompts = client.listAllPrompts().prompts;
if (prompts[0].name !== 'greet') throw new Error('prompts: ' + JSON.stringify(prompts));
const toolResult = client.callTool({ name: 'echo', arguments: { text: 'Grafana k6' } });
if (toolResult.content[0].text !== 'Grafana k6') throw new Error('callTool: ' + JSON.stringify(toolResult));
if (toolResult.is_error !== false || toolResult.isError !== false) throw new Error('is_error');
const resourceContent = client.readResource({ uri: 'test://info' });
if (resourceContent.contents[0].text !== 'hello from mcpchaos') throw new Error('readResource');
const prompt = client.getPrompt({ name: 'greet', arguments: { name: 'k6' } });
if (prompt.messages[0].content.text !== 'Hello, k6!') throw new Error('getPrompt: ' + JSON.stringify(prompt));
const first = client.listTools();
const second = client.listTools({ cursor: first.next_cursor });
if (!first.next_cursor || first.nextCursor !== first.next_cursor || second.tools[0].name === first.tools[0].name) throw new Error('pagination');
const failed = client.callTool({ name: 'fail' });
if (failed.is_error !== true || failed.isError !== true) throw new Error('tool error not flagged');
`

// TestGrafanaScripts runs the README example over all three transports,
// with the client built in the default function as there.
func TestGrafanaScripts(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, ctor string }{
		{"streamable-http", "new mcp.StreamableHTTPClient({ base_url: URL })"},
		{"sse", "new mcp.SSEClient({ base_url: URL })"},
		{"stdio", "new mcp.StdioClient({ path: PATH, args: ['-page-size', '2'] })"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			url := ""
			switch tc.name {
			case "streamable-http":
				url = startServer(t, testserver.StreamableHTTP, 2).URL
			case "sse":
				url = startServer(t, testserver.SSE, 2).URL
			}
			vu := running(t)
			runJS(t, vu, "const URL = "+js(url)+"; const PATH = "+js(stdioServer)+";\nconst client = "+tc.ctor+";\n"+grafanaScript)
			if got := sum(samplesWith(vu, "mcp_request_count", map[string]string{"method": "CallTool"})); got != 2 {
				t.Errorf("%v CallTool requests counted, want 2", got)
			}
			if got := len(samplesWith(vu, "mcp_request_duration", map[string]string{"method": "ListAllTools", "mcp_method": "tools/list"})); got != 1 {
				t.Errorf("%d ListAllTools durations, want 1", got)
			}
			if got := len(vu.SamplesOf("mcp_request_errors")); got != 0 {
				t.Errorf("errors counted: %s", tagString(vu.SamplesOf("mcp_request_errors")))
			}
		})
	}
}
