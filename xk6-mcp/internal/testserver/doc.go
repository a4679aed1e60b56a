// Package testserver runs mcp-go MCP servers on loopback for the tests and
// the benchmark of k6/x/mcp: Streamable HTTP, HTTP+SSE and (through
// testdata/stdioserver) stdio, all serving the same tools, resources and
// prompts. A Recorder in front of the HTTP servers keeps what each request
// carried (method, traceparent header and _meta, session ID), a Faults
// switch makes tools/call answer badly on purpose, and Forget makes the
// server drop every session so clients see HTTP 404.
package testserver
