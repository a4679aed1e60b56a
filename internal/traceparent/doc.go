// Package traceparent is the W3C Trace Context header (version 00) of the
// module's clients: the probe and the k6 MCP sessions start a trace per
// probe or operation, send a fresh span ID on each request (Child), and
// parse what servers echo back (Parse).
//
// go.opentelemetry.io/otel/propagation renders the same header, but only
// from a SpanContext stored in a context.Context into a carrier, and it
// makes no IDs; the load generator's hot path wants the plain value, its
// IDs and its string.
package traceparent
