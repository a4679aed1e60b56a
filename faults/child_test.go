package faults_test

import (
	"bufio"
	"context"
	"fmt"
	"math/big"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/config"
	"github.com/mcpchaos/mcpchaos/faults"
	"github.com/mcpchaos/mcpchaos/stack/control"
)

// The SIGKILL test runs this test binary again as the runner to kill.
const (
	childEnv    = "MCPCHAOS_FAULTS_CHILD"        // the fault kind to inject
	childConfig = "MCPCHAOS_FAULTS_CHILD_CONFIG" // the stack's mcpchaos.yaml
	childTTL    = 3 * time.Second
)

// childSpecs are the faults the runner holds for five minutes when
// killed; each has something to put back.
var childSpecs = map[string]faults.Spec{
	"latency":    faults.Latency{Target: "downstream", Latency: d(time.Second), Duration: d(5 * time.Minute)},
	"http":       faults.Errors{Target: "downstream", Mode: faults.ModeHTTP, Duration: d(5 * time.Minute)},
	"stop":       faults.Stop{Target: "log-shipper", Duration: d(5 * time.Minute)},
	"tls_expiry": faults.TLSExpiry{Target: "mcp-server-tls", Duration: d(5 * time.Minute)},
	"oom_kill":   faults.OOMKill{Target: "mcp-server"}, // killed while it waits for the OOM
}

// runChild injects the fault its environment names, says so on stdout
// and waits to be killed.
func runChild() int {
	cfg, err := config.Load(os.Getenv(childConfig), nil)
	if err != nil {
		fmt.Println("ERROR", err)
		return 1
	}
	in, err := faults.New(cfg, faults.WithLeaseTTL(childTTL))
	if err != nil {
		fmt.Println("ERROR", err)
		return 1
	}
	h, err := in.Inject(context.Background(), childSpecs[os.Getenv(childEnv)])
	if err != nil {
		fmt.Println("ERROR", err)
		return 1
	}
	fmt.Println("EFFECTIVE", h.ID)
	select {}
}

// TestRunnerKilledFaultRevertedWithinTTL: a runner SIGKILLed while it
// holds a five-minute fault leaves it for at most the lease TTL (+2 s).
// 3 trials per kind here; MCPCHAOS_TEST_FULL=1 runs 20.
func TestRunnerKilledFaultRevertedWithinTTL(t *testing.T) {
	cfg := liveStack(t)
	trials := 3
	if os.Getenv("MCPCHAOS_TEST_FULL") == "1" {
		trials = 20
	}
	sup := supervisorOf(t, cfg)
	for _, kind := range []string{"latency", "http", "stop", "tls_expiry", "oom_kill"} {
		t.Run(kind, func(t *testing.T) {
			held, reverted := probesFor(t, cfg, sup, kind)
			var worst time.Duration
			for i := range trials {
				took := killMidFault(t, kind, live.st.State.ConfigFile, held, reverted)
				worst = max(worst, took)
				if took > childTTL+2*time.Second {
					t.Errorf("trial %d: the fault outlived its killed runner by %s (lease TTL %s)", i+1, took, childTTL)
				}
			}
			t.Logf("%s: %d of %d reverted after SIGKILL, slowest %s (TTL %s)", kind, trials, trials, worst.Round(time.Millisecond), childTTL)
		})
	}
}

// killMidFault starts a runner on the mcpchaos.yaml at config, waits
// until its fault holds, kills it and returns how long the fault stayed
// after the kill.
func killMidFault(t *testing.T, kind, config string, held, reverted func() error) time.Duration {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+kind, childConfig+"="+config)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	lines := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(out).ReadString('\n')
		lines <- line
	}()
	if kind == "oom_kill" { // killed while it waits for the OOM: the limit is the fault
		eventually(t, 20*time.Second, "the memory limit set", func() (bool, string) { err := held(); return err == nil, fmt.Sprint(err) })
	} else {
		select {
		case line := <-lines:
			if !strings.HasPrefix(line, "EFFECTIVE") {
				t.Fatalf("runner: %s", line)
			}
		case <-time.After(60 * time.Second):
			t.Fatal("the runner's fault did not take effect within 60s")
		}
	}
	if err := held(); err != nil {
		t.Fatalf("fault not in place before the kill: %v", err)
	}
	killed := time.Now()
	_ = cmd.Process.Signal(syscall.SIGKILL)
	eventually(t, childTTL+30*time.Second, kind+" reverted after SIGKILL", func() (bool, string) { err := reverted(); return err == nil, fmt.Sprint(err) })
	return time.Since(killed)
}

// probesFor returns checks that the kind's fault is in place, and gone.
func probesFor(t *testing.T, cfg *config.Config, sup *control.Client, kind string) (held, reverted func() error) {
	t.Helper()
	ctx := context.Background()
	comp := func(name string, ok func(control.Component) bool, what string) func() error {
		return func() error {
			c, err := sup.Component(ctx, name)
			if err == nil && !ok(c) {
				err = fmt.Errorf("%s: %s is %s, limit %d", what, name, c.State, c.MemoryLimitBytes)
			}
			return err
		}
	}
	switch kind {
	case "latency":
		has := func(want bool) func() error {
			return func() error {
				if n := len(toxics(t, cfg)); (n > 0) != want {
					return fmt.Errorf("%d toxics", n)
				}
				return nil
			}
		}
		return has(true), has(false)
	case "http":
		rate := func(want bool) func() error {
			return func() error {
				var b struct {
					ErrorRate float64 `json:"error_rate"`
				}
				getJSON(t, cfg.Faults.Targets["downstream"].BehaviourURL, &b)
				if (b.ErrorRate > 0) != want {
					return fmt.Errorf("error_rate %v", b.ErrorRate)
				}
				return nil
			}
		}
		return rate(true), rate(false)
	case "stop":
		return comp("otelcol", func(c control.Component) bool { return c.State == control.StateStopped }, "stopped"),
			comp("otelcol", func(c control.Component) bool { return c.State == control.StateRunning && c.Ready }, "running")
	case "oom_kill":
		return comp("mcp-server", func(c control.Component) bool { return c.MemoryLimitBytes != 0 }, "limited"),
			comp("mcp-server", func(c control.Component) bool { return c.MemoryLimitBytes == 0 }, "unlimited")
	case "tls_expiry":
		orig := servedSerial(t, cfg)
		serial := func(same bool) func() error {
			return func() error {
				if s := servedSerial(t, cfg); (s.Cmp(orig) == 0) != same {
					return fmt.Errorf("served serial %x (original %x)", s, orig)
				}
				return nil
			}
		}
		return serial(false), serial(true)
	}
	t.Fatalf("no probes for %s", kind)
	return nil, nil
}

func servedSerial(t *testing.T, cfg *config.Config) *big.Int {
	t.Helper()
	s, err := faults.ServedSerial(context.Background(), strings.Split(strings.TrimPrefix(cfg.MCP.URL, "https://"), "/")[0])
	if err != nil {
		t.Fatal(err)
	}
	return s
}
