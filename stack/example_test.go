package stack_test

import (
	"context"
	"fmt"
	"os"

	"github.com/mcpchaos/mcpchaos/fixtures"
	"github.com/mcpchaos/mcpchaos/stack"
	"github.com/mcpchaos/mcpchaos/stack/control"
)

// Bring the embedded stack up, point a run at its mcpchaos.yaml, inject a
// fault through the supervisor, and bring it down.
func ExampleUp() {
	ctx := context.Background()
	s, err := stack.Up(ctx, stack.Options{
		Profile:   stack.ProfileFast,
		Rules:     fixtures.PrometheusRules,
		Progress:  os.Stderr,
		LookupEnv: os.LookupEnv, // honour $MCPCHAOS_CACHE and $MCPCHAOS_BIN_<NAME> as the CLI does
	})
	defer s.Down(ctx) //nolint:errcheck // safe on a partial stack; report its error in real code
	if err != nil {
		fmt.Println(err)
		return
	}
	s.WriteSummary(os.Stdout)
	fmt.Println("mcpchaos run scenarios/smoke.js --config", s.ConfigPath())

	// Hold the log shipper stopped for 30s; the supervisor starts it again.
	_, err = s.Client().Lease(ctx, control.LeaseRequest{
		Action: control.Action{Op: control.OpStop, Component: "otelcol"},
		TTL:    control.Duration(30e9),
	})
	fmt.Println(err)
}
