// Package k6metrics is the `k6/metrics` module: the Counter, Gauge, Rate
// and Trend constructors for custom metrics. Metrics are created in init
// code (as k6 requires) in the run's Registry; add() pushes a sample
// tagged with the VU's current tags merged with the call's tags.
package k6metrics
