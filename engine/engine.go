package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/grafana/sobek"

	"github.com/mcpchaos/mcpchaos/config"
	"github.com/mcpchaos/mcpchaos/engine/executor"
	"github.com/mcpchaos/mcpchaos/engine/metrics"
	"github.com/mcpchaos/mcpchaos/engine/modules"
	"github.com/mcpchaos/mcpchaos/engine/summary"
	"github.com/mcpchaos/mcpchaos/engine/thresholds"
)

// Options configure one run.
type Options struct {
	// ScriptPath is the k6 script to run.
	ScriptPath string
	// Modules are the importable Go modules by import path ("k6",
	// "k6/metrics", "k6/x/mcp", ...).
	Modules map[string]modules.Module
	// Config is the parsed --config file; nil means config.Default().
	Config *config.Config
	// Env is __ENV: the process environment merged with -e flags.
	Env map[string]string
	// VUs, Duration and Iterations override the script's options as
	// k6's -u, -d and -i do; zero leaves them unset.
	VUs        int64
	Duration   time.Duration
	Iterations int64
	// Stages are -s/--stage ramping stages (a ramping-vus "default"
	// scenario, as k6's shortcut); nil leaves the script's.
	Stages []executor.Stage
	// LookupEnv finds the K6_* option variables (K6_VUS, K6_DURATION,
	// ...; EnvOptionNames lists them): they override the script's options
	// and are overridden by the fields above, k6's precedence. nil reads
	// none; cmd/mcpchaos passes os.LookupEnv.
	LookupEnv func(string) (string, bool)
	// SummaryTrendStats and SummaryTimeUnit override the script's
	// (--summary-trend-stats, --summary-time-unit).
	SummaryTrendStats []string
	SummaryTimeUnit   string
	// NoSummary skips the end-of-test summary: the text summary,
	// handleSummary and --summary-export (--junit is still written).
	NoSummary bool
	// NoThresholds runs without evaluating thresholds (--no-thresholds).
	NoThresholds bool
	// HTTPDebug is --http-debug: "" off, "headers" or "full" (bodies
	// too); k6/http reads it from modules.HTTPOptions.Debug.
	HTTPDebug string
	// RemoteModules configure imports from https:// URLs (fetch, cache,
	// --offline).
	RemoteModules RemoteModules
	// Tags are --tag run tags, added to every sample.
	Tags map[string]string
	// SummaryExport, JUnit: files to write (--summary-export, --junit).
	SummaryExport string
	JUnit         string
	// Outputs are --out specs such as "json=results.json".
	Outputs []string
	// OutputEnv is the process environment, where outputs read their K6_*
	// settings (K6_PROMETHEUS_RW_SERVER_URL, ...); nil is empty.
	OutputEnv map[string]string
	// Segment is this instance's execution segment (--execution-segment
	// in --execution-segment-sequence); nil runs the whole test.
	Segment *executor.Tuple
	// StartGate, when set, is called once the VUs are initialized, just
	// before the test starts: the instances of a segmented test wait there
	// for each other (--start-barrier). An error ends the run (104).
	StartGate func(ctx context.Context) error
	// PartOnly: this run is one part of a segmented test, judged by
	// `mcpchaos summary merge`: its own thresholds (on its part of the
	// data) are reported but do not set exit 99; abortOnFail still stops
	// it with 99 (--part-only).
	PartOnly bool
	// MaxRPS caps the requests per second k6/http and k6/x/mcp send
	// across all VUs (--max-rps, k6's rps); 0 does not limit.
	MaxRPS float64
	// SummaryPart is where to write the mergeable summary for
	// `mcpchaos summary merge` (--summary-part); "" writes none.
	SummaryPart string
	// InsecureSkipTLSVerify and UserAgent override the script's k6/http
	// options (--insecure-skip-tls-verify, --user-agent); nil UserAgent
	// leaves the script's.
	InsecureSkipTLSVerify bool
	UserAgent             *string
	// Quiet hides the progress line; NoColor disables colors.
	Quiet   bool
	NoColor bool
	// Stdout and Stderr default to the process's.
	Stdout, Stderr io.Writer
	// StdoutTTY and StderrTTY say whether they are terminals (the
	// progress line needs StderrTTY).
	StdoutTTY, StderrTTY bool
	// Logger receives console output and run messages; default: text on
	// Stderr.
	Logger *slog.Logger
}

// Result is the outcome of a run.
type Result struct {
	// ExitCode is the process exit code (k6's codes, exitcodes.go).
	ExitCode int
	// Summary is the handleSummary data object.
	Summary map[string]any
	// Elapsed is how long the test ran (setup to teardown).
	Elapsed time.Duration
}

