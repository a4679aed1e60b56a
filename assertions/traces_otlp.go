package assertions

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	commonpb "go.opentelemetry.io/proto/otlp/common/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/encoding/protojson"
)

// jaegerAttrPrefix marks the attributes Jaeger adds to what it stores
// ("@jaeger@warnings"); they are the backend's notes, not the span's.
const jaegerAttrPrefix = "@jaeger@"

// decodeOTLP reads one OTLP JSON TracesData object ({"resourceSpans":
// [...]}) with the OTLP protobuf types. It accepts what the backends
// write besides the OTLP/JSON encoding proper: ids in hex (Jaeger; the
// encoding wants base64, which Tempo writes), Tempo's v1 "batches" for
// "resourceSpans", and the pre-1.0 "instrumentationLibrarySpans".
func decodeOTLP(raw []byte) (*tracepb.TracesData, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	if m, ok := doc.(map[string]any); ok {
		rename(m, "batches", "resourceSpans")
	}
	fixOTLP(doc)
	b, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	td := &tracepb.TracesData{}
	if err := (protojson.UnmarshalOptions{DiscardUnknown: true}).Unmarshal(b, td); err != nil {
		return nil, err
	}
	return td, nil
}

// fixOTLP rewrites hex ids as base64 and old field names as current
// ones, everywhere in a decoded JSON document.
func fixOTLP(v any) {
	switch v := v.(type) {
	case map[string]any:
		rename(v, "instrumentationLibrarySpans", "scopeSpans")
		rename(v, "instrumentationLibrary", "scope")
		for k, x := range v {
			if s, ok := x.(string); ok && (k == "traceId" || k == "spanId" || k == "parentSpanId") {
				v[k] = base64ID(s)
				continue
			}
			fixOTLP(x)
		}
	case []any:
		for _, x := range v {
			fixOTLP(x)
		}
	}
}

func rename(m map[string]any, from, to string) {
	if v, ok := m[from]; ok {
		if _, taken := m[to]; !taken {
			m[to] = v
		}
		delete(m, from)
	}
}

// base64ID turns a hex trace or span id into the base64 that OTLP/JSON
// decoding expects. The lengths cannot be confused: 16 bytes are 32 hex
// digits or 24 base64 characters, 8 bytes 16 or 12.
func base64ID(s string) string {
	if (len(s) != traceIDLen && len(s) != spanIDLen) || !isHex(s) {
		return s
	}
	b, err := hex.DecodeString(s)
	if err != nil {
		return s
	}
	return base64.StdEncoding.EncodeToString(b)
}

// tracesFrom groups td's spans by trace id, in the order the traces
// first appear.
func tracesFrom(td *tracepb.TracesData) []*Trace {
	var order []*Trace
	byID := map[string]*Trace{}
	seen := map[string]bool{}
	warned := map[string]bool{}
	for _, rs := range td.GetResourceSpans() {
		res := attrMap(rs.GetResource().GetAttributes())
		service, _ := res["service.name"].(string)
		for _, ss := range rs.GetScopeSpans() {
			for _, ps := range ss.GetSpans() {
				s := toSpan(ps, res, service, ss.GetScope().GetName())
				t := byID[s.TraceID]
				if t == nil {
					t = &Trace{ID: s.TraceID}
					byID[s.TraceID] = t
					order = append(order, t)
				}
				for _, w := range spanWarnings(ps) {
					if !warned[s.TraceID+w] {
						warned[s.TraceID+w] = true
						t.Warnings = append(t.Warnings, w)
					}
				}
				if key := s.TraceID + "/" + s.SpanID; !seen[key] {
					seen[key] = true
					t.Spans = append(t.Spans, s)
				}
			}
		}
	}
	for _, t := range order {
		sort.SliceStable(t.Spans, func(i, j int) bool { return t.Spans[i].Start.Before(t.Spans[j].Start) })
	}
	return order
}

