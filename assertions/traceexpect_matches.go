package assertions

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// DefaultSettle is how long traceMatches goes on watching a trace that
// holds when a selector caps its count (count 0, maxCount): spans from
// other processes may still be on their way.
const DefaultSettle = 2 * time.Second

// settleInterval is how often the settle phase looks again.
const settleInterval = 500 * time.Millisecond

// TraceMatches expects a trace to have the spans its selectors describe
// within Within. The trace is complete when every selector is satisfied
// — the span set the expectation names is there — not when the span
// count stops changing; a selector whose count is already over its
// limit fails at once (spans only arrive, they do not leave). When a
// selector caps its count, a trace that holds is watched for Settle
// more (default DefaultSettle) for late spans that break the cap.
//
// Name the spans that must be there alongside those that must not: with
// only count-0 selectors, the first span seen makes the trace complete.
type TraceMatches struct {
	TraceID string         `json:"traceId"`
	Spans   []SpanSelector `json:"spans"`
	Within  time.Duration  `json:"within"`
	Settle  time.Duration  `json:"settle"`
}

var _ Expectation = TraceMatches{}

func (TraceMatches) Kind() string { return "traceMatches" }

func (e TraceMatches) String() string {
	parts := make([]string, len(e.Spans))
	for i, s := range e.Spans {
		parts[i] = s.String()
	}
	return fmt.Sprintf("traceMatches(%s, [%s])", e.TraceID, strings.Join(parts, " "))
}

// Evaluate polls the trace until every selector holds, then, when one
// caps its count, watches it for Settle. Details is the TraceReport of
// the last look; Last the matches per selector.
func (e TraceMatches) Evaluate(ctx context.Context, b *Backends) Result {
	if err := need(b.Traces != nil, "traces"); err != nil {
		return errorResult(e, err)
	}
	id, set, err := e.check()
	if err != nil {
		return errorResult(e, err)
	}
	r := newResult(e, b.Traces.Kind(), time.Time{})
	look := func(ctx context.Context) (observation, verdict) {
		t, err := b.Traces.GetTrace(ctx, id)
		if err != nil {
			return observation{err: err, why: err.Error()}, verdict{}
		}
		if !t.Found() {
			return observation{query: t.Query, last: 0, why: fmt.Sprintf("the %s backend has no span of trace %s", b.Traces.Kind(), id)}, verdict{}
		}
		v := set.evaluate(t)
		r.Details = v.report
		return observation{query: t.Query, last: matchCounts(v.report), held: v.held, why: v.why}, v
	}
	awaitFinal(ctx, &r, e.Within, func(ctx context.Context) (observation, bool) {
		o, v := look(ctx)
		return o, v.over
	})
	if r.Status != Pass || !set.hasUpper() {
		return r
	}
	e.settle(ctx, &r, look)
	return r
}

// check validates e: its id and selectors, every problem at once.
func (e TraceMatches) check() (string, *selectorSet, error) {
	id, idErr := normalizeTraceID(e.TraceID)
	set, selErr := compileSelectors(e.Spans)
	var durErr error
	if e.Within < 0 || e.Settle < 0 {
		durErr = fmt.Errorf("%w: traceMatches: within and settle must not be negative", ErrBadExpectation)
	}
	return id, set, joinErrs([]error{idErr, selErr, durErr})
}

// settle watches a trace that holds for late spans over a selector's
// cap.
func (e TraceMatches) settle(ctx context.Context, r *Result, look func(context.Context) (observation, verdict)) {
	d := e.Settle
	if d == 0 {
		d = DefaultSettle
	}
	end := time.Now().Add(d)
	for time.Now().Before(end) {
		select {
		case <-ctx.Done():
			r.fail(Error, observation{last: r.Last}, "could not evaluate: stopped while watching the trace for late spans")
			return
		case <-time.After(min(settleInterval, time.Until(end))):
		}
		o, v := look(ctx)
		r.Polls++
		switch {
		case o.err != nil:
			r.fail(Error, o, "could not evaluate: "+o.err.Error())
			return
		case v.over:
			r.fail(Fail, o, fmt.Sprintf("held, then a late span broke a count: %s", o.why))
			return
		}
		r.Last = o.last
	}
	r.Why += fmt.Sprintf("; no late span broke a count in %s more", d)
	r.Ended = time.Now()
}

// matchCounts is how many spans each selector matched, for Result.Last.
func matchCounts(rep TraceReport) map[string]int {
	out := make(map[string]int, len(rep.Selectors))
	for _, s := range rep.Selectors {
		label, _, _ := strings.Cut(s.Selector, " {")
		out[label] = s.Matched
	}
	return out
}
