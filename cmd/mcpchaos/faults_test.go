package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/config"
	"github.com/mcpchaos/mcpchaos/faults/watchdog"
)

// TestFaultsEndToEnd runs k6/x/faults scripts through the built binary
// on the real embedded stack: a latency fault takes effect and ends,
// every way a test can end reverts what is still in effect, and without
// a supervisor the watchdog keeps the lease (and reverts it when the
// runner is SIGKILLed).
func TestFaultsEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end: builds mcpchaos and brings the embedded stack up")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	start := time.Now()
	dir := t.TempDir()
	bin := filepath.Join(dir, "mcpchaos")
	if out, err := exec.CommandContext(ctx, "go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	stackDir := filepath.Join(dir, "stack")
	t.Cleanup(func() {
		if out, err := exec.Command(bin, "stack", "down", "--dir", stackDir).CombinedOutput(); err != nil {
			t.Errorf("stack down: %v\n%s", err, out)
		}
	})
	if out, err := exec.CommandContext(ctx, bin, "stack", "up", "--dir", stackDir).CombinedOutput(); err != nil {
		t.Fatalf("stack up: %v\n%s", err, out)
	}
	t.Logf("timing: build and stack up %s", time.Since(start).Round(time.Millisecond))
	cfgPath := filepath.Join(stackDir, "mcpchaos.yaml")
	cfg, err := config.Load(cfgPath, nil)
	if err != nil {
		t.Fatal(err)
	}
	r := &runner{t: t, bin: bin, dir: dir, toxiproxy: cfg.Faults.Toxiproxy.URL}

	t.Run("latency takes effect, ends and is reverted", func(t *testing.T) {
		res := r.run(ctx, t, cfgPath, "faults_latency.js")
		if res.code != 0 {
			t.Fatalf("exit %d, want 0 (every check passed)\n%s", res.code, res.stderr)
		}
		for _, line := range strings.Split(res.stderr, "\n") {
			if strings.Contains(line, "timings ") {
				t.Log(line)
			}
		}
		r.reverted(t, res, []string{"inject", "effective", "revert", "reverted"})
	})
	for _, tc := range []struct {
		end  string
		code int
	}{{"throw", 107}, {"abort", 108}} {
		t.Run("a 60s fault is reverted when the script ends with "+tc.end, func(t *testing.T) {
			res := r.run(ctx, t, cfgPath, "faults_end.js", "-e", "END="+tc.end)
			if res.code != tc.code {
				t.Fatalf("exit %d, want %d\n%s", res.code, tc.code, res.stderr)
			}
			if res.took > 20*time.Second {
				t.Errorf("the run took %s: the end must not wait for the fault's 60s", res.took)
			}
			r.reverted(t, res, []string{"inject", "effective", "revert", "reverted"})
		})
	}
	t.Run("a 60s fault is reverted on Ctrl-C", func(t *testing.T) {
		p := r.start(ctx, t, cfgPath, "faults_end.js", "-e", "END=sleep")
		p.waitEvent(t, "effective")
		if err := p.cmd.Process.Signal(os.Interrupt); err != nil {
			t.Fatal(err)
		}
		res := p.wait()
		if res.code != 105 {
			t.Fatalf("exit %d, want 105\n%s", res.code, res.stderr)
		}
		r.reverted(t, res, []string{"inject", "effective", "revert", "reverted"})
	})
	t.Run("without a supervisor the watchdog keeps the lease, and reverts it when the runner is killed", func(t *testing.T) {
		wdCfg := *cfg
		wdCfg.Faults.Supervisor = config.Supervisor{}
		wdCfg.Faults.LeaseTTL = 2 * time.Second
		path := filepath.Join(dir, "no-supervisor.yaml")
		b, err := config.Marshal(&wdCfg)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		wd := filepath.Join(dir, "watchdog")
		t.Cleanup(func() { _, _ = watchdog.Stop(context.Background(), wd) })
		p := r.start(ctx, t, path, "faults_end.js", "-e", "END=sleep", "--faults-watchdog-dir", wd)
		p.waitEvent(t, "effective")
		list := r.cli(ctx, t, "faults", "list", "--config", path, "--watchdog-dir", wd)
		if !strings.Contains(list, "watchdog") || !strings.Contains(list, "-latency") {
			t.Errorf("faults list does not show the watchdog's lease:\n%s", list)
		}
		killed := time.Now()
		if err := p.cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		p.wait()
		deadline := killed.Add(8 * time.Second)
		for len(r.toxics(t)) > 0 {
			if time.Now().After(deadline) {
				t.Fatalf("toxics %v 8s after the runner was killed (lease TTL 2s)", r.toxics(t))
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Logf("timing: the watchdog reverted the killed runner's fault after %s", time.Since(killed).Round(time.Millisecond))
		out := r.cli(ctx, t, "faults", "revert", "--all", "--config", path, "--watchdog-dir", wd)
		if !strings.Contains(out, "stopped the fault watchdog") {
			t.Errorf("faults revert --all did not stop the watchdog:\n%s", out)
		}
		if _, _, err := watchdog.Open(ctx, wd); !errors.Is(err, watchdog.ErrNotRunning) {
			t.Errorf("watchdog after faults revert --all: %v", err)
		}
	})
	t.Logf("timing: whole test %s", time.Since(start).Round(time.Millisecond))
}

// runner runs the built binary against the stack.
type runner struct {
	t         *testing.T
	bin, dir  string
	toxiproxy string
	n         int
}

type result struct {
	code   int
	stderr string
	events string // event log path
	took   time.Duration
}

type process struct {
	cmd    *exec.Cmd
	stderr *bytes.Buffer
	events string
	began  time.Time
}

// start runs `mcpchaos run` on script with its own event log.
func (r *runner) start(ctx context.Context, t *testing.T, cfgPath, script string, args ...string) *process {
	t.Helper()
	r.n++
	events := filepath.Join(r.dir, "events-"+strings.TrimSuffix(script, ".js")+"-"+string(rune('a'+r.n))+".jsonl")
	argv := append([]string{"run", "-q", "--config", cfgPath, "--faults-events", events}, args...)
	cmd := exec.CommandContext(ctx, r.bin, append(argv, filepath.Join("testdata", script))...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &process{cmd: cmd, stderr: &stderr, events: events, began: time.Now()}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	})
	return p
}

func (r *runner) run(ctx context.Context, t *testing.T, cfgPath, script string, args ...string) result {
	t.Helper()
	return r.start(ctx, t, cfgPath, script, args...).wait()
}

func (p *process) wait() result {
	err := p.cmd.Wait()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		code = -1
	}
	return result{code: code, stderr: p.stderr.String(), events: p.events, took: time.Since(p.began)}
}

