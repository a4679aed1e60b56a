package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mcpchaos/mcpchaos/engine"
)

// k6Flags are the k6 run flags beyond the basics of runFlags, named and
// shaped as k6's, plus the remote module cache's.
type k6Flags struct {
	stages            []string
	summaryTrendStats string
	summaryTimeUnit   string
	noSummary         bool
	noThresholds      bool
	httpDebug         string
	vusMax            int64
	linger            bool
	offline           bool
	moduleCache       string
	moduleCA          string
}

// addK6Flags registers the flags on run.
func addK6Flags(cmd *cobra.Command, f *k6Flags) {
	cmd.Long += "\n\nk6's option variables set options too, over the script's and under\nthe flags: " +
		strings.Join(append(engine.EnvOptionNames(), "K6_LINGER"), ", ") + "."
	fl := cmd.Flags()
	fl.StringArrayVarP(&f.stages, "stage", "s", nil, "ramp VUs in stages DURATION:TARGET, e.g. -s 30s:10 -s 10s:0 or -s 30s:10,10s:0 (overrides the script's execution options)")
	fl.StringVar(&f.summaryTrendStats, "summary-trend-stats", "", "trend stats in the summary, comma-separated, e.g. avg,min,med,max,p(95),p(99),count")
	fl.StringVar(&f.summaryTimeUnit, "summary-time-unit", "", "time unit of the summary's values: s, ms or us")
	fl.BoolVar(&f.noSummary, "no-summary", false, "no end-of-test summary: no text summary, no handleSummary, no --summary-export (--junit is still written)")
	fl.BoolVar(&f.noThresholds, "no-thresholds", false, "do not evaluate thresholds (no exit 99, no abortOnFail)")
	fl.StringVar(&f.httpDebug, "http-debug", "", "log k6/http requests and responses: --http-debug for headers, --http-debug=full for bodies too")
	fl.Lookup("http-debug").NoOptDefVal = "headers"
	fl.Int64Var(&f.vusMax, "vus-max", 0, "accepted for old k6 scripts; mcpchaos has no externally-controlled executor, so it has no effect")
	fl.BoolVarP(&f.linger, "linger", "l", false, "after the test ends (summary printed), wait for Ctrl-C before exiting")
	fl.BoolVar(&f.offline, "offline", false, "load remote modules (import ... from 'https://...') only from the module cache, never from the network")
	fl.StringVar(&f.moduleCache, "module-cache", "", "folder of the remote module cache (default $XDG_CACHE_HOME/mcpchaos/modules)")
	fl.StringVar(&f.moduleCA, "module-ca", "", "PEM file of a CA to trust for remote modules, besides the system's")
}

// flagError is run's answer to a flag it does not know or cannot parse:
// invalid config (104) with a pointer to the list of flags.
func flagError(_ *cobra.Command, err error) error {
	return &engine.Error{Code: engine.ExitInvalidConfig, Err: fmt.Errorf("%w (see mcpchaos run --help for the supported k6 flags)", err)}
}

// apply sets the flags' engine options; the environment's K6_* options
// reach the engine through lookup (flags win over them).
func (f k6Flags) apply(opts *engine.Options, lookup func(string) (string, bool), warn io.Writer) error {
	opts.LookupEnv = lookup
	for _, s := range f.stages {
		st, err := engine.ParseStages(s)
		if err != nil {
			return fmt.Errorf("--stage: %w", err)
		}
		opts.Stages = append(opts.Stages, st...)
	}
	for _, s := range strings.Split(f.summaryTrendStats, ",") {
		if s = strings.TrimSpace(s); s != "" {
			opts.SummaryTrendStats = append(opts.SummaryTrendStats, s)
		}
	}
	opts.SummaryTimeUnit = f.summaryTimeUnit
	opts.NoSummary, opts.NoThresholds = f.noSummary, f.noThresholds
	opts.HTTPDebug = f.httpDebug
	if f.vusMax > 0 {
		fmt.Fprintln(warn, "mcpchaos: warning: --vus-max has no effect: it sized k6's externally-controlled executor, which mcpchaos does not have; -u/--vus and the scenarios' maxVUs size the run")
	}
	opts.RemoteModules = engine.RemoteModules{Offline: f.offline, CacheDir: f.moduleCache, CAFile: f.moduleCA}
	if opts.RemoteModules.CacheDir == "" {
		if dir, err := os.UserCacheDir(); err == nil {
			opts.RemoteModules.CacheDir = filepath.Join(dir, "mcpchaos", "modules")
		}
	}
	return nil
}

// lingering reports whether the run waits for Ctrl-C after the test
// (--linger or K6_LINGER=true).
func (f k6Flags) lingering(lookup func(string) (string, bool)) bool {
	if f.linger || lookup == nil {
		return f.linger
	}
	v, _ := lookup("K6_LINGER")
	return v == "true" || v == "1"
}

// linger waits for ctx to end (the first Ctrl-C) after the test, as
// k6's --linger does; w gets the prompt.
func linger(ctx context.Context, w io.Writer) {
	if ctx.Err() != nil {
		return
	}
	fmt.Fprintln(w, "mcpchaos: --linger: the test has ended; press Ctrl-C to exit")
	<-ctx.Done()
}
