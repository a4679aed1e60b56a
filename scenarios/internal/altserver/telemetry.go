package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

// telemetry is the server's tracing: an OTLP/HTTP exporter configured by
// the OTEL_* variables, ParentBased(TraceIDRatio) sampling and W3C trace
// context in and out. Nothing is registered globally.
type telemetry struct {
	tp     *sdktrace.TracerProvider
	tracer trace.Tracer
	prop   propagation.TextMapPropagator
}

// newTelemetry sets tracing up from the environment: the exporter reads
// OTEL_EXPORTER_OTLP_ENDPOINT (appending /v1/traces), the resource
// OTEL_SERVICE_NAME, the sampler ratio OTEL_TRACES_SAMPLER_ARG.
func newTelemetry(ctx context.Context) (*telemetry, error) {
	ratio, err := samplerRatio(os.Getenv("OTEL_TRACES_SAMPLER_ARG"))
	if err != nil {
		return nil, err
	}
	exp, err := otlptracehttp.New(ctx)
	if err != nil {
		return nil, fmt.Errorf("altserver: OTLP trace exporter: %w", err)
	}
	res, err := resource.New(ctx,
		resource.WithAttributes(attribute.String("service.name", "altserver")),
		resource.WithFromEnv(), // OTEL_SERVICE_NAME wins
		resource.WithTelemetrySDK())
	if err != nil {
		return nil, fmt.Errorf("altserver: trace resource: %w", err)
	}
	tp := sdktrace.NewTracerProvider(
		sdktrace.WithBatcher(exp, sdktrace.WithBatchTimeout(time.Second)),
		sdktrace.WithResource(res),
		sdktrace.WithSampler(sdktrace.ParentBased(sdktrace.TraceIDRatioBased(ratio))),
	)
	return &telemetry{tp: tp, tracer: tp.Tracer("altserver"), prop: propagation.TraceContext{}}, nil
}

// samplerRatio parses OTEL_TRACES_SAMPLER_ARG; unset means 1.0.
func samplerRatio(arg string) (float64, error) {
	if arg == "" {
		return 1, nil
	}
	r, err := strconv.ParseFloat(arg, 64)
	if err != nil || r < 0 || r > 1 {
		return 0, fmt.Errorf("altserver: OTEL_TRACES_SAMPLER_ARG=%q: want a ratio from 0 to 1", arg)
	}
	return r, nil
}

// extractHeader is the transport's context hook: the caller's traceparent
// from the HTTP request.
func (t *telemetry) extractHeader(ctx context.Context, r *http.Request) context.Context {
	return t.prop.Extract(ctx, propagation.HeaderCarrier(r.Header))
}

// extractMeta takes the trace context from params._meta (traceparent,
// tracestate) when the call carries one; it wins over the header.
func (t *telemetry) extractMeta(ctx context.Context, meta *mcp.Meta) context.Context {
	if meta == nil {
		return ctx
	}
	carrier := propagation.MapCarrier{}
	for _, k := range t.prop.Fields() {
		if v, ok := meta.AdditionalFields[k].(string); ok {
			carrier[k] = v
		}
	}
	if len(carrier) == 0 {
		return ctx
	}
	return t.prop.Extract(ctx, carrier)
}

// httpClient calls the downstream: each request is a CLIENT span that
// carries the caller's context in its traceparent header.
func (t *telemetry) httpClient() *http.Client {
	base := http.DefaultTransport.(*http.Transport).Clone()
	base.MaxIdleConnsPerHost = 32 // calls in flight under load reuse connections
	return &http.Client{Transport: otelhttp.NewTransport(base, otelhttp.WithTracerProvider(t.tp), otelhttp.WithPropagators(t.prop))}
}

// shutdown flushes the spans still buffered.
func (t *telemetry) shutdown(ctx context.Context) error {
	return t.tp.Shutdown(ctx)
}
