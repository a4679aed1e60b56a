package mcp

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"

	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.40.0"
	"go.opentelemetry.io/otel/trace"
)

// tracerPool shares one OTLP tracer provider per endpoint among the VUs
// of a run; the last session to let go shuts it down, which flushes the
// spans.
type tracerPool struct {
	mu        sync.Mutex
	providers map[string]*pooledProvider
}

type pooledProvider struct {
	tp   *sdktrace.TracerProvider
	refs int
}

func newTracerPool() *tracerPool { return &tracerPool{providers: map[string]*pooledProvider{}} }

// tracesURL is the OTLP/HTTP traces URL: an explicit endpoint with a path
// is used as is, a bare one (and OTEL_EXPORTER_OTLP_ENDPOINT) gets
// /v1/traces, as the OTLP exporter spec says.
func tracesURL(c *otelConfig, env map[string]string) (string, error) {
	raw, full := c.Endpoint, false
	if raw == "" {
		raw, full = env["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"], true
	}
	if raw == "" {
		raw, full = env["OTEL_EXPORTER_OTLP_ENDPOINT"], false
	}
	if raw == "" {
		return "", fmt.Errorf("mcp options.otel: no endpoint; set otel.endpoint (e.g. http://127.0.0.1:4318) or OTEL_EXPORTER_OTLP_ENDPOINT")
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("mcp options.otel endpoint %q: use an http:// or https:// URL", raw)
	}
	if !full && strings.Trim(u.Path, "/") == "" {
		u.Path = "/v1/traces"
	}
	return u.String(), nil
}

// acquire returns a tracer exporting to the configured endpoint and the
// function that gives it back.
func (p *tracerPool) acquire(ctx context.Context, c *otelConfig, env map[string]string) (trace.Tracer, func(), error) {
	endpoint, err := tracesURL(c, env)
	if err != nil {
		return nil, nil, err
	}
	service := c.ServiceName
	if service == "" {
		service = "mcpchaos"
	}
	key := fmt.Sprintf("%s|%s|%v", endpoint, service, c.Headers)
	p.mu.Lock()
	defer p.mu.Unlock()
	pp := p.providers[key]
	if pp == nil {
		exp, err := otlptracehttp.New(ctx, otlptracehttp.WithEndpointURL(endpoint), otlptracehttp.WithHeaders(c.Headers))
		if err != nil {
			return nil, nil, fmt.Errorf("mcp options.otel: OTLP exporter for %s: %w", endpoint, err)
		}
		res := resource.NewSchemaless(semconv.ServiceName(service))
		pp = &pooledProvider{tp: sdktrace.NewTracerProvider(
			sdktrace.WithBatcher(exp, sdktrace.WithBatchTimeout(time.Second)),
			sdktrace.WithResource(res),
			sdktrace.WithSampler(sdktrace.AlwaysSample()),
		)}
		p.providers[key] = pp
	}
	pp.refs++
	var once sync.Once
	release := func() {
		once.Do(func() { p.release(key) })
	}
	return pp.tp.Tracer("github.com/mcpchaos/mcpchaos/xk6-mcp"), release, nil
}

func (p *tracerPool) release(key string) {
	p.mu.Lock()
	pp := p.providers[key]
	if pp == nil {
		p.mu.Unlock()
		return
	}
	pp.refs--
	if pp.refs > 0 {
		p.mu.Unlock()
		return
	}
	delete(p.providers, key)
	p.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = pp.tp.Shutdown(ctx)
}
