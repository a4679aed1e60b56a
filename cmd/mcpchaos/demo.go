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

	"github.com/mcpchaos/mcpchaos/engine"
	"github.com/mcpchaos/mcpchaos/fixtures"
	"github.com/mcpchaos/mcpchaos/report"
	"github.com/mcpchaos/mcpchaos/scenarios"
	"github.com/mcpchaos/mcpchaos/stack"
)

// demoFlags are the demo's settings.
type demoFlags struct {
	reportDir string
	stackDir  string
	serverCmd string
	plainHTTP bool
	only      string
	mutation  string
}

func newDemoCommand() *cobra.Command {
	var f demoFlags
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "One-command demo: embedded stack up, the fault suite, the report, stack down",
		Long: `Bring the embedded stack of real backends up (building missing backends
first: a cold install takes minutes), run the fault suite (scenarios/suite.js:
a baseline, then a slow and a failing downstream, an OOM crash loop, an
expired and an expiring certificate and a log shipper outage, each judged
from Prometheus, Alertmanager, VictoriaLogs and Jaeger) against the reference
MCP server, or yours with --server-cmd, write the report and take the stack
down.

The report goes to --report-dir/<run>/: report.html, junit.xml, summary.md,
summary.json, events.jsonl (faults), assertions.jsonl and timeline.json.
The exit code is the verdict's: 0 pass, 99 an assertion failed, 120 something
could not be evaluated, 121 a fault could not be reverted.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runDemo(cmd.Context(), cmd.OutOrStdout(), cmd.ErrOrStderr(), f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.reportDir, "report-dir", "reports", "where each run's report directory goes")
	fl.StringVar(&f.stackDir, "dir", "", "stack directory (default $"+envStackDir+" or .stack in the checkout)")
	fl.StringVar(&f.serverCmd, "server-cmd", "", "run the suite against this MCP server instead of the reference server (a shell command line; see stack/CONTRACT.md)")
	fl.BoolVar(&f.plainHTTP, "plain-http", false, "serve MCP without TLS (the TLS phase is then left out)")
	fl.StringVar(&f.mutation, "mutation", "", "break one property of the reference server (MCP_TEST_DEFECT) and run the phase that must notice; the verdict should be a FAIL naming it (names: see mcpchaos demo --mutation list)")
	fl.StringVar(&f.only, "only", "", "run only these phases, comma-separated (baseline, downstreamLatency, downstreamErrors, oomKill, tlsExpiry, shipperOutage)")
	return cmd
}

// runDemo owns the stack for its whole run: Down runs on every path,
// including errors and Ctrl-C.
func runDemo(ctx context.Context, stdout, stderr io.Writer, f demoFlags) (err error) {
	base, err := filepath.Abs(f.reportDir)
	if err != nil {
		return fmt.Errorf("report dir: %w", err)
	}
	dir := filepath.Join(base, time.Now().Format("20060102-150405"))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("report dir: %w", err)
	}
	script, err := scenarios.WriteTo(filepath.Join(dir, "scenarios"), "suite.js")
	if err != nil {
		return err
	}
	// The report shows the mutation matrix as evidence of the verdicts.
	if err := os.WriteFile(filepath.Join(dir, report.MutationsFile), scenarios.MatrixEvidence(), 0o644); err != nil {
		return err
	}

	var mutations []string
	if f.mutation != "" {
		m, err := mutation(stdout, f)
		if err != nil || m == nil {
			return err
		}
		switch {
		case m.Stack:
			mutations = []string{m.Name}
		default:
			// The stack's processes inherit the environment: the
			// reference server reads its defect from it.
			if err := os.Setenv("MCP_TEST_DEFECT", m.Name); err != nil {
				return err
			}
		}
		if f.only == "" {
			f.only = m.Phase
		}
	}
	fmt.Fprintln(stderr, "demo: bringing the embedded stack up (missing backends are built first)")
	opts := stack.Options{
		Dir:       stackDir(f.stackDir),
		Profile:   stack.ProfileFast,
		Progress:  stderr,
		Rules:     fixtures.PrometheusRules,
		LogRules:  fixtures.LogAlertRules,
		LookupEnv: os.LookupEnv,
		PlainHTTP: f.plainHTTP,
		Mutations: mutations,
	}
	if f.serverCmd != "" {
		opts.ServerCmd = shellCommand(f.serverCmd)
	}
	st, err := stack.Up(ctx, opts)
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

	only := f.only
	if f.plainHTTP && only == "" {
		only = "baseline,downstreamLatency,downstreamErrors,oomKill,shipperOutage"
	}
	fmt.Fprintf(stdout, "\ndemo: running the fault suite (about four minutes); report in %s\n", dir)
	started := time.Now()
	stop := followRun(stdout, dir, started)
	runErr := runScript(ctx, script, runFlags{
		configPath:        st.ConfigPath(),
		env:               []string{"SUITE_ONLY=" + only},
		summaryExport:     filepath.Join(dir, "summary.json"),
		faultsEvents:      filepath.Join(dir, "events.jsonl"),
		assertionsResults: filepath.Join(dir, "assertions.jsonl"),
		quiet:             true,
		warnings:          stderr,
	})
	stop()
	fmt.Fprintf(stdout, "demo: the suite took %s\n", time.Since(started).Round(time.Second))
	cfg, cerr := loadConfig(st.ConfigPath(), stderr)
	if cerr != nil {
		return errors.Join(runErr, cerr)
	}
	return demoVerdict(runErr, writeReport(ctx, stdout, dir, cfg))
}

// demoVerdict is the worse of the run's outcome and the report's verdict:
// the report judges what the run wrote; the run knows how it ended (a
// script exception, an abort) even when its files look clean.
func demoVerdict(runErr, reportErr error) error {
	switch {
	case runErr == nil:
		return reportErr
	case reportErr == nil:
		return runErr
	}
	if engine.Outranks(codeOf(reportErr), codeOf(runErr)) {
		return reportErr
	}
	return runErr
}

// codeOf is the exit code err ends the process with.
func codeOf(err error) int {
	var ec exitCoder
	if errors.As(err, &ec) {
		return ec.ExitCode()
	}
	if err != nil {
		return 1
	}
	return 0
}
