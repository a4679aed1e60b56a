// Package promrw is k6's experimental-prometheus-rw output: it aggregates
// a run's samples per metric and tag set and pushes them with Prometheus
// remote write (protocol v1: a protobuf WriteRequest, snappy-compressed)
// every push interval and once more when the run ends, so the load
// metrics land beside the server's own in the same Prometheus.
//
// Names and values follow k6: every series is prefixed k6_; a Counter is
// k6_<name>_total (the running sum), a Gauge k6_<name> (the last value),
// a Rate k6_<name>_rate (the running share of non-zero values), and a
// Trend one gauge per stat of K6_PROMETHEUS_RW_TREND_STATS (default
// p(99)): k6_<name>_p99, _p95, _avg, _min, _max, _med, _sum, _count, with
// time values in seconds as Prometheus prefers. Tags become labels (empty
// ones are left out); K6_PROMETHEUS_RW_LABELS adds static labels under the
// series' own.
//
// Settings are k6's environment variables (FromEnv). Not supported, and
// refused with a message rather than ignored: native histograms
// (K6_PROMETHEUS_RW_TREND_AS_NATIVE_HISTOGRAM=true) and AWS SigV4 signing
// (K6_PROMETHEUS_RW_SIGV4_*).
//
// A failed push is logged as a warning and retried with the next one
// (values are cumulative, so a later push carries what a failed one
// missed); Stop reports the failures, so a run whose metrics did not
// arrive does not pass silently. Memory is bounded: at most maxPending
// samples wait between pushes and at most maxSeries series are kept;
// what exceeds either is dropped, counted and reported by Stop.
package promrw
