package bench

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/xk6-mcp/internal/testserver"
)

// repoRoot is the module root, two levels up from this package.
func repoRoot(t testing.TB) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// build compiles a main package of the module into dir.
func build(t testing.TB, dir, pkg, name string) string {
	t.Helper()
	out := filepath.Join(dir, name)
	cmd := exec.Command("go", "build", "-o", out, pkg)
	cmd.Dir = repoRoot(t)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build %s: %v\n%s", pkg, err, b)
	}
	return out
}

// noopServer is the benchmark's server process.
type noopServer = testserver.Process

// startNoopServer runs the test server's Streamable HTTP mode in its own
// process.
func startNoopServer(t testing.TB, bin string) noopServer { return testserver.RunProcess(t, bin) }

// runResult is what one `mcpchaos run` produced.
type runResult struct {
	summary string // path of the summary export
	maxRSS  int64  // bytes
	cpu     cpuUse // from the warm-up's end for the measured duration
}

// mcpchaosRun runs a script and returns its summary export, peak RSS and
// the CPU it and the server spent while measuring (the script's warm-up
// and measured scenario follow its init code, which is short).
func mcpchaosRun(ctx context.Context, t testing.TB, bin, script string, srv noopServer, warm, d time.Duration, env ...string) runResult {
	t.Helper()
	dir := t.TempDir()
	summary := filepath.Join(dir, "summary.json")
	args := []string{"run", "-q", "--summary-export", summary}
	for _, e := range env {
		args = append(args, "-e", e)
	}
	cmd := exec.CommandContext(ctx, bin, append(args, script)...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatalf("mcpchaos run %s: %v", script, err)
	}
	cpu := watchCPU(cmd.Process.Pid, srv.PID, warm, d)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("mcpchaos run %s: %v\n%s", script, err, out.Bytes())
	}
	rss := int64(0)
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok && runtime.GOOS == "linux" {
		rss = ru.Maxrss * 1024
	}
	return runResult{summary: summary, maxRSS: rss, cpu: <-cpu}
}

func durationFromEnv(t testing.TB) time.Duration {
	v := os.Getenv("MCPCHAOS_TEST_BENCH_DURATION")
	if v == "" {
		return 10 * time.Second
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		t.Fatalf("MCPCHAOS_TEST_BENCH_DURATION=%q: %v", v, err)
	}
	return d
}

func roundsFromEnv(t testing.TB) int {
	v := os.Getenv("MCPCHAOS_TEST_BENCH_ROUNDS")
	if v == "" {
		return 3
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		t.Fatalf("MCPCHAOS_TEST_BENCH_ROUNDS=%q: want a positive number", v)
	}
	return n
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func rounded(xs []float64) []int {
	out := make([]int, len(xs))
	for i, x := range xs {
		out[i] = int(x + 0.5)
	}
	return out
}

func seconds(d time.Duration) string { return fmt.Sprintf("%ds", int(d.Seconds())) }
