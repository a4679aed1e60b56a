package session

import "fmt"

// Op is one client operation. Its Name is the method tag that
// grafana/xk6-mcp puts on its metrics; its Method is the MCP protocol
// method on the wire.
type Op int

// The operations a Session performs.
const (
	OpPing Op = iota + 1
	OpCallTool
	OpListTools
	OpListAllTools
	OpListResources
	OpListAllResources
	OpReadResource
	OpListPrompts
	OpListAllPrompts
	OpGetPrompt
	// OpInitialize is the session handshake (initialize, or server/discover
	// on 2026-07-28); observed, not callable.
	OpInitialize
)

var opNames = [...]struct{ name, method string }{
	OpPing:             {"Ping", "ping"},
	OpCallTool:         {"CallTool", "tools/call"},
	OpListTools:        {"ListTools", "tools/list"},
	OpListAllTools:     {"ListAllTools", "tools/list"},
	OpListResources:    {"ListResources", "resources/list"},
	OpListAllResources: {"ListAllResources", "resources/list"},
	OpReadResource:     {"ReadResource", "resources/read"},
	OpListPrompts:      {"ListPrompts", "prompts/list"},
	OpListAllPrompts:   {"ListAllPrompts", "prompts/list"},
	OpGetPrompt:        {"GetPrompt", "prompts/get"},
	OpInitialize:       {"Initialize", "initialize"},
}

func (o Op) valid() bool { return o >= OpPing && o <= OpInitialize }

// Name is the operation's name as grafana/xk6-mcp tags it (`CallTool`).
func (o Op) Name() string {
	if !o.valid() {
		return fmt.Sprintf("Op(%d)", int(o))
	}
	return opNames[o].name
}

// Method is the MCP method the operation sends (`tools/call`).
func (o Op) Method() string {
	if !o.valid() {
		return ""
	}
	return opNames[o].method
}

// String returns the Name.
func (o Op) String() string { return o.Name() }

// paginated reports whether the operation follows nextCursor to the end.
func (o Op) paginated() bool {
	return o == OpListAllTools || o == OpListAllResources || o == OpListAllPrompts
}