// Engine is a loaded script ready to run once.
type Engine struct {
	opts       Options
	run        *runEnv
	initVU     *vu
	options    *scriptOptions
	scenarios  []*scenarioRun
	thresholds *thresholds.Set

	hardCtx    context.Context // ends on Abort: interrupts teardown too
	hardCancel context.CancelFunc
	ran        atomic.Bool
	closeOnce  sync.Once
	closeErr   error
	endOnce    sync.Once
	endErr     error
}

// runEnv is what all VUs of a run share.
type runEnv struct {
	initEnv         *modules.InitEnv
	loader          *loader
	main            *sobek.SourceTextModuleRecord
	root            *summary.Group
	logger          *slog.Logger
	pool            *pool
	agg             *aggregator
	setupJSON       string
	minIterDuration time.Duration
	optionsJSON     json.RawMessage
	start           atomic.Int64           // unix nanos of the test start
	abort           func(error)            // ends the run with a cause
	failed          atomic.Pointer[string] // exec.test.fail()'s first message
	initVU          *vu
}

// New loads the script, runs its init code once to read the options and
// validates them. Errors carry exit codes (*Error): 104 for invalid
// options, 107 for script errors, 105 when ctx ends while init code runs
// (it is interrupted). On error nothing is left open; otherwise the
// caller calls Close (Run also closes what it ran).
func New(ctx context.Context, opts Options) (*Engine, error) {
	opts = withDefaults(opts)
	abs, err := filepath.Abs(opts.ScriptPath)
	if err != nil {
		return nil, &Error{Code: ExitScriptException, Err: fmt.Errorf("script path %q: %w", opts.ScriptPath, err)}
	}
	if _, err := os.Stat(abs); err != nil {
		return nil, &Error{Code: ExitScriptException, Err: fmt.Errorf("script %s not found: give the path of a .js file", opts.ScriptPath)}
	}
	rem, err := newRemote(opts.RemoteModules)
	if err != nil {
		return nil, err
	}
	reg := metrics.NewRegistry()
	builtin, err := metrics.RegisterBuiltins(reg)
	if err != nil {
		return nil, err
	}
	run := &runEnv{
		initEnv: &modules.InitEnv{
			Registry: reg, Builtin: builtin, Config: opts.Config, Logger: opts.Logger,
			FS: os.DirFS(filepath.Dir(abs)), ScriptPath: abs, Env: maps.Clone(opts.Env),
			Tags: metrics.NewTagSet(opts.Tags), RPS: modules.NewLimiter(opts.MaxRPS),
		},
		loader: newLoader(abs, opts.Modules, rem),
		root:   summary.NewRootGroup(),
		logger: opts.Logger,
		abort:  func(error) {},
	}
	run.pool = &pool{run: run}
	e := &Engine{opts: opts, run: run}
	e.hardCtx, e.hardCancel = context.WithCancel(context.Background())
	if err := e.load(ctx); err != nil {
		return nil, errors.Join(err, e.Close())
	}
	return e, nil
}

// Close releases what New opened when Run never happened: the init VU's
// module closers run (sessions, files), then the modules' EndRun.
// Idempotent, safe after Run and on an Engine whose New failed half way.
func (e *Engine) Close() error {
	defer e.hardCancel()
	err := e.closeInitVU()
	return errors.Join(err, e.endRun())
}

// endRun calls EndRun of every module that has it, once, in import path
// order, and joins their verdicts. A Go panic in one is its error.
func (e *Engine) endRun() error {
	e.endOnce.Do(func() {
		var errs []error
		for _, spec := range sortedKeys(e.opts.Modules) {
			if m, ok := e.opts.Modules[spec].(modules.RunEnder); ok {
				errs = append(errs, endModule(spec, m))
			}
		}
		e.endErr = errors.Join(errs...)
	})
	return e.endErr
}

func endModule(spec string, m modules.RunEnder) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("module %q: ending the run: internal error: %v", spec, r)
		}
	}()
	return m.EndRun()
}

// closeInitVU runs the init VU's closers once.
func (e *Engine) closeInitVU() error {
	e.closeOnce.Do(func() {
		if e.initVU != nil {
			e.closeErr = e.initVU.close()
		}
	})
	return e.closeErr
}

func withDefaults(o Options) Options {
	if o.Stdout == nil {
		o.Stdout = os.Stdout
	}
	if o.Stderr == nil {
		o.Stderr = os.Stderr
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.NewTextHandler(o.Stderr, nil))
	}
	if o.Config == nil {
		o.Config = config.Default()
	}
	if o.Env == nil {
		o.Env = map[string]string{}
	}
	return o
}

