package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/mcpchaos/mcpchaos/assertions"
	"github.com/mcpchaos/mcpchaos/config"
	runreport "github.com/mcpchaos/mcpchaos/report"
)

// timelinePad shows a little of the pipeline before the first fault and
// after the last result.
const timelinePad = 20 * time.Second

// writeReport collects the run's timeline from Prometheus into dir, then
// renders the report and prints its verdict (the error carries the
// verdict's exit code). A timeline that cannot be read is shown as such
// in the report; it does not change the verdict.
func writeReport(ctx context.Context, stdout io.Writer, dir string, cfg *config.Config) error {
	r, err := runreport.Load(dir)
	if err != nil {
		return err
	}
	from, to := r.Span()
	if !from.IsZero() {
		b, err := assertions.New(cfg.Backends, assertions.WithLookupEnv(os.LookupEnv))
		var tl runreport.Timeline
		if err == nil {
			tl, err = runreport.Collect(ctx, b.Prometheus, from.Add(-timelinePad), to.Add(timelinePad), 0)
		}
		if err != nil {
			fmt.Fprintf(stdout, "demo: the report has no timeline: %v\n", err)
		} else if err := runreport.SaveTimeline(dir, tl); err != nil {
			return err
		}
	}
	fmt.Fprintln(stdout)
	return runReport(stdout, dir)
}
