package session

import "context"

// Ping sends ping. On a 2026-07-28 session mcp-go sends nothing (the
// method was removed) and Ping succeeds.
func (s *Session) Ping(ctx context.Context) (Result, error) {
	return s.Call(ctx, Request{Op: OpPing})
}

// CallTool calls a tool; a result with IsError set is not an error.
func (s *Session) CallTool(ctx context.Context, name string, args any) (Result, error) {
	return s.Call(ctx, Request{Op: OpCallTool, Name: name, Arguments: args})
}

// ListTools lists one page of tools.
func (s *Session) ListTools(ctx context.Context, cursor string) (Result, error) {
	return s.Call(ctx, Request{Op: OpListTools, Cursor: cursor})
}

// ListAllTools lists every tool, following cursors.
func (s *Session) ListAllTools(ctx context.Context) (Result, error) {
	return s.Call(ctx, Request{Op: OpListAllTools})
}

// ListResources lists one page of resources.
func (s *Session) ListResources(ctx context.Context, cursor string) (Result, error) {
	return s.Call(ctx, Request{Op: OpListResources, Cursor: cursor})
}

// ListAllResources lists every resource, following cursors.
func (s *Session) ListAllResources(ctx context.Context) (Result, error) {
	return s.Call(ctx, Request{Op: OpListAllResources})
}

// ReadResource reads one resource.
func (s *Session) ReadResource(ctx context.Context, uri string) (Result, error) {
	return s.Call(ctx, Request{Op: OpReadResource, URI: uri})
}

// ListPrompts lists one page of prompts.
func (s *Session) ListPrompts(ctx context.Context, cursor string) (Result, error) {
	return s.Call(ctx, Request{Op: OpListPrompts, Cursor: cursor})
}

// ListAllPrompts lists every prompt, following cursors.
func (s *Session) ListAllPrompts(ctx context.Context) (Result, error) {
	return s.Call(ctx, Request{Op: OpListAllPrompts})
}

// GetPrompt renders a prompt with string arguments.
func (s *Session) GetPrompt(ctx context.Context, name string, args map[string]string) (Result, error) {
	return s.Call(ctx, Request{Op: OpGetPrompt, Name: name, Arguments: args})
}
