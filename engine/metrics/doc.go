// Package metrics holds the metric model every part of the runner shares:
// metric types and value types as k6 names them, immutable tag sets,
// samples, the per-run Registry, and the sinks that aggregate samples for
// the summary and thresholds.
//
// Memory does not grow with the number of samples: a TrendSink keeps its
// first TrendExactLimit values, then a Sketch (log buckets, percentiles
// within SketchRelativeAccuracy, 1 %); count, sum, min and max stay exact.
// Every sink merges with another of its type and round-trips JSON
// (merge.go), so the summaries of a test's execution segments combine.
//
// Modules create their metrics once per run through the Registry (from the
// init environment) and push Samples through the VU's Pusher while they
// run. Nothing here imports sobek.
package metrics
