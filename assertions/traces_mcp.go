package assertions

import "strings"

// Attribute keys of the OpenTelemetry semantic conventions for MCP
// (https://opentelemetry.io/docs/specs/semconv/gen-ai/mcp/), which the
// reference server and the harness's own spans use.
const (
	AttrMCPMethodName      = "mcp.method.name"
	AttrMCPSessionID       = "mcp.session.id"
	AttrMCPProtocolVersion = "mcp.protocol.version"
	AttrMCPResourceURI     = "mcp.resource.uri"
	AttrGenAIToolName      = "gen_ai.tool.name"
	AttrGenAIPromptName    = "gen_ai.prompt.name"
	AttrGenAIOperationName = "gen_ai.operation.name"
	AttrJSONRPCRequestID   = "jsonrpc.request.id"
	AttrErrorType          = "error.type"
)

// toolAttrs are the attributes that may name a span's tool: the
// conventions' gen_ai.tool.name, then the names earlier MCP drafts and
// the seed's logs and metrics use.
var toolAttrs = []string{AttrGenAIToolName, "mcp.tool.name", "tool_name"}

// MCPSpanName is a span name by the MCP conventions: "{mcp.method.name}
// {target}" ("tools/call search"), or the method alone without a target.
func MCPSpanName(method, target string) string {
	if target == "" {
		return method
	}
	return method + " " + target
}

// ToolCall selects the server span of an MCP call of tool.
func ToolCall(tool string) SpanSelector {
	return SpanSelector{Tool: tool, Kind: SpanKindServer}
}

// isTool reports whether s is a span of the MCP tool by either
// convention: a tool attribute, or a span name that ends in " <tool>"
// ("tools/call search", GenAI's "execute_tool search").
func isTool(s *Span, tool string) bool {
	for _, k := range toolAttrs {
		if v, ok := s.Attributes[k]; ok && plainString(v) == tool {
			return true
		}
	}
	return strings.HasSuffix(s.Name, " "+tool)
}

// isMethod reports whether s is a span of the MCP method: its
// mcp.method.name, or a span name that is the method or starts with it
// and a space.
func isMethod(s *Span, method string) bool {
	if v, ok := s.Attributes[AttrMCPMethodName]; ok {
		return plainString(v) == method
	}
	return s.Name == method || strings.HasPrefix(s.Name, method+" ")
}
