// Package stream holds what the pushing outputs (remote write,
// OpenTelemetry) share: a sample buffer with a cap that counts what it
// drops, a periodic flusher, a record of failed pushes that warns as they
// happen and reports them at the end, a table of series aggregated by
// metric and tags, and the TLS settings of an HTTP or gRPC client.
package stream
