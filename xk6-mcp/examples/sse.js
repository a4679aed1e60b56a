// A grafana/xk6-mcp script over HTTP+SSE.
// Server: npx @modelcontextprotocol/server-everything sse
import mcp from 'k6/x/mcp';

export default function () {
  const client = new mcp.SSEClient({
    base_url: __ENV.MCP_SSE_URL || 'http://localhost:3001/sse',
  });
  const sum = client.callTool({ name: 'get-sum', arguments: { a: 2, b: 3 } });
  console.log(`get-sum: ${sum.content[0].text}`);
}
