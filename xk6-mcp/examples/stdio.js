// A grafana/xk6-mcp script over stdio: the client starts the server.
// MCP_SERVER_PATH and MCP_SERVER_ARGS (space-separated) name it.
import mcp from 'k6/x/mcp';

export default function () {
  const client = new mcp.StdioClient({
    path: __ENV.MCP_SERVER_PATH || 'npx',
    args: (__ENV.MCP_SERVER_ARGS || '-y @modelcontextprotocol/server-everything stdio').split(' '),
  });
  const tools = client.listAllTools().tools;
  console.log(`${tools.length} tools over stdio`);
  const echo = client.callTool({ name: 'echo', arguments: { message: 'over stdio' } });
  console.log(echo.content[0].text);
}
