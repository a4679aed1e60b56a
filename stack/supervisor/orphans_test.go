package supervisor

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

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
	waitFor(t, 10*time.Second, "five processes", func() bool {
		ps, _ := sweep.Find(MarkerEnv, m.Instance)
		return len(ps) == 5
	})
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
	waitFor(t, 10*time.Second, "no process of the stack", func() bool {
		ps, _ := sweep.Find(MarkerEnv, m.Instance)
		return len(ps) == 0
	})
	for _, comp := range st.Components {
		if comp.Cgroup == "" {
			continue
		}
		waitFor(t, 5*time.Second, "cgroup removal", func() bool {
			_, err := os.Stat(filepath.Dir(comp.Cgroup))
			return os.IsNotExist(err)
		})
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
