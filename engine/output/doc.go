// Package output streams a run's samples as k6's --out does. New parses a
// `type=argument` spec and builds one of k6's outputs:
//
//   - json: `json=results.json` (a `.gz` suffix gzips, `-` or nothing
//     writes to stdout), one JSON object per line in k6's format — a
//     Metric line before each metric's first point, then Point lines with
//     time, value and tags.
//   - csv: `csv=results.csv` (or `csv=fileName=F,saveInterval=1s,timeFormat=unix`;
//     K6_CSV_FILENAME, K6_CSV_SAVE_INTERVAL, K6_CSV_TIME_FORMAT), one row
//     per sample with k6's columns: metric_name, timestamp, metric_value,
//     the system tags, extra_tags, metadata.
//   - experimental-prometheus-rw: Prometheus remote write (package promrw,
//     K6_PROMETHEUS_RW_* settings).
//   - opentelemetry (or experimental-opentelemetry): OTLP metrics over gRPC
//     or HTTP (package otlp, K6_OTEL_* settings).
//
// Outputs never read the process environment: the CLI hands it over in
// Params.Env. AddSamples runs on the engine's aggregator goroutine, so the
// pushing outputs only buffer there (with a cap) and talk to the network
// from their own goroutine; Stop flushes and reports what went wrong.
package output
