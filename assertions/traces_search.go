package assertions

import "sort"

// summarize keeps the traces with a span matching q, newest first, at
// most q's limit: the search semantics both drivers share (Tempo's
// TraceQL {a && b} is one span too).
func summarize(traces []*Trace, q TraceQuery) []TraceSummary {
	var out []TraceSummary
	for _, t := range traces {
		n := 0
		for i := range t.Spans {
			if q.matches(&t.Spans[i]) {
				n++
			}
		}
		if n > 0 {
			s := t.summary()
			s.Matched = n
			out = append(out, s)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start.After(out[j].Start) })
	if len(out) > q.limit() {
		out = out[:q.limit()]
	}
	return out
}

// matches reports whether s has every property q asks for.
func (q TraceQuery) matches(s *Span) bool {
	if (q.Service != "" && s.Service != q.Service) || (q.SpanName != "" && s.Name != q.SpanName) {
		return false
	}
	if (q.MinDuration > 0 && s.Duration < q.MinDuration) || (q.MaxDuration > 0 && s.Duration > q.MaxDuration) {
		return false
	}
	if !q.Start.IsZero() && s.Start.Before(q.Start) || !q.End.IsZero() && s.Start.After(q.End) {
		return false
	}
	for k, want := range q.Attributes {
		got, ok := s.Attribute(k)
		if !ok || !valueEquals(got, want) {
			return false
		}
	}
	return true
}
