// Package metrics holds the metric model every part of the runner shares:
// metric types and value types as k6 names them, immutable tag sets,
// samples, the per-run Registry, and the sinks that aggregate samples for
// the summary and thresholds.
//
// Modules create their metrics once per run through the Registry (from the
// init environment) and push Samples through the VU's Pusher while they
// run. Nothing here imports sobek.
package metrics
