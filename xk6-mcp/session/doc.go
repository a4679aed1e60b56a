// Package session opens MCP client sessions and drives calls on them for
// load and probe code, without any JavaScript: the k6/x/mcp module (the
// parent package) and the synthetic probe both sit on top of it.
//
// A Session wraps one github.com/mark3labs/mcp-go client over Streamable
// HTTP, HTTP+SSE or stdio. Every call gets a fresh W3C trace context whose
// traceparent travels in the HTTP header and in params._meta; the Result
// reports the trace and span IDs, the session ID, the duration and the
// tool's isError flag. Failures are one typed *Error whose Kind (transport,
// timeout, HTTP status, JSON-RPC error, malformed response, session lost,
// canceled) maps to the error_type metric tag. An Observer sees every
// operation and session event, so callers can turn them into metrics.
//
// A Streamable HTTP session that the server forgets (HTTP 404 for its
// Mcp-Session-Id) is re-initialized once and the call retried; the Observer
// is told, so the reconnect can be counted.
package session
