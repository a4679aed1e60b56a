package otlp

import (
	"fmt"
	"strings"
	"time"

	"github.com/mcpchaos/mcpchaos/engine/output/internal/envopts"
	"github.com/mcpchaos/mcpchaos/engine/output/internal/stream"
)

// Exporter types of K6_OTEL_EXPORTER_TYPE.
const (
	ExporterGRPC = "grpc"
	ExporterHTTP = "http"
)

const exportTimeout = 10 * time.Second

// Config is the output's settings, k6's names in comments.
type Config struct {
	ServiceName    string        // K6_OTEL_SERVICE_NAME, default k6
	ServiceVersion string        // K6_OTEL_SERVICE_VERSION
	MetricPrefix   string        // K6_OTEL_METRIC_PREFIX
	FlushInterval  time.Duration // K6_OTEL_FLUSH_INTERVAL, default 1s
	ExportInterval time.Duration // K6_OTEL_EXPORT_INTERVAL, default 10s
	Headers        map[string]string
	ExporterType   string // K6_OTEL_EXPORTER_TYPE: grpc (default) or http
	// Endpoint is host:port (K6_OTEL_GRPC_EXPORTER_ENDPOINT, default
	// localhost:4317, or K6_OTEL_HTTP_EXPORTER_ENDPOINT, default
	// localhost:4318); Insecure means plain text (the _INSECURE variable of
	// the exporter type).
	Endpoint string
	Insecure bool
	URLPath  string // K6_OTEL_HTTP_EXPORTER_URL_PATH, default /v1/metrics
	// SingleCounterForRate (K6_OTEL_SINGLE_COUNTER_FOR_RATE, default true).
	SingleCounterForRate bool
	TLS                  stream.TLS
}

// FromEnv reads k6's K6_OTEL_* variables, reporting every bad or unknown
// one at once.
func FromEnv(env map[string]string) (Config, error) {
	e := envopts.New(env, "K6_OTEL_")
	c := Config{
		ServiceName:          e.String("K6_OTEL_SERVICE_NAME", "k6"),
		ServiceVersion:       e.String("K6_OTEL_SERVICE_VERSION", ""),
		MetricPrefix:         e.String("K6_OTEL_METRIC_PREFIX", ""),
		FlushInterval:        e.Duration("K6_OTEL_FLUSH_INTERVAL", time.Second),
		ExportInterval:       e.Duration("K6_OTEL_EXPORT_INTERVAL", 10*time.Second),
		Headers:              e.Pairs("K6_OTEL_HEADERS", "="),
		ExporterType:         e.String("K6_OTEL_EXPORTER_TYPE", ExporterGRPC),
		URLPath:              e.String("K6_OTEL_HTTP_EXPORTER_URL_PATH", "/v1/metrics"),
		SingleCounterForRate: e.Bool("K6_OTEL_SINGLE_COUNTER_FOR_RATE", true),
		TLS: stream.TLS{
			InsecureSkipVerify: e.Bool("K6_OTEL_TLS_INSECURE_SKIP_VERIFY", false),
			CAFile:             e.String("K6_OTEL_TLS_CERTIFICATE", ""),
			CAVar:              "K6_OTEL_TLS_CERTIFICATE",
			CertFile:           e.String("K6_OTEL_TLS_CLIENT_CERTIFICATE", ""),
			CertVar:            "K6_OTEL_TLS_CLIENT_CERTIFICATE",
			KeyFile:            e.String("K6_OTEL_TLS_CLIENT_KEY", ""),
			KeyVar:             "K6_OTEL_TLS_CLIENT_KEY",
		},
	}
	grpcEndpoint := e.String("K6_OTEL_GRPC_EXPORTER_ENDPOINT", "localhost:4317")
	grpcInsecure := e.Bool("K6_OTEL_GRPC_EXPORTER_INSECURE", false)
	httpEndpoint := e.String("K6_OTEL_HTTP_EXPORTER_ENDPOINT", "localhost:4318")
	httpInsecure := e.Bool("K6_OTEL_HTTP_EXPORTER_INSECURE", false)
	var endpointVar string
	switch c.ExporterType {
	case ExporterGRPC:
		c.Endpoint, c.Insecure, endpointVar = grpcEndpoint, grpcInsecure, "K6_OTEL_GRPC_EXPORTER_ENDPOINT"
	case ExporterHTTP:
		c.Endpoint, c.Insecure, endpointVar = httpEndpoint, httpInsecure, "K6_OTEL_HTTP_EXPORTER_ENDPOINT"
	default:
		e.Fail(fmt.Errorf("K6_OTEL_EXPORTER_TYPE=%q: write grpc or http", c.ExporterType))
	}
	if endpointVar != "" && (c.Endpoint == "" || strings.Contains(c.Endpoint, "/")) {
		e.Fail(fmt.Errorf("%s=%q: give host:port only, without scheme or path, e.g. localhost:4318", endpointVar, c.Endpoint))
	}
	if !strings.HasPrefix(c.URLPath, "/") {
		e.Fail(fmt.Errorf("K6_OTEL_HTTP_EXPORTER_URL_PATH=%q: give a path starting with /, e.g. /v1/metrics", c.URLPath))
	}
	return c, e.Err()
}

// target names the endpoint in messages.
func (c Config) target() string {
	if c.ExporterType == ExporterGRPC {
		return "grpc://" + c.Endpoint
	}
	return c.httpURL()
}

func (c Config) httpURL() string {
	scheme := "https"
	if c.Insecure {
		scheme = "http"
	}
	return scheme + "://" + c.Endpoint + c.URLPath
}
