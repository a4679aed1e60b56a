package metrics

import (
	"math"
	"sort"
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
	Value float64
	Count int64
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
	Value, Min, Max float64
	Count           int64
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
	Trues, Total int64
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

// TrendSink keeps every value for exact percentiles, as k6 does.
type TrendSink struct {
	values        []float64
	sorted        bool
	Count         int64
	Sum, Min, Max float64
}

// Add implements Sink.
func (t *TrendSink) Add(s Sample) {
	v := s.Value
	if t.Count == 0 || v < t.Min {
		t.Min = v
	}
	if t.Count == 0 || v > t.Max {
		t.Max = v
	}
	t.Sum += v
	t.Count++
	t.values = append(t.values, v)
	t.sorted = false
}

// Clone implements Sink.
func (t *TrendSink) Clone() Sink {
	cp := *t
	cp.values = append([]float64(nil), t.values...)
	return &cp
}

// IsEmpty implements Sink.
func (t *TrendSink) IsEmpty() bool { return t.Count == 0 }

// Avg returns the mean (0 when empty).
func (t *TrendSink) Avg() float64 {
	if t.Count == 0 {
		return 0
	}
	return t.Sum / float64(t.Count)
}

// P returns the pct-th percentile (0..1) with linear interpolation between
// closest ranks, as k6 computes it.
func (t *TrendSink) P(pct float64) float64 {
	n := len(t.values)
	if n == 0 {
		return 0
	}
	if !t.sorted {
		sort.Float64s(t.values)
		t.sorted = true
	}
	switch {
	case pct <= 0:
		return t.values[0]
	case pct >= 1:
		return t.values[n-1]
	}
	pos := pct * float64(n-1)
	lo := math.Floor(pos)
	i := int(lo)
	if i+1 >= n {
		return t.values[n-1]
	}
	return t.values[i] + (pos-lo)*(t.values[i+1]-t.values[i])
}

// Values returns avg, min, med, max, p(90) and p(95).
func (t *TrendSink) Values(time.Duration) map[string]float64 {
	return map[string]float64{
		"avg": t.Avg(), "min": t.Min, "med": t.P(0.5), "max": t.Max,
		"p(90)": t.P(0.9), "p(95)": t.P(0.95),
	}
}
