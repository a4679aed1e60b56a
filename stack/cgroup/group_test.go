package cgroup

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/internal/poll"
)

// helperEnv makes the test binary act as a memory-hungry child.
const helperEnv = "MCPCHAOS_TEST_CGROUP_HELPER"

func TestMain(m *testing.M) {
	if os.Getenv(helperEnv) == "alloc" {
		var keep [][]byte
		for i := 0; i < 100; i++ {
			b := make([]byte, 4<<20)
			for j := 0; j < len(b); j += 4096 {
				b[j] = 1
			}
			keep = append(keep, b)
			time.Sleep(50 * time.Millisecond)
		}
		fmt.Println(len(keep))
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// liveTree makes a tree under the test's own cgroup or skips, saying why.
func liveTree(t *testing.T) *Tree {
	t.Helper()
	h, err := Detect()
	if err != nil {
		t.Skipf("no cgroups here: %v", err)
	}
	tree, err := NewTree(h, fmt.Sprintf("mcpchaos-test-%d", os.Getpid()))
	t.Cleanup(func() {
		if err := tree.Close(); err != nil {
			t.Errorf("close tree: %v", err)
		}
	})
	if err != nil {
		t.Skipf("cgroups not writable: %v", err)
	}
	return tree
}

func TestOOMKillIsCounted(t *testing.T) {
	tree := liveTree(t)
	g, err := tree.Group("server")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), helperEnv+"=alloc")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	if err := g.AddProc(cmd.Process.Pid); err != nil {
		t.Fatal(err)
	}
	var usage int64
	err = poll.Within(context.Background(), 30*time.Second, 20*time.Millisecond, "the helper's allocations in its group", func(context.Context) (bool, error) {
		var err error
		if usage, err = g.MemoryUsage(); err != nil {
			return false, err
		}
		return usage >= 8<<20, fmt.Errorf("usage %d bytes", usage)
	})
	if err != nil {
		t.Fatal(err)
	}
	// Just above usage: the next allocations exceed it.
	if err := g.SetMemoryLimit(usage + 1<<20); err != nil {
		t.Fatal(err)
	}
	if lim, ok, err := g.MemoryLimit(); err != nil || !ok || lim < usage {
		t.Fatalf("limit = %d %v %v", lim, ok, err)
	}
	err = cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		t.Fatalf("helper exited with %v, want an OOM kill", err)
	}
	ws := ee.Sys().(syscall.WaitStatus)
	if !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("helper status %v, want SIGKILL", ws)
	}
	n, err := g.OOMKills()
	if err != nil || n != 1 {
		t.Fatalf("oom kills = %d, %v; want 1", n, err)
	}
	if err := g.ClearMemoryLimit(); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := g.MemoryLimit(); ok {
		t.Fatal("limit still set after clear")
	}
}

func TestCloseKillsProcesses(t *testing.T) {
	tree := liveTree(t)
	g, err := tree.Group("shipper")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("sleep", "60")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	if err := g.AddProc(cmd.Process.Pid); err != nil {
		t.Fatal(err)
	}
	if err := tree.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("sleep survived the tree's Close")
	}
	if _, err := os.Stat(tree.Dir()); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("tree dir still there: %v", err)
	}
	if err := tree.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
}
