package mcp_test

import (
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	coltrace "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/proto"

	"github.com/mcpchaos/mcpchaos/xk6-mcp/internal/testserver"
)

// otlpSink is an OTLP/HTTP traces endpoint that keeps the spans.
type otlpSink struct {
	mu    sync.Mutex
	spans []*tracepb.Span
}

func (s *otlpSink) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	var req coltrace.ExportTraceServiceRequest
	if r.URL.Path != "/v1/traces" || proto.Unmarshal(body, &req) != nil {
		http.Error(w, "bad export", http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	for _, rs := range req.ResourceSpans {
		for _, ss := range rs.ScopeSpans {
			s.spans = append(s.spans, ss.Spans...)
		}
	}
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/x-protobuf")
	_, _ = w.Write(nil)
}

// TestOTLPSpans: with otel set, client spans reach an OTLP endpoint when
// the VU closes its session, with the IDs the server saw.
func TestOTLPSpans(t *testing.T) {
	t.Parallel()
	srv := startServer(t, testserver.StreamableHTTP, 0)
	sink := &otlpSink{}
	collector := httptest.NewServer(sink)
	t.Cleanup(collector.Close)
	vu := running(t)
	traceID := runJS(t, vu, `
const c = mcp.connect(`+js(srv.URL)+`, { otel: { endpoint: `+js(collector.URL)+`, serviceName: 'k6-test' } });
const r = c.callTool({ name: 'echo', arguments: { text: 'span' } });
c.callTool({ name: 'fail' });
r.traceId;
`).String()
	if err := vu.Close(); err != nil {
		t.Fatal(err)
	}
	sink.mu.Lock()
	defer sink.mu.Unlock()
	var found *tracepb.Span
	for _, sp := range sink.spans {
		if sp.Name == "tools/call echo" {
			found = sp
		}
	}
	if found == nil {
		t.Fatalf("no tools/call echo span among %d exported", len(sink.spans))
	}
	if got := hex.EncodeToString(found.TraceId); got != traceID {
		t.Errorf("span trace %s, result trace %s", got, traceID)
	}
	if found.Kind != tracepb.Span_SPAN_KIND_CLIENT {
		t.Errorf("span kind %v", found.Kind)
	}
	attrs := map[string]string{}
	for _, kv := range found.Attributes {
		attrs[kv.Key] = kv.Value.GetStringValue()
	}
	if attrs["mcp.method.name"] != "tools/call" || attrs["gen_ai.tool.name"] != "echo" || attrs["mcp.session.id"] == "" || attrs["jsonrpc.request.id"] == "" {
		t.Errorf("attributes %v", attrs)
	}
	if seen := srv.Recorder.Of("tools/call")[0].HeaderParent; seen != "00-"+traceID+"-"+hex.EncodeToString(found.SpanId)+"-01" {
		t.Errorf("server saw %s, span %s/%s", seen, traceID, hex.EncodeToString(found.SpanId))
	}
}