// toSpan normalizes one OTLP span.
func toSpan(ps *tracepb.Span, res map[string]any, service, scope string) Span {
	start := time.Unix(0, int64(ps.GetStartTimeUnixNano()))
	end := time.Unix(0, int64(ps.GetEndTimeUnixNano()))
	s := Span{
		TraceID:       hexID(ps.GetTraceId()),
		SpanID:        hexID(ps.GetSpanId()),
		ParentSpanID:  hexID(ps.GetParentSpanId()),
		Name:          ps.GetName(),
		Kind:          spanKind(ps.GetKind()),
		Service:       service,
		Scope:         scope,
		Start:         start,
		End:           end,
		Duration:      max(end.Sub(start), 0),
		Status:        spanStatus(ps.GetStatus().GetCode()),
		StatusMessage: ps.GetStatus().GetMessage(),
		Attributes:    attrMap(ps.GetAttributes()),
		Resource:      res,
	}
	for k := range s.Attributes {
		if strings.HasPrefix(k, jaegerAttrPrefix) {
			delete(s.Attributes, k)
		}
	}
	for _, e := range ps.GetEvents() {
		s.Events = append(s.Events, SpanEvent{Name: e.GetName(), Time: time.Unix(0, int64(e.GetTimeUnixNano())), Attributes: attrMap(e.GetAttributes())})
	}
	return s
}

// spanWarnings are the notes Jaeger attached to a span.
func spanWarnings(ps *tracepb.Span) []string {
	var out []string
	for _, kv := range ps.GetAttributes() {
		if !strings.HasPrefix(kv.GetKey(), jaegerAttrPrefix) {
			continue
		}
		switch v := anyValue(kv.GetValue()).(type) {
		case []any:
			for _, x := range v {
				out = append(out, fmt.Sprint(x))
			}
		default:
			out = append(out, fmt.Sprint(v))
		}
	}
	return out
}

// spanKind and spanStatus name OTLP enums as the model does: the enum
// name without its prefix, in lower case; a value the proto does not
// know is unspecified (unset).
func spanKind(k tracepb.Span_SpanKind) SpanKind {
	return SpanKind(enumName(k.String(), "SPAN_KIND_", string(SpanKindUnspecified)))
}

func spanStatus(c tracepb.Status_StatusCode) SpanStatus {
	return SpanStatus(enumName(c.String(), "STATUS_CODE_", string(StatusUnset)))
}

func enumName(name, prefix, unknown string) string {
	if n, ok := strings.CutPrefix(name, prefix); ok {
		return strings.ToLower(n)
	}
	return unknown
}

// attrMap turns OTLP key-values into a map of plain Go values.
func attrMap(kvs []*commonpb.KeyValue) map[string]any {
	if len(kvs) == 0 {
		return nil
	}
	m := make(map[string]any, len(kvs))
	for _, kv := range kvs {
		m[kv.GetKey()] = anyValue(kv.GetValue())
	}
	return m
}

func anyValue(v *commonpb.AnyValue) any {
	switch x := v.GetValue().(type) {
	case *commonpb.AnyValue_StringValue:
		return x.StringValue
	case *commonpb.AnyValue_BoolValue:
		return x.BoolValue
	case *commonpb.AnyValue_IntValue:
		return x.IntValue
	case *commonpb.AnyValue_DoubleValue:
		return x.DoubleValue
	case *commonpb.AnyValue_BytesValue:
		return x.BytesValue
	case *commonpb.AnyValue_ArrayValue:
		out := make([]any, 0, len(x.ArrayValue.GetValues()))
		for _, e := range x.ArrayValue.GetValues() {
			out = append(out, anyValue(e))
		}
		return out
	case *commonpb.AnyValue_KvlistValue:
		return attrMap(x.KvlistValue.GetValues())
	}
	return nil
}

// pickTrace is the trace id's spans out of a decoded answer; a trace the
// answer does not hold is one without spans.
func pickTrace(td *tracepb.TracesData, id, query string) *Trace {
	for _, t := range tracesFrom(td) {
		if t.ID == id {
			t.Query = query
			return t
		}
	}
	return &Trace{ID: id, Query: query}
}
