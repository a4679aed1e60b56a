package mcp_test

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/engine"
	"github.com/mcpchaos/mcpchaos/engine/modules"
	"github.com/mcpchaos/mcpchaos/engine/modules/k6"
	mcp "github.com/mcpchaos/mcpchaos/xk6-mcp"
	"github.com/mcpchaos/mcpchaos/xk6-mcp/internal/everything"
)

// TestExamples runs examples/*.js on the engine, as `mcpchaos run` does,
// against server-everything.
func TestExamples(t *testing.T) {
	t.Parallel()
	entry := installEverything(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	httpSrv, err := everything.StartHTTP(ctx, entry, "streamableHttp")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = httpSrv.Close() })
	sseSrv, err := everything.StartHTTP(ctx, entry, "sse")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sseSrv.Close() })
	env := map[string]string{
		"MCP_URL": httpSrv.URL, "MCP_SSE_URL": sseSrv.URL,
		"MCP_SERVER_PATH": "node", "MCP_SERVER_ARGS": entry + " stdio",
	}
	for _, tc := range []struct {
		script, says string
		vus          int64
		dur          time.Duration
	}{
		{script: "streamable-http.js", says: "Echo tool response: \\\"Echo: Grafana k6\\\""},
		{script: "sse.js", says: "get-sum: The sum of 2 and 3 is 5."},
		{script: "stdio.js", says: "Echo: over stdio"},
		{script: "load.js", vus: 2, dur: 2 * time.Second},
	} {
		t.Run(tc.script, func(t *testing.T) {
			var logs strings.Builder
			opts := engine.Options{
				ScriptPath: filepath.Join("examples", tc.script),
				Modules:    map[string]modules.Module{"k6": k6.New(), "k6/x/mcp": mcp.New()},
				Env:        env, VUs: tc.vus, Duration: tc.dur, Iterations: 1,
				Quiet: true, Stdout: io.Discard, Stderr: io.Discard,
				Logger: slog.New(slog.NewTextHandler(&logs, nil)),
			}
			if tc.dur > 0 {
				opts.Iterations = 0
			}
			e, err := engine.New(ctx, opts)
			if err != nil {
				t.Fatal(err)
			}
			res, err := e.Run(ctx)
			if err != nil || res.ExitCode != 0 {
				t.Fatalf("exit %d, %v\n%s", res.ExitCode, err, logs.String())
			}
			if strings.Contains(logs.String(), "level=ERROR") || !strings.Contains(logs.String(), tc.says) {
				t.Errorf("want a log saying %s and no errors:\n%s", tc.says, logs.String())
			}
		})
	}
}
