// Package mcp is the k6/x/mcp JavaScript module: MCP clients for scenario
// scripts. It is a thin adapter over the session package (which never
// imports sobek): it turns script arguments into session options and
// requests, results into JavaScript objects, failures into exceptions (or
// results with an error when throw is false) and session observations
// into samples of the run's metrics.
//
// The API runs grafana/xk6-mcp scripts unchanged (StreamableHTTPClient,
// SSEClient, StdioClient, ping, listTools, listAllTools, callTool, ...,
// results with snake_case names and the metrics mcp_request_duration,
// mcp_request_count and mcp_request_errors tagged method) and adds
// mcp.connect, protocol pinning, TLS, per-call timeouts, a traceparent per
// call, trace IDs on results, OTLP client spans, reconnects and the
// tags mcp_method, tool, status and error_type. index.d.ts describes it
// all.
//
// cmd/mcpchaos registers New() under "k6/x/mcp".
package mcp
