package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/xk6-mcp/internal/testserver"
	"github.com/mcpchaos/mcpchaos/xk6-mcp/session"
)

// script is the measured k6 script: one callTool per iteration on the
// VU's session (built in init code, connected at the first call). A
// warm-up scenario opens the sessions first; the measured scenario's
// CallTool count over its duration is the rate.
const script = `import mcp from 'k6/x/mcp';
export const options = {
  scenarios: {
    warmup: { executor: 'constant-vus', vus: Number(__ENV.VUS), duration: __ENV.WARMUP, gracefulStop: '0s' },
    measure: { executor: 'constant-vus', vus: Number(__ENV.VUS), duration: __ENV.DURATION, startTime: __ENV.WARMUP, gracefulStop: '0s' },
  },
  thresholds: { 'mcp_request_count{method:CallTool,scenario:measure}': ['count>0'], mcp_request_errors: ['count==0'] },
};
const client = mcp.connect(__ENV.MCP_URL, { propagation: __ENV.PROPAGATION || 'both' });
export default function () {
  client.callTool({ name: 'noop' });
}
`

// warmup is how long sessions and connections settle before measuring.
const warmup = 2 * time.Second

// measuredCalls reads the measured scenario's CallTool count from a
// summary export.
func measuredCalls(t testing.TB, path string) float64 {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var sum struct {
		Metrics map[string]map[string]any `json:"metrics"`
	}
	if err := json.Unmarshal(b, &sum); err != nil {
		t.Fatal(err)
	}
	count, ok := sum.Metrics["mcp_request_count{method:CallTool,scenario:measure}"]["count"].(float64)
	if !ok {
		t.Fatalf("no mcp_request_count{method:CallTool,scenario:measure} in %s", b)
	}
	return count
}

// TestThroughputVsPlainClient is the benchmark of the issue: see doc.go.
func TestThroughputVsPlainClient(t *testing.T) {
	if os.Getenv("MCPCHAOS_TEST_BENCH") != "1" {
		t.Skip("set MCPCHAOS_TEST_BENCH=1 to run the throughput benchmark (about a minute of both cores)")
	}
	d := durationFromEnv(t)
	dir := t.TempDir()
	mcpchaos := build(t, dir, "./cmd/mcpchaos", "mcpchaos")
	server := build(t, dir, "./xk6-mcp/testdata/stdioserver", "noopserver")
	scriptPath := filepath.Join(dir, "calltool.js")
	if err := os.WriteFile(scriptPath, []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	url := startNoopServer(t, server)
	ctx := context.Background()

	type row struct {
		sessions           int
		plain, traced, run float64
		runHeader          float64 // mcpchaos run with propagation: 'header'

		rssPerVU float64
	}
	var rows []row
	var rss10 int64
	rounds := roundsFromEnv(t)
	for _, n := range []int{10, 200} {
		// Other work on the machine shifts every number; interleaving the
		// three clients, rotating which goes first (the server's state
		// after one client can favour or hinder the next), and taking
		// medians keeps the comparison fair.
		var plain, traced, run, runHeader []float64
		var rss int64
		clients := []func(){
			func() { plain = append(plain, plainLoop(t, url, n, warmup, d, false)) },
			func() {
				res := mcpchaosRun(ctx, t, mcpchaos, scriptPath, "MCP_URL="+url, fmt.Sprintf("VUS=%d", n), "DURATION="+seconds(d), "WARMUP="+seconds(warmup))
				run = append(run, measuredCalls(t, res.summary)/d.Seconds())
				rss = max(rss, res.maxRSS)
			},
			func() {
				res := mcpchaosRun(ctx, t, mcpchaos, scriptPath, "MCP_URL="+url, "PROPAGATION=header", fmt.Sprintf("VUS=%d", n), "DURATION="+seconds(d), "WARMUP="+seconds(warmup))
				runHeader = append(runHeader, measuredCalls(t, res.summary)/d.Seconds())
			},
			func() { traced = append(traced, plainLoop(t, url, n, warmup, d, true)) },
		}
		for round := range rounds {
			for i := range clients {
				clients[(round+i)%len(clients)]()
			}
		}
		t.Logf("%4d sessions, each round: plain %v, traced %v, run %v, run (header only) %v", n, rounded(plain), rounded(traced), rounded(run), rounded(runHeader))
		r := row{sessions: n, plain: median(plain), traced: median(traced), run: median(run), runHeader: median(runHeader)}
		if n == 10 {
			rss10 = rss
		} else if rss10 > 0 {
			r.rssPerVU = float64(rss-rss10) / float64(n-10)
		}
		rows = append(rows, r)
	}
	perSession := sessionMemory(t, url, 200)

	t.Logf("median calls/s of %d rounds over %s after a %s warm-up: plain mcp-go loop; the same sending a traceparent header and _meta as k6/x/mcp does; mcpchaos run; mcpchaos run with propagation 'header'", rounds, d, warmup)
	for _, r := range rows {
		t.Logf("%4d sessions: plain %6.0f  traced %6.0f  run %6.0f  header-only run %6.0f  run/plain %.3f  run/traced %.3f  header-only run/plain %.3f",
			r.sessions, r.plain, r.traced, r.run, r.runHeader, r.run/r.plain, r.run/r.traced, r.runHeader/r.plain)
	}
	t.Logf("memory per open session.Session (heap+stacks, 200 sessions): %.0f KiB", perSession/1024)
	if len(rows) == 2 && rows[1].rssPerVU > 0 {
		t.Logf("mcpchaos run peak RSS per extra VU (JS runtime + session, 10 -> 200 VUs): %.0f KiB", rows[1].rssPerVU/1024)
	}
	for _, r := range rows {
		if ratio := r.run / r.plain; ratio < 0.95 {
			t.Errorf("%d sessions: mcpchaos run made %.3f of the plain client's calls/s, want >= 0.95", r.sessions, ratio)
		}
	}
	if perSession > 1<<20 {
		t.Errorf("an open session costs %.0f KiB, want <= 1 MiB", perSession/1024)
	}
}

// sessionMemory opens n sessions and returns the heap and stack bytes
// each costs while open (and idle).
func sessionMemory(t testing.TB, url string, n int) float64 {
	t.Helper()
	ctx := context.Background()
	before := inUse()
	sessions := make([]*session.Session, 0, n)
	for range n {
		s, err := session.Dial(ctx, session.Options{Transport: session.StreamableHTTP, URL: url})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.CallTool(ctx, testserver.ToolNoop, nil); err != nil {
			t.Fatal(err)
		}
		sessions = append(sessions, s)
	}
	after := inUse()
	for _, s := range sessions {
		_ = s.Close()
	}
	return float64(after-before) / float64(n)
}

func inUse() uint64 {
	runtime.GC()
	time.Sleep(50 * time.Millisecond)
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse + m.StackInuse
}
