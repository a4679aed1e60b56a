package stack

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/internal/poll"
	"github.com/mcpchaos/mcpchaos/stack/supervisor"
	"github.com/mcpchaos/mcpchaos/stack/sweep"
)

// fakeComponent answers HTTP on the port called port, as a stand-in for a
// real backend.
func fakeComponent(name, port string, cgroup bool) component {
	return component{
		Name: name,
		Files: func(p *plan) ([]file, error) {
			return []file{{Name: name + ".conf", Data: []byte(p.Addr(port) + "\n")}}, nil
		},
		Spec: func(p *plan) supervisor.Spec {
			s := baseSpec(p, name, p.Self)
			s.Env = []string{fakeEnv + "=1", fakeAddrEnv + "=" + p.Addr(port)}
			s.Ready = supervisor.Probe{HTTP: p.HTTP(port) + "/"}
			s.Cgroup = cgroup
			return s
		},
	}
}

func fakeComponents() []component {
	return []component{
		fakeComponent("prometheus", "prometheus.web", false),
		fakeComponent("otelcol", "otelcol.metrics", true),
		fakeComponent("mcp-server", "mcp-server.metrics", true),
	}
}

// upFake brings a stack of fakes up in a temporary directory and registers
// its Down and a check that nothing of it is left.
func upFake(t *testing.T, opts Options) *Stack {
	t.Helper()
	opts.Dir = t.TempDir()
	opts.Self = os.Args[0]
	opts.ReadyTimeout = 20 * time.Second
	s, err := up(context.Background(), opts, fakeComponents())
	downAtCleanup(t, s)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// downAtCleanup brings s down when the test ends and checks that nothing
// of it is left. s may be nil or partly up.
func downAtCleanup(t *testing.T, s *Stack) {
	t.Helper()
	t.Cleanup(func() {
		if err := s.Down(context.Background()); err != nil {
			t.Errorf("down: %v", err)
		}
		if s != nil {
			assertNothingLeft(t, s.State.Instance)
		}
	})
}

func assertNothingLeft(t *testing.T, instance string) {
	t.Helper()
	if left, _ := sweep.Find(supervisor.MarkerEnv, instance); len(left) > 0 {
		_, _ = sweep.Kill(supervisor.MarkerEnv, instance)
		t.Fatalf("processes left behind: %v", left)
	}
}

func TestUpStatusDown(t *testing.T) {
	t.Parallel()
	s := upFake(t, Options{})
	ctx := context.Background()
	dir := s.Dir()
	for _, f := range []string{stateFile, tokenFile, configFile, supervisor.ManifestFile, "configs/prometheus.conf", "tls/ca.pem", "tls/server.pem"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("missing %s: %v", f, err)
		}
	}
	if fi, err := os.Stat(filepath.Join(dir, tokenFile)); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("token file mode %v, %v; want 0600", fi.Mode(), err)
	}

	// Another process's view: Open from the directory.
	o, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	st, err := o.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Components) != 3 {
		t.Fatalf("status %+v", st)
	}
	for _, c := range st.Components {
		if !c.Ready || c.PID == 0 || len(c.Ports) == 0 {
			t.Errorf("component %+v not ready with a pid and ports", c)
		}
	}
	cfg, err := o.Config()
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Faults.Supervisor.URL != s.URLs().Supervisor || !strings.HasPrefix(cfg.MCP.URL, "https://127.0.0.1:") {
		t.Fatalf("mcpchaos.yaml: %+v", cfg)
	}
	if _, err := o.LogFile("prometheus"); err != nil {
		t.Fatal(err)
	}
	if _, err := o.LogFile("nope"); err == nil {
		t.Fatal("log of an unknown component")
	}

	if _, err := Up(ctx, Options{Dir: dir, Self: os.Args[0]}); !errors.Is(err, ErrAlreadyUp) {
		t.Fatalf("second up: %v, want ErrAlreadyUp", err)
	}
	if err := o.Down(ctx); err != nil {
		t.Fatal(err)
	}
	assertNothingLeft(t, s.State.Instance)
	if _, err := Open(dir); !errors.Is(err, ErrNotUp) {
		t.Fatalf("open after down: %v, want ErrNotUp", err)
	}
	if err := o.Down(ctx); err != nil {
		t.Fatalf("second down: %v", err)
	}
}

func TestKilledSupervisorTakesTheStackWithIt(t *testing.T) {
	t.Parallel()
	s := upFake(t, Options{})
	if err := syscall.Kill(s.State.SupervisorPID, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	err := poll.Within(context.Background(), 10*time.Second, 50*time.Millisecond, "no orphans after SIGKILL of the supervisor", func(context.Context) (bool, error) {
		left, err := sweep.Find(supervisor.MarkerEnv, s.State.Instance)
		if err != nil {
			return false, err
		}
		return len(left) == 0, fmt.Errorf("orphans %v", left)
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Status(context.Background()); !errors.Is(err, ErrNotRunning) {
		t.Fatalf("status of a dead stack: %v", err)
	}
}

func TestUpFailureNamesTheComponentAndCleansUp(t *testing.T) {
	t.Parallel()
	broken := component{
		Name: "jaeger",
		Spec: func(p *plan) supervisor.Spec {
			s := baseSpec(p, "jaeger", "/bin/sh", "-c", "echo config error: bad yaml >&2; exit 1")
			s.Ready = supervisor.Probe{HTTP: p.HTTP("jaeger.query") + "/"}
			return s
		},
	}
	dir := t.TempDir()
	s, err := up(context.Background(), Options{Dir: dir, Self: os.Args[0], ReadyTimeout: 2 * time.Second},
		append(fakeComponents(), broken))
	if !errors.Is(err, ErrNotReady) || !strings.Contains(err.Error(), "jaeger") || !strings.Contains(err.Error(), "bad yaml") {
		t.Fatalf("err = %v, want not ready naming jaeger and its log", err)
	}
	if s == nil {
		t.Fatal("no partial stack returned")
	}
	assertNothingLeft(t, s.State.Instance)
	if _, err := Open(dir); !errors.Is(err, ErrNotUp) {
		t.Fatalf("state left after a failed up: %v", err)
	}
}
