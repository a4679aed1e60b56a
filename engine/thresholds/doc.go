// Package thresholds parses k6 threshold definitions (`p(95)<200`,
// `rate==1`, `count>0` …) keyed by metric name with optional tag filters
// (`http_req_duration{status:200}`), binds them to a run's metrics, and
// evaluates them against the metrics' aggregates, periodically and at the
// end of the run.
//
// Aggregations allowed per metric type follow k6: counter count and rate;
// gauge value; rate rate; trend avg, min, max, med and p(N). Build reports
// every problem of a definition set at once.
//
// Metrics without samples: during the run (Evaluate before the end) an empty
// metric never triggers abortOnFail, as k6 skips empty sinks; its threshold
// is still evaluated against the empty aggregate (every value 0), which is
// what k6 does at the end of the run. So `count>0` on a counter that never
// got a sample fails, and `p(95)<200` on an empty trend passes.
package thresholds