// waitEvent waits until the event log has an event named name.
func (p *process) waitEvent(t *testing.T, name string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !slices.Contains(eventNames(t, p.events), name) {
		if time.Now().After(deadline) {
			t.Fatalf("no %s event within 20s\n%s", name, p.stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// cli runs another mcpchaos command and returns its output.
func (r *runner) cli(ctx context.Context, t *testing.T, args ...string) string {
	t.Helper()
	out, err := exec.CommandContext(ctx, r.bin, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("mcpchaos %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// reverted checks the run's event log and that no toxic is left.
func (r *runner) reverted(t *testing.T, res result, want []string) {
	t.Helper()
	if got := eventNames(t, res.events); !slices.Equal(got, want) {
		t.Errorf("events %q, want %q\n%s", got, want, res.stderr)
	}
	if ts := r.toxics(t); len(ts) != 0 {
		t.Errorf("toxics left on the downstream proxy: %v", ts)
	}
}

// toxics lists the downstream proxy's toxics.
func (r *runner) toxics(t *testing.T) []any {
	t.Helper()
	resp, err := http.Get(r.toxiproxy + "/proxies/downstream/toxics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var ts []any
	if err := json.NewDecoder(resp.Body).Decode(&ts); err != nil || ts == nil {
		t.Fatalf("toxics: %v (%v)", err, ts)
	}
	return ts
}

// eventNames are the event names of an event log, renewals left out
// (how many there are is timing).
func eventNames(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var e struct{ Event string }
		if json.Unmarshal([]byte(line), &e) == nil && e.Event != "renew" {
			names = append(names, e.Event)
		}
	}
	return names
}
