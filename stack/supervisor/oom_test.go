package supervisor

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/stack/control"
)

func TestOOMKillIsClassifiedAndRestarted(t *testing.T) {
	t.Parallel()
	spec := childSpec(t, "server", "alloc")
	spec.Cgroup = true
	s, c := runSupervisor(t, testManifest(t, spec))
	if st := s.Status(); !strings.HasPrefix(st.Cgroups, "cgroup v") {
		t.Skipf("no writable cgroups here: %s", st.Cgroups)
	}
	ctx := context.Background()
	awaitComponent(t, c, "server", "memory use", func(st control.Component) bool { return st.MemoryUsageBytes > 8<<20 })
	// The limit must hold until the kernel kills, on a loaded machine too.
	l, err := c.Lease(ctx, control.LeaseRequest{
		Action: control.Action{Op: control.OpSetMemoryLimit, Component: "server", HeadroomBytes: 8 << 20},
		TTL:    control.Duration(5 * time.Second),
	})
	if err != nil {
		t.Fatal(err)
	}
	if l.Revert == nil || l.Revert.Op != control.OpClearMemoryLimit {
		t.Fatalf("lease revert %+v, want clear_memory_limit", l.Revert)
	}
	awaitComponent(t, c, "server", "an OOM kill and a restart", func(st control.Component) bool {
		return st.OOMKills >= 1 && st.Restarts >= 1
	})
	st := component(t, c, "server")
	if st.LastExit == nil || st.LastExit.Reason != control.ReasonOOMKill || st.LastExit.Code != 137 {
		t.Fatalf("last exit %+v, want oom_kill 137", st.LastExit)
	}
	awaitComponent(t, c, "server", "the lease to clear the limit", func(st control.Component) bool { return st.MemoryLimitBytes == 0 })
}

func TestMemoryLimitWithoutCgroupIsExplained(t *testing.T) {
	t.Parallel()
	_, c := runSupervisor(t, testManifest(t, childSpec(t, "probe", "serve")))
	_, err := c.Do(context.Background(), control.Action{Op: control.OpSetMemoryLimit, Component: "probe", Bytes: 1 << 20})
	if err == nil || !strings.Contains(err.Error(), "does not run in a cgroup") {
		t.Fatalf("err = %v, want an explanation", err)
	}
}
