// Command mcpchaos is the one CLI of the harness: run scenarios, bring the
// embedded stack up and down, serve the synthetic probe, run the demo.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"
)

func main() {
	os.Exit(run())
}

// run builds the command tree, executes it and maps errors to exit codes.
func run() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	root := newRootCommand()
	err := root.ExecuteContext(ctx)
	if err == nil {
		return 0
	}
	var ec exitCoder
	if errors.As(err, &ec) {
		if msg := err.Error(); msg != "" {
			fmt.Fprintln(os.Stderr, "mcpchaos:", msg)
		}
		return ec.ExitCode()
	}
	fmt.Fprintln(os.Stderr, "mcpchaos:", err)
	return 1
}

// exitCoder is an error that carries the process exit code to use.
type exitCoder interface {
	error
	ExitCode() int
}

func newRootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:           "mcpchaos",
		Short:         "Chaos and load test harness for MCP servers and their observability pipeline",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.AddCommand(
		newVersionCommand(),
		newRunCommand(),
		newStackCommand(),
		newProbeCommand(),
		newDemoCommand(),
		newFixtureCommand(),
		newFaultsCommand(),
		newReportCommand(),
		newSummaryCommand(),
	)
	return root
}
