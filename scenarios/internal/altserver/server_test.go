package main

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"go.opentelemetry.io/otel/propagation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
)

const (
	testTraceID = "4bf92f3577b34da6a3ce929d0e0e4736"
	testParent  = "00f067aa0ba902b7"
	secret      = "s3cret-canary"
)

// harness is the server in-process: a recording tracer, a log file, a
// fake downstream that fails queries starting with "fail".
type harness struct {
	spans   *tracetest.SpanRecorder
	met     *metrics
	logFile string
	url     string

	mu          sync.Mutex
	downstreamT []string // traceparent headers the downstream got
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	h := &harness{spans: tracetest.NewSpanRecorder(), met: newMetrics(), logFile: filepath.Join(t.TempDir(), "log", "server.json")}
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.mu.Lock()
		h.downstreamT = append(h.downstreamT, r.Header.Get("traceparent"))
		h.mu.Unlock()
		if r.URL.Path != searchPath || strings.HasPrefix(r.URL.Query().Get("q"), "fail") {
			http.Error(w, "broken", http.StatusInternalServerError)
			return
		}
		_, _ = w.Write([]byte(`{"results":[]}`))
	}))
	t.Cleanup(down.Close)
	log, closeLog, err := openLog(h.logFile)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(closeLog)
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(h.spans))
	tel := &telemetry{tp: tp, tracer: tp.Tracer("test"), prop: propagation.TraceContext{}}
	mux, streamable := mcpHandler(&tools{log: log, tel: tel, met: h.met, downstream: down.URL, client: tel.httpClient()})
	srv := httptest.NewServer(mux)
	t.Cleanup(func() { streamable.CloseSessions(context.Background()); srv.Close() })
	h.url = srv.URL + mcpPath
	return h
}

// connect opens a session that sends traceparent as a header.
func (h *harness) connect(t *testing.T, ctx context.Context, traceparent string) *client.Client {
	t.Helper()
	c, err := client.NewStreamableHttpClient(h.url, transport.WithHTTPHeaders(map[string]string{"traceparent": traceparent}))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	req := mcp.InitializeRequest{}
	req.Params.ProtocolVersion = mcp.LATEST_LEGACY_PROTOCOL_VERSION
	req.Params.ClientInfo = mcp.Implementation{Name: "test", Version: "1"}
	if _, err := c.Initialize(ctx, req); err != nil {
		t.Fatal(err)
	}
	return c
}

