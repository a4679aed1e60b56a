package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	runreport "github.com/mcpchaos/mcpchaos/report"
)

func newReportCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "report DIR",
		Short: "Re-render a finished run's report from its JSON and print the verdict",
		Long: `Read a run directory — summary.json (mcpchaos run --summary-export),
events.jsonl (the fault event log), assertions.jsonl (the assertion results),
and timeline.json and mutations.json when present — and write report.html,
junit.xml, summary.md and verdict.json into it, without asking any backend.

The verdict line goes to stdout, followed by what keeps the run from passing,
and the exit code is the verdict's: 0 pass, 99 an assertion failed or a
threshold was crossed, 120 something could not be evaluated (a backend down, a
fault that never took effect, an input missing), 121 a fault was not reverted.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runReport(cmd.OutOrStdout(), args[0])
		},
	}
}

// runReport renders dir and prints its verdict; the error carries the
// verdict's exit code.
func runReport(stdout io.Writer, dir string) error {
	r, err := runreport.Load(dir)
	if err != nil {
		return err
	}
	if err := r.Write(dir); err != nil {
		return err
	}
	fmt.Fprintln(stdout, r.Line())
	for _, x := range r.Reasons() {
		fmt.Fprintf(stdout, "  - %s\n", x.Text)
	}
	fmt.Fprintf(stdout, "report: %s\n", runreport.HTMLFile)
	if code := r.Verdict().ExitCode(); code != 0 {
		return verdictExit(code)
	}
	return nil
}

// verdictExit ends the command with the verdict's exit code; the verdict
// is already printed, so its message is empty.
type verdictExit int

func (verdictExit) Error() string   { return "" }
func (v verdictExit) ExitCode() int { return int(v) }

var _ exitCoder = verdictExit(0)
