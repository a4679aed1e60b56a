package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	assertionsjs "github.com/mcpchaos/mcpchaos/assertions/js"
	"github.com/mcpchaos/mcpchaos/config"
	"github.com/mcpchaos/mcpchaos/engine"
	faultsjs "github.com/mcpchaos/mcpchaos/faults/js"
	"github.com/mcpchaos/mcpchaos/internal/duration"
)

// runFlags are `mcpchaos run`'s flags, named as k6 names them.
type runFlags struct {
	vus           int64
	duration      string
	iterations    int64
	env           []string
	tags          []string
	quiet         bool
	noColor       bool
	summaryExport string
	junit         string
	out           []string
	configPath    string
	insecure      bool
	userAgent     *string   // nil unless --user-agent was given
	warnings      io.Writer // where config warnings go; nil means os.Stderr
	faultsEvents  string
	watchdogDir   string
	// assertionsResults is k6/x/assertions' results file.
	assertionsResults string
	k6                k6Flags // run_k6flags.go
	// scale: execution segments and the summary part (run_segments.go),
	// and the safety flags for staging targets (run_safety.go).
	scale scaleFlags
}

func (f runFlags) stderr() io.Writer {
	if f.warnings == nil {
		return os.Stderr
	}
	return f.warnings
}

func newRunCommand() *cobra.Command {
	var f runFlags
	var userAgent string
	cmd := &cobra.Command{
		Use:   "run SCRIPT.js",
		Short: "Run a k6 scenario script",
		Long: `Run a k6 script on mcpchaos's k6-compatible engine. Exit codes as k6:
0 ok, 99 thresholds crossed, 104 invalid options or config, 105 stopped by a
signal, 107 script error, 108 aborted by the script, 110 marked failed by
exec.test.fail(). mcpchaos's own verdicts: 120 an assertion could not be
evaluated (backend unreachable, query rejected), 121 a fault could not be
reverted. Ctrl-C stops gracefully (teardown and summary still run);
a second Ctrl-C aborts at once. However the test ends, every fault still in
effect is reverted before the summary.

A load generator trades memory for CPU: unless GOGC or GOMEMLIMIT is set,
run collects garbage less often than Go's default (as GOGC=200), so
the heap may grow to about three times the live data between collections.
Set GOGC=100 for Go's default, or GOMEMLIMIT to cap the heap.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if cmd.Flags().Changed("user-agent") {
				f.userAgent = &userAgent
			}
			f.warnings = cmd.ErrOrStderr()
			return runScript(cmd.Context(), args[0], f)
		},
	}
	fl := cmd.Flags()
	fl.Int64VarP(&f.vus, "vus", "u", 0, "number of VUs (overrides the script's vus)")
	fl.StringVarP(&f.duration, "duration", "d", "", "test duration, e.g. 30s (overrides the script's execution options)")
	fl.Int64VarP(&f.iterations, "iterations", "i", 0, "total iterations shared by the VUs (overrides the script's execution options)")
	fl.StringArrayVarP(&f.env, "env", "e", nil, "add KEY=VALUE to __ENV (repeatable)")
	fl.StringArrayVar(&f.tags, "tag", nil, "add NAME=VALUE to every sample (repeatable)")
	fl.BoolVarP(&f.quiet, "quiet", "q", false, "no progress line")
	fl.BoolVar(&f.noColor, "no-color", false, "no colors in the output")
	fl.StringVar(&f.summaryExport, "summary-export", "", "write the end-of-test summary as JSON to FILE")
	fl.StringVar(&f.junit, "junit", "", "write thresholds and checks as JUnit XML to FILE")
	fl.StringArrayVarP(&f.out, "out", "o", nil, "send every sample to an output, e.g. json=results.json (repeatable)")
	fl.BoolVar(&f.insecure, "insecure-skip-tls-verify", false, "k6/http accepts any server certificate (overrides the script's insecureSkipTLSVerify)")
	fl.StringVar(&userAgent, "user-agent", "", "k6/http's User-Agent header; empty sends none (overrides the script's userAgent)")
	fl.StringVar(&f.faultsEvents, "faults-events", faultsjs.DefaultEventsFile, "write k6/x/faults' event log (JSON lines: inject, effective, reverted, ...) to FILE; only runs that inject a fault write it")
	addWatchdogDirFlag(cmd, "faults-watchdog-dir", &f.watchdogDir)
	fl.StringVar(&f.assertionsResults, "assertions-results", assertionsjs.DefaultResultsFile, "write k6/x/assertions' results (JSON lines: each expectation's verdict, query, last value, stages, fault id) to FILE; only runs that assert write it")
	fl.StringVar(&f.configPath, "config", "", "mcpchaos config file (YAML; default $"+envConfig+"; "+config.EnvPrefix+"<KEY> variables override)")
	addK6Flags(cmd, &f.k6)
	addScaleFlags(cmd, &f.scale)
	cmd.SetFlagErrorFunc(flagError)
	return cmd
}

// runScript builds the engine from the flags and runs it with k6's
// signal handling: the first signal stops gracefully, the second aborts.
func runScript(ctx context.Context, script string, f runFlags) error {
	defer tuneGC(os.LookupEnv)()
	opts, err := f.engineOptions(script)
	if err != nil {
		return &engine.Error{Code: engine.ExitInvalidConfig, Err: err}
	}
	e, err := engine.New(ctx, opts)
	if err != nil {
		return err
	}
	defer e.Close()
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	done := make(chan struct{})
	defer close(done)
	go func() {
		for n := 0; ; n++ {
			select {
			case <-sigs:
			case <-done:
				return
			}
			if n == 0 {
				fmt.Fprintln(os.Stderr, "\nstopping the test gracefully (teardown and summary still run); press Ctrl-C again to abort")
				stop()
				continue
			}
			fmt.Fprintln(os.Stderr, "aborting at once")
			e.Abort()
			return
		}
	}()
	_, err = e.Run(ctx)
	if f.k6.lingering(os.LookupEnv) {
		linger(ctx, f.stderr())
	}
	return err
}

// loadGCPercent is run's garbage collection target when the user set
// none: a tight loop of 200 VUs spent 9-11% of its CPU collecting at Go's
// default of 100, 5% at 200 and 3% at 400; 400 gained no calls/s over 200
// that we could measure but brought peak RSS to ~1 MiB per VU.
const loadGCPercent = 200

// tuneGC sets loadGCPercent unless GOGC or GOMEMLIMIT is set, and
// returns what undoes it.
func tuneGC(lookup func(string) (string, bool)) (restore func()) {
	_, gogc := lookup("GOGC")
	_, limit := lookup("GOMEMLIMIT")
	if gogc || limit {
		return func() {}
	}
	prev := debug.SetGCPercent(loadGCPercent)
	return func() { debug.SetGCPercent(prev) }
}

// engineOptions turns the flags into engine options.
func (f runFlags) engineOptions(script string) (engine.Options, error) {
	opts := engine.Options{
		ScriptPath:            script,
		Modules:               jsModules(moduleOptions{faultsEvents: f.faultsEvents, watchdogDir: orDefaultWatchdogDir(f.watchdogDir), assertionsResults: f.assertionsResults}),
		VUs:                   f.vus,
		Iterations:            f.iterations,
		Quiet:                 f.quiet,
		NoColor:               f.noColor,
		SummaryExport:         f.summaryExport,
		InsecureSkipTLSVerify: f.insecure,
		JUnit:                 f.junit,
		Outputs:               f.out,
		OutputEnv:             processEnv(),
		UserAgent:             f.userAgent,
		StdoutTTY:             term.IsTerminal(int(os.Stdout.Fd())),
		StderrTTY:             term.IsTerminal(int(os.Stderr.Fd())),
	}
	if f.duration != "" {
		d, err := duration.Parse(f.duration)
		if err != nil {
			return opts, fmt.Errorf("--duration: %w", err)
		}
		opts.Duration = d
	}
	env, err := pairs("--env", f.env)
	if err != nil {
		return opts, err
	}
	opts.Env = processEnv()
	for k, v := range env {
		opts.Env[k] = v
	}
	if opts.Tags, err = pairs("--tag", f.tags); err != nil {
		return opts, err
	}
	if opts.Config, err = loadConfig(f.configPath, f.stderr()); err != nil {
		return opts, err
	}
	if err := f.scale.apply(&opts); err != nil {
		return opts, err
	}
	if err := f.k6.apply(&opts, os.LookupEnv, f.stderr()); err != nil {
		return opts, err
	}
	return opts, nil
}

// pairs parses repeated KEY=VALUE flags.
func pairs(flag string, kvs []string) (map[string]string, error) {
	m := make(map[string]string, len(kvs))
	for _, kv := range kvs {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return nil, fmt.Errorf("%s %q: use KEY=VALUE", flag, kv)
		}
		m[k] = v
	}
	return m, nil
}

// processEnv is the process environment as a map (k6 includes it in
// __ENV by default).
func processEnv() map[string]string {
	m := map[string]string{}
	for _, kv := range os.Environ() {
		if k, v, ok := strings.Cut(kv, "="); ok {
			m[k] = v
		}
	}
	return m
}
