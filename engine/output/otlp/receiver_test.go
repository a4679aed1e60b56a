package otlp

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	colmetricpb "go.opentelemetry.io/proto/otlp/collector/metrics/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/proto"
)

// receiver records the export requests of both transports: OTLP/HTTP on
// an httptest server and OTLP/gRPC on a real gRPC server, both loopback
// (the wire formats; the real Prometheus test is in cmd/mcpchaos).
type receiver struct {
	colmetricpb.UnimplementedMetricsServiceServer

	mu       sync.Mutex
	requests []*colmetricpb.ExportMetricsServiceRequest
	headers  []map[string]string
}

func (r *receiver) record(req *colmetricpb.ExportMetricsServiceRequest, h map[string]string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.requests = append(r.requests, req)
	r.headers = append(r.headers, h)
}

func (r *receiver) got() ([]*colmetricpb.ExportMetricsServiceRequest, []map[string]string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]*colmetricpb.ExportMetricsServiceRequest(nil), r.requests...), append([]map[string]string(nil), r.headers...)
}

// Export implements the gRPC MetricsService.
func (r *receiver) Export(ctx context.Context, req *colmetricpb.ExportMetricsServiceRequest) (*colmetricpb.ExportMetricsServiceResponse, error) {
	md, _ := metadata.FromIncomingContext(ctx)
	h := map[string]string{}
	for k, v := range md {
		h[k] = v[0]
	}
	r.record(req, h)
	return &colmetricpb.ExportMetricsServiceResponse{}, nil
}

// serveHTTP starts the OTLP/HTTP side; it returns host:port.
func (r *receiver) serveHTTP(t *testing.T) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if req.URL.Path != "/v1/metrics" || req.Header.Get("Content-Type") != "application/x-protobuf" {
			http.Error(w, "want POST /v1/metrics with protobuf", http.StatusNotFound)
			return
		}
		body, _ := io.ReadAll(req.Body)
		var m colmetricpb.ExportMetricsServiceRequest
		if err := proto.Unmarshal(body, &m); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		r.record(&m, map[string]string{"x-run": req.Header.Get("X-Run")})
		w.Header().Set("Content-Type", "application/x-protobuf")
		_, _ = w.Write(nil)
	}))
	t.Cleanup(srv.Close)
	return srv.Listener.Addr().String()
}

// serveGRPC starts the OTLP/gRPC side; it returns host:port.
func (r *receiver) serveGRPC(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := grpc.NewServer()
	colmetricpb.RegisterMetricsServiceServer(s, r)
	go func() { _ = s.Serve(l) }()
	t.Cleanup(s.Stop)
	return l.Addr().String()
}
