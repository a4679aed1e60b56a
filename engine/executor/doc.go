// Package executor holds the k6 executors a scenario names: their
// configuration (k6's option names, defaults and validation) and the
// schedule that decides when each VU starts an iteration. It knows nothing
// of JavaScript: an executor drives VUs through the small VU interface and
// reports dropped iterations through Env.
//
// One file per executor: shared-iterations, per-vu-iterations,
// constant-vus, ramping-vus, constant-arrival-rate, ramping-arrival-rate.
//
// Execution segments (segment.go, segment_apply.go) split one test over
// several instances as k6's --execution-segment does: ApplySegment scales
// every VU and iteration count and filters arrival-rate schedules so that
// the instances of a sequence together run exactly the whole test.
package executor
