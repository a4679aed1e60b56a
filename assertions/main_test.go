package assertions_test

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/assertions"
	"github.com/mcpchaos/mcpchaos/config"
	"github.com/mcpchaos/mcpchaos/fixtures"
	"github.com/mcpchaos/mcpchaos/internal/stacktest"
	"github.com/mcpchaos/mcpchaos/internal/testenv"
	"github.com/mcpchaos/mcpchaos/stack"
)

// live is the embedded stack the package's tests assert against, one for
// all of them. Tests that make things happen on it (stop a component,
// make an alert fire) do not run in parallel with each other.
var live struct {
	st  *stack.Stack
	cfg *config.Config
	b   *assertions.Backends
	err error
}

// testAlert fires while the log shipper is stopped, after 2s, and keeps
// firing 3s after it is back: the tests make it fire with the stack's
// control API and see it resolve, keep_firing_for included.
const testAlert = "AssertionsTestShipperDown"

const testRules = `
  - name: assertions-test
    rules:
      - alert: ` + testAlert + `
        expr: mcpchaos_component_up{component="otelcol"} == 0
        for: 2s
        keep_firing_for: 3s
        labels:
          severity: test
        annotations:
          summary: the log shipper is stopped (assertions tests)
`

// rules are the reference rules plus the test group.
func rules(profile string) ([]byte, error) {
	b, err := fixtures.PrometheusRules(profile)
	if err != nil {
		return nil, err
	}
	return append(b, testRules...), nil
}

func TestMain(m *testing.M) {
	flag.Parse()
	os.Exit(withStack(m))
}

// withStack brings the stack up unless -short, runs the tests and brings
// it down, whatever they did.
func withStack(m *testing.M) int {
	if testing.Short() || os.Getenv("MCPCHAOS_TEST_NO_STACK") != "" {
		return m.Run()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	st, stop, err := stacktest.Up(ctx, stack.Options{Rules: rules})
	defer func() {
		if err := stop(); err != nil {
			fmt.Fprintln(os.Stderr, err)
		}
	}()
	if err != nil {
		live.err = err
		return m.Run()
	}
	live.st = st
	if live.cfg, live.err = config.Load(st.State.ConfigFile, nil); live.err == nil {
		live.b, live.err = assertions.New(live.cfg.Backends)
	}
	return m.Run()
}

// liveStack returns the running stack's backends; without a stack the
// test fails in CI and skips elsewhere.
func liveStack(t *testing.T) *assertions.Backends {
	t.Helper()
	if live.err != nil {
		t.Fatal(live.err)
	}
	if live.b == nil {
		testenv.Missing(t, "the embedded stack (the assertion tests run on it; -short or MCPCHAOS_TEST_NO_STACK leave it out)", errors.New("not started"))
	}
	return live.b
}
