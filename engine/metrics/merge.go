package metrics

import (
	"encoding/json"
	"fmt"
)

// Merging is how the summaries of instances that ran one test side by
// side (execution segments) become one: every sink merges as if the other
// instance's samples had been added to it. Counters, rates, trend counts,
// sums, min and max merge exactly; trend percentiles merge exactly while
// both are exact and the total fits TrendExactLimit, else through the
// sketches, within SketchRelativeAccuracy. Gauges add up, because the
// instances run at the same time: the merged vus is the sum of the
// instances' vus, and min and max are the sums of theirs (bounds of the
// whole test's).

func mergeTypeError(want Sink, got Sink) error {
	return fmt.Errorf("cannot merge a %T into a %T: the metric has different types in the two summaries", got, want)
}

// Merge implements Sink.
func (c *CounterSink) Merge(other Sink) error {
	o, ok := other.(*CounterSink)
	if !ok {
		return mergeTypeError(c, other)
	}
	c.Value += o.Value
	c.Count += o.Count
	return nil
}

// Merge implements Sink.
func (g *GaugeSink) Merge(other Sink) error {
	o, ok := other.(*GaugeSink)
	if !ok {
		return mergeTypeError(g, other)
	}
	if o.Count == 0 {
		return nil
	}
	g.Value += o.Value
	g.Min += o.Min
	g.Max += o.Max
	g.Count += o.Count
	return nil
}

// Merge implements Sink.
func (r *RateSink) Merge(other Sink) error {
	o, ok := other.(*RateSink)
	if !ok {
		return mergeTypeError(r, other)
	}
	r.Trues += o.Trues
	r.Total += o.Total
	return nil
}

// Merge implements Sink.
func (t *TrendSink) Merge(other Sink) error {
	o, ok := other.(*TrendSink)
	if !ok {
		return mergeTypeError(t, other)
	}
	if o.Count == 0 {
		return nil
	}
	if t.Count == 0 || o.Min < t.Min {
		t.Min = o.Min
	}
	if t.Count == 0 || o.Max > t.Max {
		t.Max = o.Max
	}
	t.Count += o.Count
	t.Sum += o.Sum
	switch {
	case t.sketch == nil && o.sketch == nil && len(t.exact)+len(o.exact) <= TrendExactLimit:
		t.exact = append(t.exact, o.exact...)
		t.sorted = false
	default:
		if t.sketch == nil {
			t.toSketch()
		}
		if o.sketch != nil {
			t.sketch.Merge(o.sketch)
		}
		for _, v := range o.exact {
			t.sketch.Add(v)
		}
	}
	return nil
}

// trendJSON is a TrendSink's mergeable form: the exact values while it
// has them, else the sketch.
type trendJSON struct {
	Count  int64     `json:"count"`
	Sum    float64   `json:"sum"`
	Min    float64   `json:"min"`
	Max    float64   `json:"max"`
	Values []float64 `json:"values,omitempty"`
	Sketch *Sketch   `json:"sketch,omitempty"`
	// RelativeAccuracy is the sketch's α, so a reader can refuse one of
	// another accuracy.
	RelativeAccuracy float64 `json:"relativeAccuracy,omitempty"`
}

// MarshalJSON writes the mergeable form.
func (t *TrendSink) MarshalJSON() ([]byte, error) {
	j := trendJSON{Count: t.Count, Sum: t.Sum, Min: t.Min, Max: t.Max, Values: t.exact, Sketch: t.sketch}
	if t.sketch != nil {
		j.RelativeAccuracy = SketchRelativeAccuracy
	}
	return json.Marshal(j)
}

// UnmarshalJSON reads the mergeable form, checking it is consistent.
func (t *TrendSink) UnmarshalJSON(b []byte) error {
	var j trendJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	switch {
	case j.Sketch != nil && j.RelativeAccuracy != SketchRelativeAccuracy:
		return fmt.Errorf("trend sketch has relative accuracy %v; this mcpchaos merges only %v", j.RelativeAccuracy, SketchRelativeAccuracy)
	case j.Sketch != nil && j.Values != nil:
		return fmt.Errorf("trend has both values and a sketch; want one of them")
	case j.Sketch != nil:
		if err := j.Sketch.Validate(); err != nil {
			return err
		}
		if got := j.Sketch.Count(); got != uint64(j.Count) {
			return fmt.Errorf("trend count %d does not match its sketch's %d values", j.Count, got)
		}
	case int64(len(j.Values)) != j.Count:
		return fmt.Errorf("trend count %d does not match its %d values", j.Count, len(j.Values))
	case len(j.Values) > TrendExactLimit:
		return fmt.Errorf("trend has %d exact values, more than %d; want a sketch", len(j.Values), TrendExactLimit)
	}
	*t = TrendSink{Count: j.Count, Sum: j.Sum, Min: j.Min, Max: j.Max, exact: j.Values, sketch: j.Sketch}
	return nil
}

// DecodeSink reads a sink of type typ from its JSON form (json.Marshal of
// a Sink).
func DecodeSink(typ Type, raw json.RawMessage) (Sink, error) {
	s := NewSink(typ)
	if err := json.Unmarshal(raw, s); err != nil {
		return nil, fmt.Errorf("%s sink: %w", typ, err)
	}
	return s, nil
}

// MergeSink merges s into the metric's aggregate (a summary being
// merged); s must be of the metric's type.
func (m *Metric) MergeSink(s Sink) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if s.IsEmpty() {
		return nil
	}
	m.observed = true
	return m.sink.Merge(s)
}

// MergeSink merges s into the submetric's aggregate.
func (s *Submetric) MergeSink(x Sink) error {
	s.Parent.mu.Lock()
	defer s.Parent.mu.Unlock()
	return s.sink.Merge(x)
}
