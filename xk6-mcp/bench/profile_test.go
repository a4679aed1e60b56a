package bench

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"runtime/pprof"
	"testing"

	"github.com/mcpchaos/mcpchaos/engine"
	"github.com/mcpchaos/mcpchaos/engine/modules"
	"github.com/mcpchaos/mcpchaos/engine/modules/k6"
	xmcp "github.com/mcpchaos/mcpchaos/xk6-mcp"
)

// TestProfileRun runs the benchmark script on the engine in this process
// and writes a CPU profile, to see where a tight callTool loop spends its
// time: MCPCHAOS_TEST_BENCH_PROFILE=cpu.prof (MCPCHAOS_TEST_BENCH_VUS,
// default 200; MCPCHAOS_TEST_BENCH_ALLOCS=allocs.prof adds the
// allocation profile).
func TestProfileRun(t *testing.T) {
	out := os.Getenv("MCPCHAOS_TEST_BENCH_PROFILE")
	if out == "" {
		t.Skip("set MCPCHAOS_TEST_BENCH_PROFILE=cpu.prof to profile an in-process run")
	}
	dir := t.TempDir()
	server := build(t, dir, "./xk6-mcp/testdata/stdioserver", "noopserver")
	srv := startNoopServer(t, server)
	scriptPath := filepath.Join(dir, "calltool.js")
	if err := os.WriteFile(scriptPath, []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	vus := os.Getenv("MCPCHAOS_TEST_BENCH_VUS")
	if vus == "" {
		vus = "200"
	}
	e, err := engine.New(context.Background(), engine.Options{
		ScriptPath: scriptPath,
		Modules:    map[string]modules.Module{"k6": k6.New(), "k6/x/mcp": xmcp.New()},
		Env:        map[string]string{"MCP_URL": srv.URL, "VUS": vus, "DURATION": seconds(durationFromEnv(t)), "WARMUP": seconds(warmup)},
		Quiet:      true, Stdout: io.Discard,
		SummaryExport: filepath.Join(dir, "summary.json"),
	})
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := pprof.StartCPUProfile(f); err != nil {
		t.Fatal(err)
	}
	res, err := e.Run(context.Background())
	pprof.StopCPUProfile()
	if err != nil {
		t.Fatal(err)
	}
	if allocs := os.Getenv("MCPCHAOS_TEST_BENCH_ALLOCS"); allocs != "" {
		af, err := os.Create(allocs)
		if err != nil {
			t.Fatal(err)
		}
		defer af.Close()
		if err := pprof.Lookup("allocs").WriteTo(af, 0); err != nil {
			t.Fatal(err)
		}
	}
	count := measuredCalls(t, filepath.Join(dir, "summary.json"))
	t.Logf("exit code %d, %.0f calls/s measured", res.ExitCode, count/durationFromEnv(t).Seconds())
}
