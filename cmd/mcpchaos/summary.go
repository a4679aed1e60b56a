package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

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
	wait          time.Duration
}

func newSummaryMergeCommand() *cobra.Command {
	var f summaryMergeFlags
	cmd := &cobra.Command{
		Use:   "merge PART.json|DIR...",
		Short: "Merge the summaries of the instances of one segmented test and judge its thresholds",
		Long: `Merge the mergeable summaries (mcpchaos run --summary-part FILE) that the
instances of one test wrote, each running its --execution-segment, into the
summary of the whole test, print it as run does, and evaluate the script's
thresholds on the merged aggregates.

Counts, rates, sums, min, max and avg merge exactly; trend percentiles merge
through the instances' sketches, within 1 % of the true value (exactly while
all instances together recorded at most 512 values). Gauges add up (vus of
the whole test is the instances' sum). Counter rates are per second of the
longest instance's duration. The parts' segments must cover 0:1 once. A
directory stands for every *.json file in it (a shared volume the instances
write to); --wait keeps reading until the parts are complete (a merge Job that
starts with the instances).

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
	fl.DurationVar(&f.wait, "wait", 0, "wait up to this long for the parts to be complete (every segment present and readable), re-reading every 2s")
	return cmd
}

// runSummaryMerge merges the parts, prints the summary and returns the
// thresholds' verdict as an exit code.
func runSummaryMerge(stdout io.Writer, args []string, f summaryMergeFlags) error {
	deadline := time.Now().Add(f.wait)
	m, err := mergeParts(args)
	for err != nil && time.Now().Before(deadline) {
		time.Sleep(min(2*time.Second, time.Until(deadline)))
		m, err = mergeParts(args)
	}
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

// mergeParts reads the parts (files, or every *.json summary part of a
// directory: other JSON files there are skipped) and merges them.
func mergeParts(args []string) (*summary.Merged, error) {
	var parts []summary.Part
	add := func(file string, inDir bool) error {
		b, err := os.ReadFile(file)
		if err != nil {
			return err
		}
		p, err := summary.DecodePart(file, b)
		if inDir && errors.Is(err, summary.ErrNotAPart) {
			return nil // another JSON file beside the parts (the merged export)
		}
		if err == nil {
			parts = append(parts, p)
		}
		return err
	}
	for _, a := range args {
		st, err := os.Stat(a)
		if err != nil || !st.IsDir() {
			if err := add(a, false); err != nil {
				return nil, err
			}
			continue
		}
		found, _ := filepath.Glob(filepath.Join(a, "*.json"))
		for _, f := range found {
			if err := add(f, true); err != nil {
				return nil, err
			}
		}
	}
	if len(parts) == 0 {
		return nil, fmt.Errorf("no summary parts in %s yet", strings.Join(args, ", "))
	}
	return summary.Merge(parts)
}
