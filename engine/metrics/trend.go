package metrics

import (
	"math"
	"sort"
	"time"
)

// TrendExactLimit is how many values a TrendSink keeps as they are: up to
// that count its percentiles are exact, as k6's; past it the values move
// into a Sketch and percentiles are within SketchRelativeAccuracy. Either
// way count, sum, avg, min and max are exact and memory is bounded (at
// most 4 KiB of exact values, then the sketch's buckets, a few KiB for
// the usual range of durations).
const TrendExactLimit = 512

// TrendSink aggregates a trend in bounded memory: exact count, sum, min
// and max, and the values for percentiles (exact while few, then a
// sketch).
type TrendSink struct {
	Count         int64
	Sum, Min, Max float64

	exact  []float64 // nil once sketch is set
	sorted bool
	sketch *Sketch
}

// Add implements Sink.
func (t *TrendSink) Add(s Sample) { t.AddValue(s.Value) }

// AddValue records one value.
func (t *TrendSink) AddValue(v float64) {
	if t.Count == 0 || v < t.Min {
		t.Min = v
	}
	if t.Count == 0 || v > t.Max {
		t.Max = v
	}
	t.Sum += v
	t.Count++
	if t.sketch != nil {
		t.sketch.Add(v)
		return
	}
	t.exact = append(t.exact, v)
	t.sorted = false
	if len(t.exact) > TrendExactLimit {
		t.toSketch()
	}
}

// toSketch moves the exact values into a new sketch.
func (t *TrendSink) toSketch() {
	t.sketch = &Sketch{}
	for _, v := range t.exact {
		t.sketch.Add(v)
	}
	t.exact, t.sorted = nil, false
}

// Exact reports whether the percentiles are exact (no sketch yet).
func (t *TrendSink) Exact() bool { return t.sketch == nil }

// Clone implements Sink.
func (t *TrendSink) Clone() Sink {
	cp := *t
	cp.exact = append([]float64(nil), t.exact...)
	if t.sketch != nil {
		cp.sketch = t.sketch.Clone()
	}
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
// closest ranks, as k6 computes it. p(0) is the min and p(1) the max,
// exactly; in between the value is exact while the sink is Exact, else
// within SketchRelativeAccuracy of the interpolated sample values.
func (t *TrendSink) P(pct float64) float64 {
	if t.Count == 0 {
		return 0
	}
	switch {
	case pct <= 0:
		return t.Min
	case pct >= 1:
		return t.Max
	}
	pos := pct * float64(t.Count-1)
	lo := math.Floor(pos)
	i := int64(lo)
	a, b := t.valueAt(i), t.valueAt(min(i+1, t.Count-1))
	v := a + (pos-lo)*(b-a)
	return min(max(v, t.Min), t.Max)
}

// valueAt is the value of 0-based rank k.
func (t *TrendSink) valueAt(k int64) float64 {
	if t.sketch != nil {
		return t.sketch.ValueAt(uint64(k))
	}
	if !t.sorted {
		sort.Float64s(t.exact)
		t.sorted = true
	}
	return t.exact[k]
}

// Values returns avg, min, med, max, p(90) and p(95).
func (t *TrendSink) Values(time.Duration) map[string]float64 {
	return map[string]float64{
		"avg": t.Avg(), "min": t.Min, "med": t.P(0.5), "max": t.Max,
		"p(90)": t.P(0.9), "p(95)": t.P(0.95),
	}
}
