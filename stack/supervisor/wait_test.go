package supervisor

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/internal/poll"
	"github.com/mcpchaos/mcpchaos/stack/control"
	"github.com/mcpchaos/mcpchaos/stack/sweep"
)

// patience bounds every wait of these tests. It is generous because two
// shared cores under -race are slow; a wait that succeeds returns as soon
// as its condition holds.
const patience = 30 * time.Second

// quiet is how long a component must keep still to show that nothing
// restarts it: four times the first restart backoff.
var quiet = 4 * newBackoff().initial

// brief describes a component's status in one line.
func brief(st control.Component) error {
	return fmt.Errorf("state %s, ready %v, pid %d, restarts %d, oom kills %d, memory %d of limit %d, last exit %+v",
		st.State, st.Ready, st.PID, st.Restarts, st.OOMKills, st.MemoryUsageBytes, st.MemoryLimitBytes, st.LastExit)
}

// awaitComponent polls name's status until cond accepts it, and returns
// that status.
func awaitComponent(t *testing.T, c *control.Client, name, what string, cond func(control.Component) bool) control.Component {
	t.Helper()
	var st control.Component
	err := poll.Within(context.Background(), patience, 20*time.Millisecond, name+": "+what, func(ctx context.Context) (bool, error) {
		var err error
		if st, err = c.Component(ctx, name); err != nil {
			return false, err
		}
		return cond(st), brief(st)
	})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// assertStays fails unless name's status satisfies cond throughout quiet.
func assertStays(t *testing.T, c *control.Client, name, what string, cond func(control.Component) bool) {
	t.Helper()
	var moved error
	err := poll.Within(context.Background(), quiet, 20*time.Millisecond, name+": a change", func(ctx context.Context) (bool, error) {
		st, err := c.Component(ctx, name)
		if err != nil {
			if ctx.Err() != nil {
				return false, nil // the window ended during the request
			}
			moved = err
			return true, nil
		}
		if !cond(st) {
			moved = brief(st)
			return true, nil
		}
		return false, nil
	})
	switch {
	case err == nil:
		t.Fatalf("%s should stay %s for %s, but: %v", name, what, quiet, moved)
	case !errors.Is(err, context.DeadlineExceeded):
		t.Fatal(err)
	}
}

// awaitProcesses polls until exactly n processes carry the instance's
// marker.
func awaitProcesses(t *testing.T, instance string, n int) {
	t.Helper()
	err := poll.Within(context.Background(), patience, 20*time.Millisecond, fmt.Sprintf("%d processes of the stack", n), func(context.Context) (bool, error) {
		ps, err := sweep.Find(MarkerEnv, instance)
		if err != nil {
			return false, err
		}
		return len(ps) == n, fmt.Errorf("%d processes: %v", len(ps), ps)
	})
	if err != nil {
		t.Fatal(err)
	}
}
