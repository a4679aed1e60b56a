package bench

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// The resource figures, as `go test -bench` functions run once
// each (they measure whole processes, so b.N does not matter):
//
//	go test -run '^$' -bench 'Sessions|VUs' -benchtime 1x -timeout 30m ./xk6-mcp/bench/
//
// Everything is loopback: a no-op mcp-go server in its own process.

// holdScript opens PER_VU sessions in each of VUS VUs (each its own
// session, newSession), makes one call on each so that it is really
// open, and holds them all for HOLD seconds.
const holdScript = `import mcp from 'k6/x/mcp';
import { sleep } from 'k6';
export const options = {
  scenarios: { hold: { executor: 'per-vu-iterations', vus: Number(__ENV.VUS), iterations: 1, maxDuration: '10m', gracefulStop: '30s' } },
  thresholds: { mcp_request_errors: ['count==0'] },
};
export default function () {
  const held = [];
  for (let i = 0; i < Number(__ENV.PER_VU); i++) {
    const c = mcp.connect(__ENV.MCP_URL, { newSession: true });
    c.callTool({ name: 'noop' });
    held.push(c);
  }
  sleep(Number(__ENV.HOLD));
}
`

// BenchmarkSessionsHeld holds 10,000 concurrent MCP sessions in one
// `mcpchaos run` (100 VUs x 100 sessions) and reports the client's and
// the server's memory per session: the RSS while all are held, less the
// same run holding one session per VU, over the 9,900 extra sessions.
func BenchmarkSessionsHeld(b *testing.B) {
	const vus, perVU = 100, 100
	dir := b.TempDir()
	bin := build(b, dir, "./cmd/mcpchaos", "mcpchaos")
	srvBin := build(b, dir, "./xk6-mcp/testdata/stdioserver", "noopserver")
	script := filepath.Join(dir, "hold.js")
	if err := os.WriteFile(script, []byte(holdScript), 0o644); err != nil {
		b.Fatal(err)
	}
	hold := func(per int) (client, server int64, took time.Duration) {
		srv := startNoopServer(b, srvBin) // a fresh server: its RSS is this run's
		serverBase, _ := processRSS(srv.PID)
		cmd := exec.Command(bin, "run", "-q", "-e", "MCP_URL="+srv.URL, "-e", fmt.Sprintf("VUS=%d", vus), "-e", fmt.Sprintf("PER_VU=%d", per), "-e", "HOLD=8", script)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		start := time.Now()
		if err := cmd.Start(); err != nil {
			b.Fatal(err)
		}
		// The peak while the sessions are held (opening them takes a few
		// seconds; sample until the run ends).
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		tick := time.NewTicker(500 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case err := <-done:
				if err != nil {
					b.Fatalf("mcpchaos run holding %d sessions: %v\n%s", vus*per, err, out.Bytes())
				}
				return client, server - serverBase, time.Since(start)
			case <-tick.C:
				if r, err := processRSS(cmd.Process.Pid); err == nil {
					client = max(client, r)
				}
				if r, err := processRSS(srv.PID); err == nil {
					server = max(server, r)
				}
			}
		}
	}
	c1, s1, _ := hold(1)
	cN, sN, took := hold(perVU)
	extra := float64(vus*perVU - vus)
	b.ReportMetric(float64(vus*perVU), "sessions")
	b.ReportMetric(float64(cN-c1)/extra/1024, "client-KiB/session")
	b.ReportMetric(float64(sN-s1)/extra/1024, "server-KiB/session")
	b.ReportMetric(mib(cN), "client-RSS-MiB")
	b.Logf("%d sessions held by %d VUs: mcpchaos run RSS %.0f MiB (%.0f MiB with one per VU), the server %.0f MiB more; opening, holding 8s and closing took %v",
		vus*perVU, vus, mib(cN), mib(c1), mib(sN), took.Round(time.Second))
}

// windowScript: VUS VUs loop one callTool each from the start (VU
// initialization and the sessions' handshakes come first) and count in
// measured_calls the calls that end inside the wall-clock window
// [START_AT, START_AT + WINDOW_MS), which the CPU measurement shares.
const windowScript = `import mcp from 'k6/x/mcp';
import { Counter } from 'k6/metrics';
const measured = new Counter('measured_calls');
const from = Number(__ENV.START_AT), to = from + Number(__ENV.WINDOW_MS);
export const options = {
  scenarios: { calls: { executor: 'constant-vus', vus: Number(__ENV.VUS), duration: __ENV.DURATION, gracefulStop: '0s' } },
  thresholds: { measured_calls: ['count>0'], mcp_request_errors: ['count==0'] },
};
const client = mcp.connect(__ENV.MCP_URL);
export default function () {
  client.callTool({ name: 'noop' });
  const now = Date.now();
  if (now >= from && now < to) measured.add(1);
}
`

// BenchmarkVUsVsPlainClient: calls/s of `mcpchaos run` (one callTool per
// iteration, a session per VU) at 200 and 2,000 VUs against a plain
// mcp-go loop with as many clients, in the same run against the same
// server, and the client's CPU per 1,000 calls/s (cores).
func BenchmarkVUsVsPlainClient(b *testing.B) {
	d := durationFromEnv(b)
	dir := b.TempDir()
	bin := build(b, dir, "./cmd/mcpchaos", "mcpchaos")
	srv := startNoopServer(b, build(b, dir, "./xk6-mcp/testdata/stdioserver", "noopserver"))
	scriptPath := filepath.Join(dir, "window.js")
	if err := os.WriteFile(scriptPath, []byte(windowScript), 0o644); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for _, n := range []int{200, 2000} {
		b.Run(fmt.Sprintf("vus=%d", n), func(b *testing.B) {
			// Room for initializing n VUs and their handshakes before the
			// measured window (2,000 VUs take several seconds here).
			settle := warmup + time.Duration(n)*5*time.Millisecond
			startAt := time.Now().Add(settle)
			res := mcpchaosRun(ctx, b, bin, scriptPath, srv, settle, d,
				"MCP_URL="+srv.URL, fmt.Sprintf("VUS=%d", n), "DURATION="+seconds(settle+d+time.Second),
				fmt.Sprintf("START_AT=%d", startAt.UnixMilli()), fmt.Sprintf("WINDOW_MS=%d", d.Milliseconds()))
			run := sample{rate: exportValue(b, res.summary, "measured_calls", "count") / d.Seconds(), clientCPU: res.cpu.client, server: res.cpu.server}
			plain := plainLoop(b, srv, n, warmup, d, false)
			traced := plainLoop(b, srv, n, warmup, d, true)
			for _, c := range []struct {
				name string
				s    sample
			}{{"run", run}, {"plain", plain}, {"traced", traced}} {
				client, server := c.s.perCall(d)
				b.ReportMetric(c.s.rate, c.name+"-calls/s")
				// µs of CPU per call x 1,000 calls/s = cores per 1,000 calls/s.
				b.ReportMetric(client/1000, c.name+"-cores/1000calls/s")
				b.Logf("%d VUs %-6s %6.0f calls/s  client CPU %5.1f us/call (%.3f cores per 1,000 calls/s), server %5.1f us/call",
					n, c.name, c.s.rate, client, client/1000, server)
			}
			b.ReportMetric(run.rate/plain.rate, "run/plain")
			b.ReportMetric(float64(res.maxRSS)/(1<<20), "run-peak-RSS-MiB")
		})
	}
}
