package assertions_test

import (
	"context"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/assertions"
	"github.com/mcpchaos/mcpchaos/config"
	"github.com/mcpchaos/mcpchaos/internal/poll"
	"github.com/mcpchaos/mcpchaos/internal/porttest"
	"github.com/mcpchaos/mcpchaos/stack/control"
)

// component stops or starts a stack component through the control API
// and waits until the supervisor says it is in that state.
func component(t *testing.T, name, op string) {
	t.Helper()
	c, err := control.NewClientFromFile(live.cfg.Faults.Supervisor.URL, live.cfg.Faults.Supervisor.TokenFile)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := c.Do(ctx, control.Action{Op: op, Component: name}); err != nil {
		t.Fatalf("%s %s: %v", op, name, err)
	}
	want := control.StateStopped
	if op == control.OpStart {
		want = control.StateRunning
	}
	err = poll.Within(ctx, 30*time.Second, 100*time.Millisecond, name+" "+op, func(ctx context.Context) (bool, error) {
		s, err := c.Component(ctx, name)
		if err != nil {
			return false, err
		}
		return s.State == want, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// unreachable is a Backends whose every backend refuses connections.
func unreachable(t *testing.T) *assertions.Backends {
	t.Helper()
	addr, c, err := porttest.Refusing()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	u := "http://" + addr
	e := config.Endpoint{URL: u}
	b, err := assertions.New(config.Backends{Prometheus: e, Alertmanager: e, Webhook: e, Logs: config.Endpoint{Kind: "victorialogs", URL: u}, Traces: config.Endpoint{Kind: "jaeger", URL: u}})
	if err != nil {
		t.Fatal(err)
	}
	return b
}
