package metrics

import (
	"time"
)

// Sink aggregates the samples of one metric or submetric. Sinks are not
// safe for concurrent use; Metric serializes access.
type Sink interface {
	Add(s Sample)
	// Clone returns an independent copy of the aggregate.
	Clone() Sink
	// Values returns the named aggregates k6 reports for this type, e.g.
	// "count" and "rate" for a counter (rate per second over elapsed).
	Values(elapsed time.Duration) map[string]float64
	// IsEmpty reports whether no sample was added.
	IsEmpty() bool
	// Merge adds the aggregate of another sink of the same type, as if
	// its samples had been added here (merge.go).
	Merge(other Sink) error
}

// NewSink returns the sink for a metric type.
func NewSink(t Type) Sink {
	switch t {
	case Counter:
		return &CounterSink{}
	case Gauge:
		return &GaugeSink{}
	case Rate:
		return &RateSink{}
	default:
		return &TrendSink{}
	}
}

// CounterSink sums values.
type CounterSink struct {
	Value float64 `json:"value"`
	Count int64   `json:"count"`
}

// Add implements Sink.
func (c *CounterSink) Add(s Sample) { c.Value += s.Value; c.Count++ }

// Clone implements Sink.
func (c *CounterSink) Clone() Sink { cp := *c; return &cp }

// IsEmpty implements Sink.
func (c *CounterSink) IsEmpty() bool { return c.Count == 0 }

// Values returns count and rate (per second of elapsed time).
func (c *CounterSink) Values(elapsed time.Duration) map[string]float64 {
	rate := 0.0
	if elapsed > 0 {
		rate = c.Value / elapsed.Seconds()
	}
	return map[string]float64{"count": c.Value, "rate": rate}
}

// GaugeSink keeps the last value and the extremes.
type GaugeSink struct {
	Value float64 `json:"value"`
	Min   float64 `json:"min"`
	Max   float64 `json:"max"`
	Count int64   `json:"count"`
}

// Add implements Sink.
func (g *GaugeSink) Add(s Sample) {
	if g.Count == 0 || s.Value < g.Min {
		g.Min = s.Value
	}
	if g.Count == 0 || s.Value > g.Max {
		g.Max = s.Value
	}
	g.Value = s.Value
	g.Count++
}

// Clone implements Sink.
func (g *GaugeSink) Clone() Sink { cp := *g; return &cp }

// IsEmpty implements Sink.
func (g *GaugeSink) IsEmpty() bool { return g.Count == 0 }

// Values returns value, min and max.
func (g *GaugeSink) Values(time.Duration) map[string]float64 {
	return map[string]float64{"value": g.Value, "min": g.Min, "max": g.Max}
}

// RateSink counts non-zero values among all values.
type RateSink struct {
	Trues int64 `json:"trues"`
	Total int64 `json:"total"`
}

// Add implements Sink.
func (r *RateSink) Add(s Sample) {
	if s.Value != 0 {
		r.Trues++
	}
	r.Total++
}

// Clone implements Sink.
func (r *RateSink) Clone() Sink { cp := *r; return &cp }

// IsEmpty implements Sink.
func (r *RateSink) IsEmpty() bool { return r.Total == 0 }

// Rate returns the share of true values (0 when empty).
func (r *RateSink) Rate() float64 {
	if r.Total == 0 {
		return 0
	}
	return float64(r.Trues) / float64(r.Total)
}

// Values returns rate, passes and fails.
func (r *RateSink) Values(time.Duration) map[string]float64 {
	return map[string]float64{"rate": r.Rate(), "passes": float64(r.Trues), "fails": float64(r.Total - r.Trues)}
}
