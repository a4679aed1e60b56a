package assertions

import (
	"context"
	"fmt"
	"time"
)

// Trace backend kinds, as backends.traces.kind names them.
const (
	KindJaeger = "jaeger"
	KindTempo  = "tempo"
)

// TraceGetter looks traces up by id.
type TraceGetter interface {
	// GetTrace returns the spans the backend holds for id (any case,
	// 32 hex digits; shorter ids are zero-padded). A trace the backend
	// does not have (yet) is a Trace without spans and a nil error;
	// anything else that goes wrong is an *APIError.
	GetTrace(ctx context.Context, id string) (*Trace, error)
}

// TraceSearcher finds traces by what their spans say.
type TraceSearcher interface {
	// SearchTraces returns the traces with a span matching q, newest
	// first as the backend orders them, at most q.Limit.
	SearchTraces(ctx context.Context, q TraceQuery) (*SearchResult, error)
}

// Traces is a traces backend: Jaeger (API v3) or Tempo. Both drivers
// return the same normalized model, so an expectation does not know
// which one it asks.
type Traces interface {
	// Kind is KindJaeger or KindTempo.
	Kind() string
	TraceGetter
	TraceSearcher
}

// newTraces builds the driver backends.traces.kind names (Jaeger when
// empty) on ep.
func newTraces(kind string, ep *endpoint) (Traces, error) {
	switch kind {
	case "", KindJaeger:
		return newJaeger(ep), nil
	case KindTempo:
		return newTempo(ep), nil
	}
	return nil, fmt.Errorf("backends.traces.kind %q: use %s (the default) or %s", kind, KindJaeger, KindTempo)
}

// TraceQuery is a search: traces with one span that has all of the
// given properties, started between Start and End.
type TraceQuery struct {
	// Service is the span's resource service.name.
	Service string `json:"service,omitempty"`
	// SpanName is the span's exact name (Jaeger: the operation).
	SpanName string `json:"spanName,omitempty"`
	// Attributes must all equal the span's attributes (or its
	// resource's; "span." and "resource." prefixes pick one).
	Attributes map[string]string `json:"attributes,omitempty"`
	// MinDuration and MaxDuration bound the span's duration (0: none).
	MinDuration time.Duration `json:"minDuration,omitempty"`
	MaxDuration time.Duration `json:"maxDuration,omitempty"`
	// Start and End bound the span's start (zero: the last hour up to
	// now).
	Start time.Time `json:"start,omitzero"`
	End   time.Time `json:"end,omitzero"`
	// Limit caps the traces returned (0: DefaultSearchLimit).
	Limit int `json:"limit,omitempty"`
	// TraceQL, for Tempo only, is a query in Tempo's own language, sent
	// as is instead of the fields above (Start, End and Limit still
	// apply).
	TraceQL string `json:"traceql,omitempty"`
}

// DefaultSearchLimit is the number of traces a search returns when its
// query sets no Limit.
const DefaultSearchLimit = 20

// defaultSearchWindow is how far back a search without Start looks.
const defaultSearchWindow = time.Hour

// window is q's time range with its defaults filled in.
func (q TraceQuery) window(now time.Time) (start, end time.Time) {
	start, end = q.Start, q.End
	if end.IsZero() {
		end = now
	}
	if start.IsZero() {
		start = end.Add(-defaultSearchWindow)
	}
	return start, end
}

// limit is q.Limit or the default.
func (q TraceQuery) limit() int {
	if q.Limit > 0 {
		return q.Limit
	}
	return DefaultSearchLimit
}

// validate reports what is wrong with q, all at once.
func (q TraceQuery) validate() error {
	var errs []error
	if q.Limit < 0 || q.MinDuration < 0 || q.MaxDuration < 0 {
		errs = append(errs, fmt.Errorf("%w: trace search: limit, minDuration and maxDuration must not be negative", ErrBadExpectation))
	}
	if q.MaxDuration > 0 && q.MinDuration > q.MaxDuration {
		errs = append(errs, fmt.Errorf("%w: trace search: minDuration %s is above maxDuration %s", ErrBadExpectation, q.MinDuration, q.MaxDuration))
	}
	if !q.Start.IsZero() && !q.End.IsZero() && q.End.Before(q.Start) {
		errs = append(errs, fmt.Errorf("%w: trace search: end %s is before start %s", ErrBadExpectation, q.End.Format(time.RFC3339), q.Start.Format(time.RFC3339)))
	}
	return joinErrs(errs)
}

// SearchResult is what a search found.
type SearchResult struct {
	// Query is the request made, in the backend's own terms.
	Query  string         `json:"query"`
	Traces []TraceSummary `json:"traces"`
}

// IDs are the ids of the traces found, in order.
func (s *SearchResult) IDs() []string {
	ids := make([]string, len(s.Traces))
	for i, t := range s.Traces {
		ids[i] = t.ID
	}
	return ids
}

// TraceSummary is one trace a search found.
type TraceSummary struct {
	ID          string        `json:"id"`
	RootService string        `json:"rootService,omitempty"`
	RootName    string        `json:"rootName,omitempty"`
	Start       time.Time     `json:"start"`
	Duration    time.Duration `json:"durationNs"`
	// Matched counts the spans that matched the query, when the backend
	// says.
	Matched int `json:"matched,omitempty"`
}
