package otlp

import (
	"sort"

	"github.com/mcpchaos/mcpchaos/engine/metrics"
)

// bounds are the OpenTelemetry SDK's default explicit histogram buckets,
// which k6's Float64Histogram gets.
var bounds = []float64{0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000}

// agg is the running aggregate of one series, by metric type.
type agg struct {
	typ          metrics.Type
	sum          float64 // counter
	last         float64 // gauge
	trues, total int64   // rate
	hist         histogram
}

// histogram counts values per bucket of bounds (a value on a bound falls
// in the bucket it closes, as OTLP's explicit buckets have it).
type histogram struct {
	counts        []uint64
	count         uint64
	sum, min, max float64
}

func newAgg(m *metrics.Metric) *agg {
	a := &agg{typ: m.Type}
	if m.Type == metrics.Trend {
		a.hist.counts = make([]uint64, len(bounds)+1)
	}
	return a
}

func addToAgg(a *agg, s metrics.Sample) {
	switch a.typ {
	case metrics.Counter:
		a.sum += s.Value
	case metrics.Gauge:
		a.last = s.Value
	case metrics.Rate:
		a.total++
		if s.Value != 0 {
			a.trues++
		}
	case metrics.Trend:
		h := &a.hist
		if h.count == 0 || s.Value < h.min {
			h.min = s.Value
		}
		if h.count == 0 || s.Value > h.max {
			h.max = s.Value
		}
		h.count++
		h.sum += s.Value
		h.counts[sort.SearchFloat64s(bounds, s.Value)]++
	}
}
