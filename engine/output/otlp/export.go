package otlp

import (
	"bytes"
	"context"
	"crypto/tls"
	"fmt"
	"net/http"

	colmetricpb "go.opentelemetry.io/proto/otlp/collector/metrics/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/proto"

	"github.com/mcpchaos/mcpchaos/engine/output/internal/stream"
)

// exporter sends one export request.
type exporter interface {
	export(ctx context.Context, req *colmetricpb.ExportMetricsServiceRequest) error
	close() error
}

func newExporter(cfg Config, tlsConf *tls.Config) (exporter, error) {
	if cfg.ExporterType == ExporterHTTP {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.TLSClientConfig = tlsConf
		return &httpExporter{url: cfg.httpURL(), headers: cfg.Headers, client: &http.Client{Transport: tr, Timeout: exportTimeout}}, nil
	}
	creds := insecure.NewCredentials()
	if !cfg.Insecure {
		creds = credentials.NewTLS(tlsConf)
	}
	conn, err := grpc.NewClient(cfg.Endpoint, grpc.WithTransportCredentials(creds))
	if err != nil {
		return nil, fmt.Errorf("K6_OTEL_GRPC_EXPORTER_ENDPOINT=%s: %w", cfg.Endpoint, err)
	}
	return &grpcExporter{conn: conn, client: colmetricpb.NewMetricsServiceClient(conn), headers: cfg.Headers}, nil
}

// httpExporter is OTLP/HTTP with protobuf bodies.
type httpExporter struct {
	url     string
	headers map[string]string
	client  *http.Client
}

func (e *httpExporter) export(ctx context.Context, req *colmetricpb.ExportMetricsServiceRequest) error {
	body, err := proto.Marshal(req)
	if err != nil {
		return err
	}
	r, err := http.NewRequestWithContext(ctx, http.MethodPost, e.url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	r.Header.Set("Content-Type", "application/x-protobuf")
	r.Header.Set("User-Agent", "mcpchaos")
	for k, v := range e.headers {
		r.Header.Set(k, v)
	}
	return stream.Post(e.client, r)
}

func (e *httpExporter) close() error {
	e.client.CloseIdleConnections()
	return nil
}

// grpcExporter is OTLP/gRPC.
type grpcExporter struct {
	conn    *grpc.ClientConn
	client  colmetricpb.MetricsServiceClient
	headers map[string]string
}

func (e *grpcExporter) export(ctx context.Context, req *colmetricpb.ExportMetricsServiceRequest) error {
	if len(e.headers) > 0 {
		ctx = metadata.NewOutgoingContext(ctx, metadata.New(e.headers))
	}
	_, err := e.client.Export(ctx, req)
	return err
}

func (e *grpcExporter) close() error { return e.conn.Close() }
