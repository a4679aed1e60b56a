package stack

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/fixtures"
	"github.com/mcpchaos/mcpchaos/internal/poll"
	"github.com/mcpchaos/mcpchaos/internal/traceparent"
	"github.com/mcpchaos/mcpchaos/stack/supervisor"
	"github.com/mcpchaos/mcpchaos/stack/sweep"
)

// TestFullStack brings the whole embedded stack up from the install cache
// (building what is missing), makes MCP calls through toxiproxy and finds
// their evidence in every backend, then brings it down and checks that no
// process of it is left.
func TestFullStack(t *testing.T) {
	if testing.Short() {
		t.Skip("full stack test: starts every backend (and builds any missing one); runs without -short, as CI does")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	self := buildSelf(ctx, t)
	dir := t.TempDir()

	// Warm the cache first, so that the timed Up below measures a warm start.
	coldStart := time.Now()
	// $MCPCHAOS_CACHE and $MCPCHAOS_BIN_* choose the binaries, as for the CLI.
	if _, err := installAll(ctx, Options{Progress: testWriter{t}, LookupEnv: os.LookupEnv}, components()); err != nil {
		t.Fatal(err)
	}
	t.Logf("timing: install (cold or warm cache) %s", time.Since(coldStart).Round(time.Millisecond))

	start := time.Now()
	s, err := Up(ctx, Options{Dir: dir, Self: self, Rules: fixtures.PrometheusRules, Progress: testWriter{t}, LookupEnv: os.LookupEnv})
	downAtCleanup(t, s)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("timing: stack up with a warm cache %s", time.Since(start).Round(time.Millisecond))
	u := s.URLs()

	client := mcpClient(t, s.State.CAFile)
	sess := initialize(ctx, t, client, u.MCP)
	var traceIDs []string
	for i := 0; i < 5; i++ {
		tc := traceparent.New(true)
		callTool(ctx, t, client, u.MCP, sess, tc.String(), fmt.Sprintf(`{"name":"search","arguments":{"query":"full-stack-%d"}}`, i))
		traceIDs = append(traceIDs, tc.TraceIDString())
	}
	id := traceIDs[0]

	t.Run("prometheus has the metrics", func(t *testing.T) {
		for _, q := range []string{
			`sum(mcp_tool_calls_total{tool_name="search"}) >= 5`,
			`probe_success{job="mcp-probe"} == 1`,
			`mcpchaos_component_up{component="mcp-server"} == 1`,
			`otelcol_receiver_accepted_log_records_total > 0`,
			`up{job="jaeger"} == 1`,
			`up{job="toxiproxy"} == 1`,
		} {
			awaitAnswer(ctx, t, 30*time.Second, "Prometheus: "+q, func(ctx context.Context) (bool, string) {
				var r struct {
					Data struct{ Result []json.RawMessage } `json:"data"`
				}
				body := getJSON(ctx, u.Prometheus+"/api/v1/query?query="+url.QueryEscape(q), &r)
				return len(r.Data.Result) > 0, body
			})
		}
	})
	t.Run("the test alert fires in Alertmanager and reaches the webhook sink", func(t *testing.T) {
		awaitAnswer(ctx, t, 30*time.Second, "Alertmanager alert MCPChaosWatchdog", func(ctx context.Context) (bool, string) {
			body := getJSON(ctx, u.Alertmanager+"/api/v2/alerts?filter="+url.QueryEscape(`alertname="MCPChaosWatchdog"`), nil)
			return strings.Contains(body, `"state":"active"`), body
		})
		awaitAnswer(ctx, t, 30*time.Second, "webhook delivery of MCPChaosWatchdog", func(ctx context.Context) (bool, string) {
			ns, err := s.Client().Notifications(ctx)
			if err != nil {
				return false, err.Error()
			}
			for _, n := range ns {
				for _, a := range n.Alerts {
					if a.Labels["alertname"] == "MCPChaosWatchdog" && a.Status == "firing" {
						return true, ""
					}
				}
			}
			return false, fmt.Sprintf("%d notifications", len(ns))
		})
	})
	t.Run("VictoriaLogs has the call's log lines by trace_id", func(t *testing.T) {
		for _, service := range []string{serverService, downstreamService} {
			q := fmt.Sprintf(`trace_id:=%q service:=%q`, id, service)
			awaitAnswer(ctx, t, 30*time.Second, "LogsQL "+q, func(ctx context.Context) (bool, string) {
				body := getJSON(ctx, u.VictoriaLogs+"/select/logsql/query?query="+url.QueryEscape(q), nil)
				return strings.Contains(body, `"session_id"`) || (service == downstreamService && strings.Contains(body, id)), body
			})
		}
	})
	t.Run("Jaeger has the trace by id", func(t *testing.T) {
		awaitAnswer(ctx, t, 30*time.Second, "Jaeger trace "+id, func(ctx context.Context) (bool, string) {
			body := getJSON(ctx, u.Jaeger+"/api/v3/traces/"+id, nil)
			return strings.Contains(body, serverService) && strings.Contains(body, downstreamService), body
		})
	})
	t.Run("idle stack memory", func(t *testing.T) {
		time.Sleep(2 * time.Second)
		rss, n := stackRSS(t, s.State.Instance)
		t.Logf("timing: idle stack RSS %.0f MiB in %d processes", float64(rss)/(1<<20), n)
	})
}

// buildSelf builds the mcpchaos binary: the supervisor, the probe and
// the reference fixtures ($MCPCHAOS_TEST_SELF names a prebuilt one).
func buildSelf(ctx context.Context, t *testing.T) string {
	t.Helper()
	if p := os.Getenv("MCPCHAOS_TEST_SELF"); p != "" {
		return p // a prebuilt mcpchaos, e.g. while the tree does not build
	}
	path := filepath.Join(t.TempDir(), "mcpchaos")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", path, "./cmd/mcpchaos")
	cmd.Dir = ".."
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/mcpchaos: %v\n%s", err, b)
	}
	return path
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

func mcpClient(t *testing.T, caFile string) *http.Client {
	t.Helper()
	pool := x509.NewCertPool()
	if caFile != "" {
		b, err := os.ReadFile(caFile)
		if err != nil {
			t.Fatal(err)
		}
		pool.AppendCertsFromPEM(b)
	}
	return &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
}

// rpc posts one JSON-RPC message over Streamable HTTP and returns the
// response headers and the JSON result (from JSON or an SSE stream).
func rpc(ctx context.Context, t *testing.T, c *http.Client, mcpURL, session, tp, body string) (http.Header, string) {
	t.Helper()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, mcpURL, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	req.Header.Set("MCP-Protocol-Version", "2025-06-18")
	if session != "" {
		req.Header.Set("Mcp-Session-Id", session)
	}
	if tp != "" {
		req.Header.Set("traceparent", tp)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("MCP %s: %v", body, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode/100 != 2 {
		t.Fatalf("MCP %s: HTTP %d: %s", body, resp.StatusCode, b)
	}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		sc := bufio.NewScanner(bytes.NewReader(b))
		var data string
		for sc.Scan() {
			if d, ok := strings.CutPrefix(sc.Text(), "data:"); ok {
				data = strings.TrimSpace(d)
			}
		}
		return resp.Header, data
	}
	return resp.Header, string(b)
}

func initialize(ctx context.Context, t *testing.T, c *http.Client, mcpURL string) string {
	t.Helper()
	h, _ := rpc(ctx, t, c, mcpURL, "", "", `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"mcpchaos-stack-test","version":"1"}}}`)
	sess := h.Get("Mcp-Session-Id")
	rpc(ctx, t, c, mcpURL, sess, "", `{"jsonrpc":"2.0","method":"notifications/initialized"}`)
	return sess
}

func callTool(ctx context.Context, t *testing.T, c *http.Client, mcpURL, sess, tp, params string) {
	t.Helper()
	_, out := rpc(ctx, t, c, mcpURL, sess, tp, `{"jsonrpc":"2.0","id":2,"method":"tools/call","params":`+params+`}`)
	if strings.Contains(out, `"isError":true`) || !strings.Contains(out, `"result"`) {
		t.Fatalf("tools/call %s: %s", params, out)
	}
}

// getJSON GETs url, decodes into v when non-nil and returns the body.
func getJSON(ctx context.Context, u string, v any) string {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if v != nil {
		_ = json.Unmarshal(b, v)
	}
	return string(b)
}

// awaitAnswer polls a backend every 500ms for up to d until get's answer
// is ok; a failure quotes the last answer, cut to 2000 bytes.
func awaitAnswer(ctx context.Context, t *testing.T, d time.Duration, what string, get func(ctx context.Context) (ok bool, answer string)) {
	t.Helper()
	err := poll.Within(ctx, d, 500*time.Millisecond, what, func(ctx context.Context) (bool, error) {
		ok, answer := get(ctx)
		if len(answer) > 2000 {
			answer = answer[:2000] + "…"
		}
		return ok, fmt.Errorf("answer %s", answer)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// stackRSS sums the resident memory of the stack's processes.
func stackRSS(t *testing.T, instance string) (int64, int) {
	t.Helper()
	ps, err := sweep.Find(supervisor.MarkerEnv, instance)
	if err != nil {
		t.Fatal(err)
	}
	var total int64
	for _, p := range ps {
		b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(p.PID), "status"))
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(b), "\n") {
			if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
				kb, _ := strconv.ParseInt(f[1], 10, 64)
				total += kb << 10
			}
		}
	}
	return total, len(ps)
}