// load compiles the script, runs the first VU's init code and reads the
// options, scenarios and thresholds.
func (e *Engine) load(ctx context.Context) error {
	run := e.run
	v := newVU(e.hardCtx, run, 0)
	e.initVU, run.initVU = v, v
	main, err := run.loader.compileMain(v)
	if err != nil {
		return err
	}
	run.main = main
	ictx := mergeDone(ctx, e.hardCtx)
	if err := v.evaluate(ictx); err != nil {
		if ctx.Err() != nil {
			return &Error{Code: ExitExternalAbort, Err: fmt.Errorf("init code interrupted: %w", context.Cause(ctx))}
		}
		return initError(0, err)
	}
	raw, err := v.exportedOptions()
	if err != nil {
		return err
	}
	so, ignored, err := parseOptions(raw)
	if err != nil {
		return err
	}
	for _, k := range ignored {
		run.logger.Warn(fmt.Sprintf("option %q is not supported by mcpchaos and is ignored", k))
	}
	cli, err := e.layerOptions(so)
	if err != nil {
		return err
	}
	cfgs, err := so.scenarioConfigs(cli, func(msg string) { run.logger.Warn(msg) })
	if err != nil {
		return err
	}
	errs := so.Validate(cfgs)
	errs = append(errs, v.checkExports(cfgs)...)
	set, err := thresholds.Build(run.initEnv.Registry, so.Thresholds)
	if err != nil {
		errs = append(errs, err)
	}
	if len(errs) > 0 {
		return &Error{Code: ExitInvalidConfig, Err: errors.Join(errs...)}
	}
	e.options, e.thresholds = so, set
	cfgs = executor.ApplySegment(cfgs, e.opts.Segment)
	run.minIterDuration = so.MinIterationDuration.D()
	run.initEnv.Tags = metrics.NewTagSet(so.Tags).Merge(metrics.NewTagSet(e.opts.Tags))
	run.initEnv.HTTP = so.httpOptions(e.opts)
	for _, c := range cfgs {
		b := c.Common()
		tags := run.initEnv.Tags.Merge(metrics.NewTagSet(b.Tags)).With("scenario", b.Name).With("group", "")
		e.scenarios = append(e.scenarios, &scenarioRun{cfg: c, exec: c.NewExecutor(), name: b.Name, fnName: b.ExecName(), tags: tags})
	}
	run.optionsJSON = consolidatedOptions(raw, cfgs)
	return nil
}

// exportedOptions returns `export const options` as JSON ("" when absent).
func (v *vu) exportedOptions() ([]byte, error) {
	val := v.ns.Get("options")
	if val == nil || sobek.IsUndefined(val) || sobek.IsNull(val) {
		return nil, nil
	}
	obj, ok := val.(*sobek.Object)
	if !ok {
		return nil, configError("options: export const options must be an object, got %s", val.String())
	}
	var (
		b   []byte
		err error
	)
	if ex := v.rt.Try(func() { b, err = obj.MarshalJSON() }); ex != nil {
		return nil, configError("options: cannot convert to JSON: %s", ex.Error())
	}
	if err != nil {
		return nil, configError("options: cannot convert to JSON: %v", err)
	}
	return b, nil
}

// checkExports reports scenarios whose exec is not an exported function.
func (v *vu) checkExports(cfgs []executor.Config) []error {
	var errs []error
	for _, c := range cfgs {
		b := c.Common()
		if _, ok := sobek.AssertFunction(v.ns.Get(b.ExecName())); ok {
			continue
		}
		if b.Exec == "" {
			errs = append(errs, fmt.Errorf("scenario %q: the script has no default export: add `export default function () { ... }` or set the scenario's exec to an exported function", b.Name))
			continue
		}
		errs = append(errs, fmt.Errorf("scenario %q: exec %q is not an exported function of the script", b.Name, b.Exec))
	}
	return errs
}

// consolidatedOptions is the script's options with the scenarios that
// will actually run (test.options in k6/execution).
func consolidatedOptions(raw []byte, cfgs []executor.Config) json.RawMessage {
	m := map[string]any{}
	if len(raw) > 0 {
		_ = json.Unmarshal(raw, &m)
	}
	for _, k := range []string{"vus", "duration", "iterations", "stages"} {
		delete(m, k)
	}
	sc := map[string]executor.Config{}
	for _, c := range cfgs {
		sc[c.Common().Name] = c
	}
	m["scenarios"] = sc
	b, _ := json.Marshal(m)
	return b
}

// Abort stops a run at once, without waiting for teardown: the second
// Ctrl-C. Safe to call at any time.
func (e *Engine) Abort() { e.hardCancel() }
