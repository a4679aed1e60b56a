package faults_test

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/config"
	"github.com/mcpchaos/mcpchaos/faults"
	"github.com/mcpchaos/mcpchaos/fixtures"
	"github.com/mcpchaos/mcpchaos/internal/stacktest"
	"github.com/mcpchaos/mcpchaos/internal/testenv"
	"github.com/mcpchaos/mcpchaos/stack"
)

// live is the embedded stack the package's tests inject faults into, one
// for all of them: faults on one stack run one test at a time.
var live struct {
	st     *stack.Stack
	cfg    *config.Config
	cfgErr error
}

func TestMain(m *testing.M) {
	flag.Parse()
	if os.Getenv(childEnv) != "" {
		os.Exit(runChild())
	}
	os.Exit(withStack(m))
}

// withStack brings the stack up unless -short, runs the tests and
// brings it down, whatever they did.
func withStack(m *testing.M) int {
	if testing.Short() || os.Getenv("MCPCHAOS_TEST_NO_STACK") != "" {
		return m.Run()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	st, stop, err := stacktest.Up(ctx, stack.Options{Rules: fixtures.PrometheusRules, Cgroups: "required"})
	defer func() {
		if err := stop(); err != nil {
			fmt.Fprintln(os.Stderr, err)
		}
	}()
	if err != nil {
		live.cfgErr = err
		return m.Run()
	}
	live.st = st
	live.cfg, live.cfgErr = config.Load(st.State.ConfigFile, nil)
	code := m.Run()
	if code == 0 && live.cfgErr == nil {
		if err := downRevertsHeldFaults(ctx); err != nil {
			fmt.Fprintln(os.Stderr, "FAIL: stack down with faults held:", err)
			code = 1
		}
	}
	return code
}

// downRevertsHeldFaults injects faults and takes the stack down without
// reverting them: the supervisor must put the certificate back on its
// way down (toxics and behaviour die with their processes).
func downRevertsHeldFaults(ctx context.Context) error {
	t := live.cfg.Faults.Targets["mcp-server-tls"]
	orig, err := os.ReadFile(t.CertFile)
	if err != nil {
		return err
	}
	in, err := faults.New(live.cfg)
	if err != nil {
		return err
	}
	for _, s := range []faults.Spec{
		faults.TLSExpiry{Target: "mcp-server-tls", Duration: d(time.Hour)},
		faults.Latency{Target: "downstream", Latency: d(time.Second), Duration: d(time.Hour)},
	} {
		if _, err := in.Inject(ctx, s); err != nil {
			return err
		}
	}
	if err := live.st.Down(ctx); err != nil {
		return err
	}
	now, err := os.ReadFile(t.CertFile)
	if err != nil {
		return err
	}
	if !bytes.Equal(now, orig) {
		return fmt.Errorf("%s still holds the swapped certificate after stack down", t.CertFile)
	}
	return nil
}

// liveStack returns the running stack's config; without one the test
// fails in CI and skips elsewhere.
func liveStack(t *testing.T) *config.Config {
	t.Helper()
	if live.cfgErr != nil {
		t.Fatal(live.cfgErr)
	}
	if live.cfg == nil {
		testenv.Missing(t, "the embedded stack (the fault tests run on it; -short or MCPCHAOS_TEST_NO_STACK leave it out)", errors.New("not started"))
	}
	return live.cfg
}
