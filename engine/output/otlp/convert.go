package otlp

import (
	"time"

	colmetricpb "go.opentelemetry.io/proto/otlp/collector/metrics/v1"
	commonpb "go.opentelemetry.io/proto/otlp/common/v1"
	metricpb "go.opentelemetry.io/proto/otlp/metrics/v1"
	resourcepb "go.opentelemetry.io/proto/otlp/resource/v1"

	"github.com/mcpchaos/mcpchaos/engine/metrics"
	"github.com/mcpchaos/mcpchaos/engine/output/internal/stream"
)

// scopeName is the instrumentation scope, as k6's meter is named.
const scopeName = "k6"

const cumulative = metricpb.AggregationTemporality_AGGREGATION_TEMPORALITY_CUMULATIVE

// converter builds export requests from the series table.
type converter struct {
	cfg      Config
	start    time.Time
	resource *resourcepb.Resource
}

func newConverter(cfg Config, start time.Time) converter {
	attrs := []*commonpb.KeyValue{strAttr("service.name", cfg.ServiceName)}
	if cfg.ServiceVersion != "" {
		attrs = append(attrs, strAttr("service.version", cfg.ServiceVersion))
	}
	return converter{cfg: cfg, start: start, resource: &resourcepb.Resource{Attributes: attrs}}
}

func strAttr(k, v string) *commonpb.KeyValue {
	return &commonpb.KeyValue{Key: k, Value: &commonpb.AnyValue{Value: &commonpb.AnyValue_StringValue{StringValue: v}}}
}

// request is every series' cumulative state at now, one Metric per k6
// metric (a legacy Rate is two).
func (c converter) request(series []*stream.Series[*agg], now time.Time) *colmetricpb.ExportMetricsServiceRequest {
	var out []*metricpb.Metric
	byMetric := map[*metrics.Metric][]*metricpb.Metric{}
	for _, ser := range series {
		ms, ok := byMetric[ser.Metric]
		if !ok {
			ms = c.metricsOf(ser.Metric)
			byMetric[ser.Metric] = ms
			out = append(out, ms...)
		}
		c.addPoints(ms, ser, now)
	}
	return &colmetricpb.ExportMetricsServiceRequest{ResourceMetrics: []*metricpb.ResourceMetrics{{
		Resource:     c.resource,
		ScopeMetrics: []*metricpb.ScopeMetrics{{Scope: &commonpb.InstrumentationScope{Name: scopeName}, Metrics: out}},
	}}}
}

// metricsOf are the empty OTLP metrics a k6 metric maps to.
func (c converter) metricsOf(m *metrics.Metric) []*metricpb.Metric {
	name, unit := c.cfg.MetricPrefix+m.Name, unitOf(m.Contains)
	sum := func(name string) *metricpb.Metric {
		return &metricpb.Metric{Name: name, Unit: unit, Data: &metricpb.Metric_Sum{Sum: &metricpb.Sum{AggregationTemporality: cumulative, IsMonotonic: true}}}
	}
	switch m.Type {
	case metrics.Gauge:
		return []*metricpb.Metric{{Name: name, Unit: unit, Data: &metricpb.Metric_Gauge{Gauge: &metricpb.Gauge{}}}}
	case metrics.Rate:
		if c.cfg.SingleCounterForRate {
			return []*metricpb.Metric{sum(name)}
		}
		return []*metricpb.Metric{sum(name + ".occurred"), sum(name + ".total")}
	case metrics.Trend:
		return []*metricpb.Metric{{Name: name, Unit: unit, Data: &metricpb.Metric_Histogram{Histogram: &metricpb.Histogram{AggregationTemporality: cumulative}}}}
	default:
		return []*metricpb.Metric{sum(name)}
	}
}

func unitOf(vt metrics.ValueType) string {
	switch vt {
	case metrics.Time:
		return "ms"
	case metrics.Data:
		return "By"
	}
	return ""
}

// addPoints appends the series' data points to its metrics.
func (c converter) addPoints(ms []*metricpb.Metric, ser *stream.Series[*agg], now time.Time) {
	attrs := attributes(ser.Tags)
	start, at := uint64(c.start.UnixNano()), uint64(now.UnixNano())
	double := func(v float64, attrs []*commonpb.KeyValue) *metricpb.NumberDataPoint {
		return &metricpb.NumberDataPoint{Attributes: attrs, StartTimeUnixNano: start, TimeUnixNano: at, Value: &metricpb.NumberDataPoint_AsDouble{AsDouble: v}}
	}
	integer := func(v int64, attrs []*commonpb.KeyValue) *metricpb.NumberDataPoint {
		return &metricpb.NumberDataPoint{Attributes: attrs, StartTimeUnixNano: start, TimeUnixNano: at, Value: &metricpb.NumberDataPoint_AsInt{AsInt: v}}
	}
	a := ser.Agg
	switch a.typ {
	case metrics.Counter:
		s := ms[0].GetSum()
		s.DataPoints = append(s.DataPoints, double(a.sum, attrs))
	case metrics.Gauge:
		g := ms[0].GetGauge()
		g.DataPoints = append(g.DataPoints, double(a.last, attrs))
	case metrics.Rate:
		if c.cfg.SingleCounterForRate {
			s := ms[0].GetSum()
			s.DataPoints = append(s.DataPoints,
				integer(a.total-a.trues, withAttr(attrs, "condition", "zero")),
				integer(a.trues, withAttr(attrs, "condition", "nonzero")))
			return
		}
		occurred, total := ms[0].GetSum(), ms[1].GetSum()
		occurred.DataPoints = append(occurred.DataPoints, integer(a.trues, attrs))
		total.DataPoints = append(total.DataPoints, integer(a.total, attrs))
	case metrics.Trend:
		h := ms[0].GetHistogram()
		sum, min, max := a.hist.sum, a.hist.min, a.hist.max // copies: the request outlives the lock
		h.DataPoints = append(h.DataPoints, &metricpb.HistogramDataPoint{
			Attributes: attrs, StartTimeUnixNano: start, TimeUnixNano: at,
			Count: a.hist.count, Sum: &sum, Min: &min, Max: &max,
			BucketCounts: append([]uint64(nil), a.hist.counts...), ExplicitBounds: bounds,
		})
	}
}

// attributes are the tags with a value.
func attributes(tags *metrics.TagSet) []*commonpb.KeyValue {
	out := make([]*commonpb.KeyValue, 0, tags.Len())
	for _, t := range tags.Tags() {
		if t.Value != "" {
			out = append(out, strAttr(t.Name, t.Value))
		}
	}
	return out
}

func withAttr(attrs []*commonpb.KeyValue, k, v string) []*commonpb.KeyValue {
	return append(append(make([]*commonpb.KeyValue, 0, len(attrs)+1), attrs...), strAttr(k, v))
}
