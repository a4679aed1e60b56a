package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/mcpchaos/mcpchaos/fixtures"
	"github.com/mcpchaos/mcpchaos/scenarios"
	"github.com/mcpchaos/mcpchaos/stack"
)

// demoFlags are the demo's settings.
type demoFlags struct {
	reportDir string
	stackDir  string
	duration  string
	rate      string
}

func newDemoCommand() *cobra.Command {
	var f demoFlags
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "One-command demo: embedded stack up, scenarios against the reference server, report, stack down",
		Long: `Bring the embedded stack of real backends up (building missing backends
first: a cold install takes minutes), run the bundled scenarios against the
reference MCP server through toxiproxy, show where each call can be found
(Prometheus, Alertmanager, VictoriaLogs and Jaeger, with a traced call looked
up by its trace id), then take the stack down. The exit code is the
scenarios' (k6's codes: 0 passed, 99 thresholds crossed, ...). The summary
JSON and JUnit file are written to --report-dir.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runDemo(cmd.Context(), cmd.OutOrStdout(), cmd.ErrOrStderr(), f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.reportDir, "report-dir", "reports", "where the summary JSON, JUnit file and scenario copies go")
	fl.StringVar(&f.stackDir, "dir", "", "stack directory (default $"+envStackDir+" or .stack in the checkout)")
	fl.StringVar(&f.duration, "duration", "20s", "how long the smoke load runs")
	fl.StringVar(&f.rate, "rate", "20", "smoke iterations per second (each makes two tool calls)")
	return cmd
}

// runDemo owns the stack for its whole run: Down runs on every path,
// including errors and Ctrl-C.
func runDemo(ctx context.Context, stdout, stderr io.Writer, f demoFlags) (err error) {
	report, err := filepath.Abs(f.reportDir)
	if err != nil {
		return fmt.Errorf("report dir: %w", err)
	}
	if err := os.MkdirAll(report, 0o755); err != nil {
		return fmt.Errorf("report dir: %w", err)
	}
	script, err := scenarios.WriteTo(filepath.Join(report, "scenarios"), "smoke.js")
	if err != nil {
		return err
	}

	fmt.Fprintln(stderr, "demo: bringing the embedded stack up (missing backends are built first)")
	st, err := stack.Up(ctx, stack.Options{
		Dir:       stackDir(f.stackDir),
		Profile:   stack.ProfileFast,
		Progress:  stderr,
		Rules:     fixtures.PrometheusRules,
		LookupEnv: os.LookupEnv,
	})
	if st != nil {
		defer func() {
			fmt.Fprintln(stderr, "demo: taking the stack down")
			downCtx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			err = errors.Join(err, st.Down(downCtx))
		}()
	}
	if err != nil {
		return err
	}
	st.WriteSummary(stdout)

	fmt.Fprintf(stdout, "\ndemo: running %s for %s\n", "scenarios/smoke.js", f.duration)
	runErr := runScript(ctx, script, runFlags{
		configPath:    st.ConfigPath(),
		env:           []string{"SMOKE_DURATION=" + f.duration, "SMOKE_RATE=" + f.rate},
		summaryExport: filepath.Join(report, "smoke-summary.json"),
		junit:         filepath.Join(report, "smoke-junit.xml"),
		quiet:         true,
		warnings:      stderr,
	})

	fmt.Fprintln(stdout, "\ndemo: following one traced call through the pipeline")
	if lerr := showTracedCall(ctx, stdout, st); lerr != nil {
		fmt.Fprintf(stdout, "  could not follow a traced call: %v\n", lerr)
	}
	fmt.Fprintf(stdout, "\ndemo: reports in %s\n", report)
	return runErr
}
