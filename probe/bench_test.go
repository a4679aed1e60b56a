package probe_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/server"

	"github.com/mcpchaos/mcpchaos/probe"
)

// helperEnv makes the test binary serve an MCP server instead of testing,
// so the benchmark's getrusage counts the probe's CPU and not the server's.
const helperEnv = "MCPCHAOS_PROBE_BENCH_SERVER"

func TestMain(m *testing.M) {
	if os.Getenv(helperEnv) == "1" {
		os.Exit(serveHelper())
	}
	os.Exit(m.Run())
}

// serveHelper serves Streamable HTTP on loopback, prints its address and
// stops when stdin closes.
func serveHelper() int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	srv := &http.Server{Handler: server.NewStreamableHTTPServer(newMCPServer()), ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(l) }()
	fmt.Println(l.Addr().String())
	_, _ = io.Copy(io.Discard, os.Stdin)
	_ = srv.Close()
	return 0
}

// startHelperServer runs serveHelper in a child process.
func startHelperServer(b *testing.B) string {
	b.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), helperEnv+"=1")
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		_ = stdin.Close()
		_ = cmd.Wait()
	})
	addr, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		b.Fatalf("helper server: %v", err)
	}
	return "http://" + addr[:len(addr)-1] + "/mcp"
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkProbe measures one full probe (initialize, tools/list, canary
// tools/call, session delete, fresh connection) against a server in another
// process. cpu-ms/op is the probe process's user+system CPU per probe; the
// target is at most 5 ms.
func BenchmarkProbe(b *testing.B) {
	target := startHelperServer(b)
	modules := map[string]probe.Module{"canary": {Steps: canary("echo", "^canary-ok$")}}
	p, err := probe.New(probe.Config{Modules: modules})
	if err != nil {
		b.Fatal(err)
	}
	for _, module := range []string{probe.DefaultModuleName, "canary"} {
		b.Run(module, func(b *testing.B) {
			ctx := context.Background()
			b.ReportAllocs()
			start := cpuTime()
			for b.Loop() {
				if res := p.Probe(ctx, target, module); !res.Success {
					b.Fatalf("probe failed: %v", res.Err)
				}
			}
			b.ReportMetric(float64(cpuTime()-start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
		})
	}
}
