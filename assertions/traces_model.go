package assertions

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// SpanKind is a span's OTLP kind, in lower case.
type SpanKind string

// The OTLP span kinds.
const (
	SpanKindUnspecified SpanKind = "unspecified"
	SpanKindInternal    SpanKind = "internal"
	SpanKindServer      SpanKind = "server"
	SpanKindClient      SpanKind = "client"
	SpanKindProducer    SpanKind = "producer"
	SpanKindConsumer    SpanKind = "consumer"
)

// spanKinds are the kinds a selector may name.
var spanKinds = []SpanKind{SpanKindServer, SpanKindClient, SpanKindInternal, SpanKindProducer, SpanKindConsumer, SpanKindUnspecified}

// SpanStatus is a span's OTLP status code, in lower case.
type SpanStatus string

// The OTLP status codes.
const (
	StatusUnset SpanStatus = "unset"
	StatusOK    SpanStatus = "ok"
	StatusError SpanStatus = "error"
)

var spanStatuses = []SpanStatus{StatusUnset, StatusOK, StatusError}

// Trace is one trace as a backend returned it, normalized: ids in lower
// case hex, one Span per span id, ordered by start time.
type Trace struct {
	// ID is the trace id, 32 lower-case hex digits.
	ID    string `json:"id"`
	Spans []Span `json:"spans"`
	// Query is the request that fetched it, in the backend's terms.
	Query string `json:"query,omitempty"`
	// Partial says the backend returned only part of the trace (Tempo:
	// too large, or filtered); Warnings say why, and carry the
	// backend's own notes on spans (Jaeger's clock skew warnings).
	Partial  bool     `json:"partial,omitempty"`
	Warnings []string `json:"warnings,omitempty"`
}

// Found reports whether the backend had any span of the trace.
func (t *Trace) Found() bool { return t != nil && len(t.Spans) > 0 }

// Span is one span of a Trace.
type Span struct {
	TraceID string `json:"traceId"`
	SpanID  string `json:"spanId"`
	// ParentSpanID is empty for a root span.
	ParentSpanID string   `json:"parentSpanId,omitempty"`
	Name         string   `json:"name"`
	Kind         SpanKind `json:"kind"`
	// Service is the resource's service.name.
	Service string `json:"service"`
	// Scope is the instrumentation scope's name.
	Scope    string        `json:"scope,omitempty"`
	Start    time.Time     `json:"start"`
	End      time.Time     `json:"end"`
	Duration time.Duration `json:"durationNs"`
	Status   SpanStatus    `json:"status"`
	// StatusMessage is the status description (error spans).
	StatusMessage string `json:"statusMessage,omitempty"`
	// Attributes are the span's own; Resource its resource's. Values
	// are string, bool, int64, float64, []byte, []any or map[string]any.
	Attributes map[string]any `json:"attributes,omitempty"`
	Resource   map[string]any `json:"resource,omitempty"`
	Events     []SpanEvent    `json:"events,omitempty"`
}

// SpanEvent is an event recorded on a span (an exception, ...).
type SpanEvent struct {
	Name       string         `json:"name"`
	Time       time.Time      `json:"time"`
	Attributes map[string]any `json:"attributes,omitempty"`
}

// Attribute looks a key up as TraceQL does: "span.k" in the span's
// attributes, "resource.k" in the resource's, and a bare key in the
// span's first, then the resource's.
func (s *Span) Attribute(key string) (any, bool) {
	if k, ok := strings.CutPrefix(key, "span."); ok {
		v, found := s.Attributes[k]
		return v, found
	}
	if k, ok := strings.CutPrefix(key, "resource."); ok {
		v, found := s.Resource[k]
		return v, found
	}
	if v, ok := s.Attributes[key]; ok {
		return v, true
	}
	v, ok := s.Resource[key]
	return v, ok
}

// label names the span in messages: "tools/call search" (server,
// mcp-server, 3ms).
func (s *Span) label() string {
	return fmt.Sprintf("%q (%s, %s, %s)", s.Name, s.Kind, s.Service, s.Duration.Round(time.Microsecond))
}

// index maps span ids to their spans.
func (t *Trace) index() map[string]*Span {
	m := make(map[string]*Span, len(t.Spans))
	for i := range t.Spans {
		m[t.Spans[i].SpanID] = &t.Spans[i]
	}
	return m
}

// Services lists the services with spans in the trace, sorted.
func (t *Trace) Services() []string {
	seen := map[string]bool{}
	for _, s := range t.Spans {
		seen[s.Service] = true
	}
	out := make([]string, 0, len(seen))
	for s := range seen {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// summary is the trace as a search result: its root (the earliest span
// whose parent is not in the trace) and its extent.
func (t *Trace) summary() TraceSummary {
	sum := TraceSummary{ID: t.ID}
	if len(t.Spans) == 0 {
		return sum
	}
	idx := t.index()
	start, end := t.Spans[0].Start, t.Spans[0].End
	var root *Span
	for i := range t.Spans {
		s := &t.Spans[i]
		if s.Start.Before(start) {
			start = s.Start
		}
		if s.End.After(end) {
			end = s.End
		}
		if _, ok := idx[s.ParentSpanID]; !ok && (root == nil || s.Start.Before(root.Start)) {
			root = s
		}
	}
	if root != nil {
		sum.RootService, sum.RootName = root.Service, root.Name
	}
	sum.Start, sum.Duration = start, end.Sub(start)
	return sum
}
