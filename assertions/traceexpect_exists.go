package assertions

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// TraceExists expects the traces backend to hold a trace by id within
// Within: at least one of its spans, looked up by id.
type TraceExists struct {
	// TraceID is the trace's id (32 hex digits: a call result's
	// traceId, a traceparent's second field).
	TraceID string        `json:"traceId"`
	Within  time.Duration `json:"within"`
}

var _ Expectation = TraceExists{}

func (TraceExists) Kind() string { return "traceExists" }

func (e TraceExists) String() string { return fmt.Sprintf("traceExists(%s)", e.TraceID) }

// Evaluate looks the trace up until it has a span. The Result's Last is
// the number of spans found.
func (e TraceExists) Evaluate(ctx context.Context, b *Backends) Result {
	if err := need(b.Traces != nil, "traces"); err != nil {
		return errorResult(e, err)
	}
	id, err := normalizeTraceID(e.TraceID)
	if err == nil && e.Within < 0 {
		err = fmt.Errorf("%w: traceExists: within must not be negative", ErrBadExpectation)
	}
	if err != nil {
		return errorResult(e, err)
	}
	r := newResult(e, b.Traces.Kind(), time.Time{})
	await(ctx, &r, e.Within, func(ctx context.Context) observation {
		t, err := b.Traces.GetTrace(ctx, id)
		if err != nil {
			return observation{err: err, why: err.Error()}
		}
		o := observation{query: t.Query, last: len(t.Spans), held: t.Found()}
		if o.held {
			o.why = fmt.Sprintf("trace %s has %s from %s", id, spansText(len(t.Spans)), strings.Join(t.Services(), ", "))
		} else {
			o.why = fmt.Sprintf("the %s backend has no span of trace %s", b.Traces.Kind(), id)
		}
		return o
	})
	return r
}
