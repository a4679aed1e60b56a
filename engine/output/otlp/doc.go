// Package otlp is k6's opentelemetry output (--out opentelemetry, also
// accepted as experimental-opentelemetry): it aggregates a run's samples
// and exports them as OTLP metrics over gRPC (k6's default) or HTTP
// (protobuf), every export interval and once more when the run ends.
//
// The mapping is k6 v1's: tags become attributes (empty ones are left out);
// a Counter is a monotonic cumulative sum of doubles, a Gauge a gauge of
// its last value, a Rate one monotonic integer sum with the attribute
// condition=zero|nonzero (K6_OTEL_SINGLE_COUNTER_FOR_RATE=false gives the
// older pair <name>.occurred and <name>.total), and a Trend a cumulative
// histogram with the OpenTelemetry SDK's default buckets. Time values
// carry the unit "ms", data values "By". Names are K6_OTEL_METRIC_PREFIX
// plus the k6 name; the resource has service.name (K6_OTEL_SERVICE_NAME,
// default k6) and, when given, service.version.
//
// Settings are k6's K6_OTEL_* variables (FromEnv). Not read: the
// OpenTelemetry SDK's own OTEL_EXPORTER_OTLP_* variables. Failed exports
// are logged as warnings and reported by Stop; memory is bounded as in
// the remote write output (a capped buffer and series table; what exceeds
// them is dropped, counted and reported).
package otlp
