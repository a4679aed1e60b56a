// Command altserver is an MCP server written from stack/CONTRACT.md and
// the seed observability guide alone, as a team outside mcpchaos would
// write one: it shares no code with the reference server in fixtures/.
// The scenarios' suite test runs the fault suite against it through
// `mcpchaos demo --server-cmd` to show that the scenarios judge any
// server that follows the contract, not only the reference one.
//
// It serves two tools over Streamable HTTP at /mcp on $MCP_LISTEN_ADDR
// (TLS from $TLS_CERT_FILE and $TLS_KEY_FILE, reloaded when the files
// change): search, which calls GET $DOWNSTREAM_URL/search, and echo. Each
// tool call gets a SERVER span "tools/call <tool>" under the caller's W3C
// traceparent (HTTP header or params._meta), a CLIENT child span for the
// downstream call, one JSON log line in $LOG_FILE with trace_id, span_id
// and session_id (secret-looking argument keys redacted at any depth) and
// the seed's metrics on $METRICS_LISTEN_ADDR/metrics:
// mcp_tool_calls_total, mcp_tool_duration_seconds and
// mcp_active_sessions.
//
// It deliberately has no circuit breaker (no mcp_circuit_breaker_open):
// a suite run against it must fail the breaker's expectations and pass
// everything else.
package main
