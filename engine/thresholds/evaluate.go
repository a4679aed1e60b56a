package thresholds

import (
	"sync"
	"time"

	"github.com/mcpchaos/mcpchaos/engine/metrics"
)

// Result is the outcome of one threshold at an evaluation.
type Result struct {
	// Metric is the thresholds key in canonical form: the metric name, or
	// the submetric name `metric{tag:value}`.
	Metric string
	// Expression is the threshold as written, e.g. "p(95)<200".
	Expression string
	// OK is true when the threshold holds.
	OK bool
	// Value is the observed aggregate the expression compared.
	Value float64
	// Aggregation is the canonical aggregation, e.g. "p(95)" or "rate".
	Aggregation string
	// Empty is true when the metric had no samples (Value is then 0).
	Empty bool
	// AbortOnFail and DelayAbortEval are the threshold's options.
	AbortOnFail    bool
	DelayAbortEval time.Duration
	// Aborting is true when this failure asks the run to abort.
	Aborting bool
}

type evalState struct {
	mu        sync.Mutex
	last      []Result
	evaluated bool
}

// Evaluate checks every threshold against the current aggregates, with
// elapsed as the run's duration so far (for counter rates and for
// delayAbortEval). abort is true when an abortOnFail threshold fails after
// its delay on a metric that has samples. Results are in key order, then
// definition order.
func (s *Set) Evaluate(elapsed time.Duration) (results []Result, abort bool) {
	if s == nil {
		return nil, false
	}
	snaps := map[*metrics.Metric]snapshot{}
	for _, t := range s.targets {
		sink := t.sink(snaps)
		empty := sink.IsEmpty()
		values := sink.Values(elapsed)
		for _, th := range t.thresholds {
			r := th.evaluate(t.key, sink, values)
			r.Empty = empty
			r.Aborting = !r.OK && th.abortOnFail && !empty && elapsed >= th.delay
			abort = abort || r.Aborting
			results = append(results, r)
		}
	}
	s.state.mu.Lock()
	s.state.last = results
	s.state.evaluated = true
	s.state.mu.Unlock()
	return results, abort
}

type snapshot struct {
	sink metrics.Sink
	subs map[string]metrics.Sink
}

// sink returns the target's aggregate, snapshotting each metric once per
// evaluation.
func (t *target) sink(snaps map[*metrics.Metric]snapshot) metrics.Sink {
	snap, ok := snaps[t.metric]
	if !ok {
		snap.sink, snap.subs = t.metric.Snapshot()
		snaps[t.metric] = snap
	}
	if t.submetric == nil {
		return snap.sink
	}
	if s, ok := snap.subs[t.submetric.Name]; ok {
		return s
	}
	return metrics.NewSink(t.metric.Type)
}

func (th *threshold) evaluate(key string, sink metrics.Sink, values map[string]float64) Result {
	v, ok := values[th.expr.Aggregation]
	if !ok {
		if ts, isTrend := sink.(*metrics.TrendSink); isTrend && th.expr.Percentile >= 0 {
			v = ts.P(th.expr.Percentile)
		}
	}
	return Result{
		Metric:         key,
		Expression:     th.expr.Source,
		OK:             th.expr.Holds(v),
		Value:          v,
		Aggregation:    th.expr.Aggregation,
		AbortOnFail:    th.abortOnFail,
		DelayAbortEval: th.delay,
	}
}

// Failed reports whether any threshold failed at the last evaluation.
func (s *Set) Failed() bool {
	for _, r := range s.Results() {
		if !r.OK {
			return true
		}
	}
	return false
}

// Results returns the results of the last evaluation (nil before the
// first).
func (s *Set) Results() []Result {
	if s == nil {
		return nil
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	return append([]Result(nil), s.state.last...)
}

// Keys returns the canonical thresholds keys (metrics and submetrics) in
// order.
func (s *Set) Keys() []string {
	if s == nil {
		return nil
	}
	out := make([]string, 0, len(s.targets))
	for _, t := range s.targets {
		out = append(out, t.key)
	}
	return out
}
