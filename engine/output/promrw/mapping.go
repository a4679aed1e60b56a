package promrw

import (
	"math"
	"slices"
	"strings"

	"github.com/mcpchaos/mcpchaos/engine/metrics"
	"github.com/mcpchaos/mcpchaos/engine/output/internal/stream"
)

// prefix starts every series name, as in k6.
const prefix = "k6_"

// staleNaN is Prometheus's stale marker (value/value.go StaleNaN).
var staleNaN = math.Float64frombits(0x7ff0000000000002)

// agg is what the output keeps per series: k6's sink of the metric's type
// (a Trend keeps its values for exact percentiles, as k6's output does)
// and the timestamp last pushed.
type agg struct {
	sink   metrics.Sink
	sentMs int64
}

func newAgg(m *metrics.Metric) *agg { return &agg{sink: metrics.NewSink(m.Type)} }

func addToAgg(a *agg, s metrics.Sample) { a.sink.Add(s) }

// mapper turns series into remote write samples.
type mapper struct {
	stats  []TrendStat
	static map[string]string
}

// labels are the series' tags (empty values left out, as Prometheus has
// no empty label) over the static labels, and __name__, sorted by name.
func (m mapper) labels(ser *stream.Series[*agg], name string) []label {
	ls := make([]label, 0, ser.Tags.Len()+len(m.static)+1)
	ls = append(ls, label{"__name__", name})
	for _, t := range ser.Tags.Tags() {
		if t.Value != "" && t.Name != "__name__" {
			ls = append(ls, label{t.Name, t.Value})
		}
	}
	for k, v := range m.static {
		if _, ok := ser.Tags.Get(k); !ok {
			ls = append(ls, label{k, v})
		}
	}
	slices.SortFunc(ls, func(a, b label) int { return strings.Compare(a.name, b.name) })
	return ls
}

// samples are the series' points at ms: one, or one per trend stat.
func (m mapper) samples(ser *stream.Series[*agg], ms int64) []sample {
	name := prefix + ser.Metric.Name
	switch sink := ser.Agg.sink.(type) {
	case *metrics.CounterSink:
		return []sample{{labels: m.labels(ser, name+"_total"), value: sink.Value, ms: ms}}
	case *metrics.GaugeSink:
		return []sample{{labels: m.labels(ser, name), value: sink.Value, ms: ms}}
	case *metrics.RateSink:
		return []sample{{labels: m.labels(ser, name+"_rate"), value: sink.Rate(), ms: ms}}
	case *metrics.TrendSink:
		out := make([]sample, 0, len(m.stats))
		for _, st := range m.stats {
			v := st.value(sink)
			if !st.Count && ser.Metric.Contains == metrics.Time {
				v /= 1000 // k6 keeps milliseconds; Prometheus's unit is the second
			}
			out = append(out, sample{labels: m.labels(ser, name+"_"+st.Suffix), value: v, ms: ms})
		}
		return out
	}
	return nil
}

// value computes the stat of a trend.
func (st TrendStat) value(t *metrics.TrendSink) float64 {
	switch st.Name {
	case "count":
		return float64(t.Count)
	case "sum":
		return t.Sum
	case "min":
		return t.Min
	case "max":
		return t.Max
	case "avg":
		return t.Avg()
	case "med":
		return t.P(0.5)
	}
	return t.P(st.pct)
}
