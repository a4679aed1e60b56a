package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/mcpchaos/mcpchaos/internal/poll"
	"github.com/mcpchaos/mcpchaos/stack"
	"github.com/mcpchaos/mcpchaos/xk6-mcp/session"
)

// traceLookupTimeout bounds how long the demo waits for one call's trace
// and logs to reach the backends (batching and scrape delays included).
const traceLookupTimeout = 30 * time.Second

// showTracedCall makes one traced `search` call and looks its trace id up
// in Jaeger and VictoriaLogs, printing the queries a person would use.
func showTracedCall(ctx context.Context, w io.Writer, st *stack.Stack) error {
	cfg, err := st.Config()
	if err != nil {
		return err
	}
	opts := session.OptionsFromConfig(cfg.MCP, processEnv(), "")
	opts.ClientName = "mcpchaos-demo"
	s, err := session.Dial(ctx, opts)
	if err != nil {
		return fmt.Errorf("open an MCP session to %s: %w", opts.URL, err)
	}
	defer s.Close()
	res, err := s.CallTool(ctx, "search", map[string]any{"query": "where does this call go?"})
	if err != nil {
		return fmt.Errorf("call search on %s: %w", opts.URL, err)
	}
	id := res.TraceID
	u := st.URLs()
	fmt.Fprintf(w, "  call tools/call search: trace id %s (session %s, %s)\n", id, res.SessionID, res.Duration.Round(time.Millisecond))

	ctx, cancel := context.WithTimeout(ctx, traceLookupTimeout)
	defer cancel()
	jaeger := u.Jaeger + "/api/v3/traces/" + id
	spans, jerr := awaitCount(ctx, "the trace in Jaeger", func(ctx context.Context) (int, error) { return jaegerSpans(ctx, jaeger) })
	if jerr == nil {
		// The downstream's spans are exported on their own schedule; give
		// them a moment so the count shows the whole trace.
		time.Sleep(2 * time.Second)
		if n, err := jaegerSpans(ctx, jaeger); err == nil {
			spans = n
		}
	}
	report(w, "Jaeger trace", jaeger, fmt.Sprintf("%d spans", spans), jerr)

	logs := u.VictoriaLogs + "/select/logsql/query?query=" + url.QueryEscape(fmt.Sprintf("trace_id:%q", id))
	lines, lerr := awaitCount(ctx, "the trace's log lines in VictoriaLogs", func(ctx context.Context) (int, error) { return logLines(ctx, logs) })
	report(w, "VictoriaLogs lines", logs, fmt.Sprintf("%d lines", lines), lerr)

	fmt.Fprintf(w, "  Prometheus: %s/graph?g0.expr=%s\n", u.Prometheus, url.QueryEscape(`sum by (tool_name, status) (mcp_tool_calls_total)`))
	fmt.Fprintf(w, "  Alertmanager alerts: %s/api/v2/alerts\n", u.Alertmanager)
	return nil
}

func report(w io.Writer, what, where, found string, err error) {
	if err != nil {
		fmt.Fprintf(w, "  %s: NOT FOUND (%v)\n    %s\n", what, err, where)
		return
	}
	fmt.Fprintf(w, "  %s: %s\n    %s\n", what, found, where)
}

// awaitCount polls get every 500ms until it counts at least one item or
// ctx ends, and returns the last count.
func awaitCount(ctx context.Context, what string, get func(context.Context) (int, error)) (int, error) {
	var n int
	err := poll.Until(ctx, 500*time.Millisecond, what, func(ctx context.Context) (bool, error) {
		var err error
		if n, err = get(ctx); err != nil {
			return false, err
		}
		return n > 0, errors.New("nothing yet")
	})
	return n, err
}

// jaegerSpans counts the spans of an OTLP JSON trace from Jaeger's API v3.
func jaegerSpans(ctx context.Context, u string) (int, error) {
	body, err := httpGet(ctx, u)
	if err != nil {
		return 0, err
	}
	var doc struct {
		Result struct {
			ResourceSpans []struct {
				ScopeSpans []struct {
					Spans []json.RawMessage `json:"spans"`
				} `json:"scopeSpans"`
			} `json:"resourceSpans"`
		} `json:"result"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		return 0, fmt.Errorf("decode Jaeger trace: %w", err)
	}
	n := 0
	for _, rs := range doc.Result.ResourceSpans {
		for _, ss := range rs.ScopeSpans {
			n += len(ss.Spans)
		}
	}
	return n, nil
}

// logLines counts the JSON lines a LogsQL query returns.
func logLines(ctx context.Context, u string) (int, error) {
	body, err := httpGet(ctx, u)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, line := range strings.Split(string(body), "\n") {
		if strings.TrimSpace(line) != "" {
			n++
		}
	}
	return n, nil
}

func httpGet(ctx context.Context, u string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode == http.StatusNotFound {
		return nil, fmt.Errorf("404 from %s", u)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("HTTP %d from %s: %.200s", resp.StatusCode, u, body)
	}
	return body, nil
}
