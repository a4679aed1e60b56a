package supervisor

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/internal/poll"
	"github.com/mcpchaos/mcpchaos/stack/control"
	"github.com/mcpchaos/mcpchaos/stack/sweep"
)

// startSupervisorProcess runs the manifest in a separate supervisor process
// (the test binary running Main) with a watchdog, and waits until both
// components run and the spawner's grandchild exists.
func startSupervisorProcess(t *testing.T) (*exec.Cmd, Manifest, *control.Client) {
	t.Helper()
	spawner := childSpec(t, "spawner", "spawn")
	spawner.Cgroup = true
	m := testManifest(t, childSpec(t, "server", "serve"), spawner)
	m.Watchdog = []string{os.Args[0], watchdogArg}
	dir := t.TempDir()
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, ManifestFile), b, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), mainEnv+"="+dir, MarkerEnv+"="+m.Instance)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		_, _ = sweep.Kill(MarkerEnv, m.Instance)
	})
	c := control.NewClient("http://"+m.Listen, testToken)
	// supervisor, watchdog, server, spawner and its sleep
	awaitProcesses(t, m.Instance, 5)
	return cmd, m, c
}

func TestSIGKILLedSupervisorLeavesNoOrphans(t *testing.T) {
	t.Parallel()
	cmd, m, c := startSupervisorProcess(t)
	st, err := c.Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	awaitProcesses(t, m.Instance, 0)
	for _, comp := range st.Components {
		if comp.Cgroup == "" {
			continue
		}
		err := poll.Within(context.Background(), patience, 20*time.Millisecond, "removal of "+comp.Name+"'s cgroup", func(context.Context) (bool, error) {
			_, err := os.Stat(filepath.Dir(comp.Cgroup))
			return errors.Is(err, os.ErrNotExist), err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestSIGTERMStopsEverything(t *testing.T) {
	t.Parallel()
	cmd, m, _ := startSupervisorProcess(t)
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("supervisor exit: %v", err)
	}
	if ps, _ := sweep.Find(MarkerEnv, m.Instance); len(ps) != 0 {
		t.Fatalf("left behind after a graceful stop: %v", ps)
	}
}