// TestToolCall: each call is a SERVER span under the caller's trace with
// the downstream call as its CLIENT child, one log line with the trace,
// span and session and no secret, and a count by outcome.
func TestToolCall(t *testing.T) {
	tests := []struct {
		name, tool, query string
		meta              bool // traceparent in params._meta instead of the header
		wantError         bool
		wantDownstream    bool
	}{
		{"search ok", "search", "cats", false, false, true},
		{"search via _meta", "search", "dogs", true, false, true},
		{"downstream 500", "search", "fail please", false, true, true},
		{"echo", "echo", "", false, false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			h := newHarness(t)
			header, metaTP := "00-"+testTraceID+"-"+testParent+"-01", ""
			if tc.meta {
				header, metaTP = "00-11111111111111111111111111111111-1111111111111111-01", "00-"+testTraceID+"-"+testParent+"-01"
			}
			c := h.connect(t, ctx, header)
			req := mcp.CallToolRequest{}
			req.Params.Name = tc.tool
			req.Params.Arguments = map[string]any{"query": tc.query, "message": "hi", "token": secret, "auth": map[string]any{"nested": []any{map[string]any{"api_key": secret}}}}
			if metaTP != "" {
				req.Params.Meta = &mcp.Meta{AdditionalFields: map[string]any{"traceparent": metaTP}}
			}
			res, err := c.CallTool(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			if res.IsError != tc.wantError {
				t.Fatalf("isError = %v, want %v: %+v", res.IsError, tc.wantError, res.Content)
			}

			call := h.span(t, "tools/call "+tc.tool)
			if call.SpanKind() != trace.SpanKindServer || call.SpanContext().TraceID().String() != testTraceID || call.Parent().SpanID().String() != testParent {
				t.Errorf("tool span: kind %v trace %s parent %s, want server under %s/%s", call.SpanKind(), call.SpanContext().TraceID(), call.Parent().SpanID(), testTraceID, testParent)
			}
			if tc.wantDownstream {
				out := h.childOf(t, call)
				if out.SpanKind() != trace.SpanKindClient {
					t.Errorf("downstream span kind %v, want client", out.SpanKind())
				}
				if got := h.downstreamT; len(got) != 1 || !strings.Contains(got[0], testTraceID) {
					t.Errorf("downstream got traceparent %v, want the caller's trace %s", got, testTraceID)
				}
			}

			line := h.onlyLine(t)
			for _, k := range []string{"time", "level", "msg", "trace_id", "span_id", "session_id"} {
				if s, _ := line[k].(string); s == "" {
					t.Errorf("log line lacks %s: %v", k, line)
				}
			}
			if line["trace_id"] != testTraceID || line["span_id"] != call.SpanContext().SpanID().String() {
				t.Errorf("log line trace %v span %v, want the tool span's", line["trace_id"], line["span_id"])
			}
			wantLevel, wantStatus := "info", "ok"
			if tc.wantError {
				wantLevel, wantStatus = "error", "error"
				e, _ := line["error"].(map[string]any)
				if e["type"] != "500" || !strings.Contains(e["stack"].(string), "goroutine") {
					t.Errorf("error line's error = %v, want type 500 and a stack", e)
				}
			}
			if line["level"] != wantLevel {
				t.Errorf("level %v, want %s", line["level"], wantLevel)
			}
			if got := value(t, h.met.calls.WithLabelValues(tc.tool, wantStatus, transportLabel)); got != 1 {
				t.Errorf("mcp_tool_calls_total{%s,%s} = %v, want 1", tc.tool, wantStatus, got)
			}
			if got := value(t, h.met.sessions); got != 1 {
				t.Errorf("mcp_active_sessions = %v with one session open, want 1", got)
			}
			_ = c.Close() // DELETE: the session is released
			if got := value(t, h.met.sessions); got != 0 {
				t.Errorf("mcp_active_sessions = %v after close, want 0", got)
			}
		})
	}
}

func (h *harness) span(t *testing.T, name string) sdktrace.ReadOnlySpan {
	t.Helper()
	for _, s := range h.spans.Ended() {
		if s.Name() == name {
			return s
		}
	}
	t.Fatalf("no span %q", name)
	return nil
}

func (h *harness) childOf(t *testing.T, parent sdktrace.ReadOnlySpan) sdktrace.ReadOnlySpan {
	t.Helper()
	for _, s := range h.spans.Ended() {
		if s.Parent().SpanID() == parent.SpanContext().SpanID() {
			return s
		}
	}
	t.Fatalf("no child span of %q", parent.Name())
	return nil
}

// onlyLine is the single log line the call wrote; the file must not
// hold the secret.
func (h *harness) onlyLine(t *testing.T) map[string]any {
	t.Helper()
	b, err := os.ReadFile(h.logFile)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), secret) {
		t.Errorf("the log holds the secret:\n%s", b)
	}
	var lines []map[string]any
	sc := bufio.NewScanner(strings.NewReader(string(b)))
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("not a JSON line: %q: %v", sc.Text(), err)
		}
		lines = append(lines, m)
	}
	if len(lines) != 1 {
		t.Fatalf("want one log line per call, got %d:\n%s", len(lines), b)
	}
	return lines[0]
}

// value is a counter's or gauge's current value.
func value(t *testing.T, m prometheus.Metric) float64 {
	t.Helper()
	var d dto.Metric
	if err := m.Write(&d); err != nil {
		t.Fatal(err)
	}
	if c := d.GetCounter(); c != nil {
		return c.GetValue()
	}
	return d.GetGauge().GetValue()
}
