package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/mcpchaos/mcpchaos/engine"
	"github.com/mcpchaos/mcpchaos/engine/summary"
)

func newSummaryCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "summary",
		Short: "Work with the summaries of finished runs",
	}
	cmd.AddCommand(newSummaryMergeCommand())
	return cmd
}

// summaryMergeFlags are `summary merge`'s flags.
type summaryMergeFlags struct {
	summaryExport string
	junit         string
	noColor       bool
}

func newSummaryMergeCommand() *cobra.Command {
	var f summaryMergeFlags
	cmd := &cobra.Command{
		Use:   "merge PART.json...",
		Short: "Merge the summaries of the instances of one segmented test and judge its thresholds",
		Long: `Merge the mergeable summaries (mcpchaos run --summary-part FILE) that the
instances of one test wrote, each running its --execution-segment, into the
summary of the whole test, print it as run does, and evaluate the script's
thresholds on the merged aggregates.

Counts, rates, sums, min, max and avg merge exactly; trend percentiles merge
through the instances' sketches, within 1 % of the true value (exactly while
all instances together recorded at most 512 values). Gauges add up (vus of
the whole test is the instances' sum). Counter rates are per second of the
longest instance's duration. The parts' segments must cover 0:1 once.

Exit codes as k6's: 0 every threshold holds, 99 a threshold is crossed, 104
a part cannot be read, is not a summary part, or the parts do not make one
test.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runSummaryMerge(cmd.OutOrStdout(), args, f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.summaryExport, "summary-export", "", "also write the merged summary as k6's --summary-export JSON to FILE")
	fl.StringVar(&f.junit, "junit", "", "also write the merged thresholds and checks as JUnit XML to FILE")
	fl.BoolVar(&f.noColor, "no-color", false, "no colors in the output")
	return cmd
}

// runSummaryMerge merges the parts, prints the summary and returns the
// thresholds' verdict as an exit code.
func runSummaryMerge(stdout io.Writer, files []string, f summaryMergeFlags) error {
	parts := make([]summary.Part, 0, len(files))
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			return &engine.Error{Code: engine.ExitInvalidConfig, Err: fmt.Errorf("summary merge: %w", err)}
		}
		p, err := summary.DecodePart(file, b)
		if err != nil {
			return &engine.Error{Code: engine.ExitInvalidConfig, Err: fmt.Errorf("summary merge: %w", err)}
		}
		parts = append(parts, p)
	}
	m, err := summary.Merge(parts)
	if err != nil {
		return &engine.Error{Code: engine.ExitInvalidConfig, Err: fmt.Errorf("summary merge: %w", err)}
	}
	in := m.Input()
	in.Options.NoColor = f.noColor || !isTerminal(stdout)
	data := summary.Build(in)
	fmt.Fprint(stdout, summary.Text(data, in.Options))
	for _, out := range []struct {
		path, flag string
		render     func(map[string]any) ([]byte, error)
	}{{f.summaryExport, "--summary-export", summary.Export}, {f.junit, "--junit", summary.JUnit}} {
		if out.path == "" {
			continue
		}
		b, err := out.render(data)
		if err == nil {
			err = os.WriteFile(out.path, b, 0o644)
		}
		if err != nil {
			return &engine.Error{Code: engine.ExitGeneric, Err: fmt.Errorf("summary merge %s %s: %w", out.flag, out.path, err)}
		}
	}
	var failed []string
	for _, r := range m.Thresholds.Results() {
		if !r.OK {
			failed = append(failed, fmt.Sprintf("%s %q (observed %s=%g)", r.Metric, r.Expression, r.Aggregation, r.Value))
		}
	}
	if len(failed) > 0 {
		return &engine.Error{Code: engine.ExitThresholdsFailed, Err: fmt.Errorf("thresholds crossed on the merged test: %s", strings.Join(failed, "; "))}
	}
	return nil
}

// isTerminal reports whether w is a terminal (colors only there).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
