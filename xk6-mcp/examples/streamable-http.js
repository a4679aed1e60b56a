// A grafana/xk6-mcp script: it runs unchanged there and on mcpchaos.
// Server: npx @modelcontextprotocol/server-everything streamableHttp
import mcp from 'k6/x/mcp';

export default function () {
  const client = new mcp.StreamableHTTPClient({
    base_url: __ENV.MCP_URL || 'http://localhost:3001/mcp',
  });

  console.log('MCP server running:', client.ping());

  const tools = client.listAllTools().tools;
  tools.forEach((tool) => console.log(`  - ${tool.name}`));

  const resources = client.listAllResources().resources;
  resources.forEach((resource) => console.log(`  - ${resource.uri}`));

  const prompts = client.listAllPrompts().prompts;
  prompts.forEach((prompt) => console.log(`  - ${prompt.name}`));

  const toolResult = client.callTool({ name: 'echo', arguments: { message: 'Grafana k6' } });
  console.log(`Echo tool response: "${toolResult.content[0].text}"`);

  const resourceContent = client.readResource({ uri: resources[0].uri });
  console.log(`Resource content: ${resourceContent.contents[0].text}`);

  const prompt = client.getPrompt({ name: 'simple-prompt' });
  console.log(`Prompt: ${prompt.messages[0].content.text}`);

  const page = client.listTools();
  if (page.next_cursor) {
    client.listTools({ cursor: page.next_cursor });
  }
}
