package modules

import (
	"context"
	"io/fs"
	"log/slog"

	"github.com/grafana/sobek"

	"github.com/mcpchaos/mcpchaos/config"
	"github.com/mcpchaos/mcpchaos/engine/metrics"
)

// Module is registered once per run under an import path.
type Module interface {
	// NewInstance is called once per VU (and once for the init VU that
	// reads options), on the VU's goroutine, while its init code runs.
	NewInstance(vu VU) (Instance, error)
}

// Instance is a module bound to one VU.
type Instance interface {
	Exports() Exports
}

// Exports are a module's ES exports: Named become `import { x }`, Default
// becomes `import m from`. When Default is nil, the default export is an
// object holding the Named exports, as k6 does.
type Exports struct {
	Default any
	Named   map[string]any
}

// VU is what a module instance sees of the virtual user it belongs to.
type VU interface {
	// Runtime is the VU's own JavaScript runtime; use it only on the VU's
	// goroutine (inside calls from JS).
	Runtime() *sobek.Runtime
	// Context is cancelled when the VU must stop (end of its scenario,
	// test end, abort). Blocking calls must honour it.
	Context() context.Context
	// InitEnv holds run-wide facilities; available at all times.
	InitEnv() *InitEnv
	// State is nil during init code, and describes the running iteration
	// otherwise.
	State() *State
	// OnClose registers fn to run when the VU ends (after teardown for the
	// VU that runs it); use it to close sessions and connections.
	OnClose(fn func() error)
}

// InitEnv holds what is shared by all VUs of a run.
type InitEnv struct {
	Registry *metrics.Registry
	Builtin  *metrics.Builtin
	// Config is the parsed --config file (never nil: defaults when no file).
	Config *config.Config
	Logger *slog.Logger
	// FS reads files relative to the script's folder (open()).
	FS fs.FS
	// ScriptPath is the absolute path of the main script.
	ScriptPath string
	// Env is __ENV: process environment merged with -e flags.
	Env map[string]string
	// Tags are the run-wide tags (--tag and options.tags).
	Tags *metrics.TagSet
	// HTTP are the script's k6 HTTP options. They are set once the
	// options are read, after the first VU's init code and before any
	// iteration: read them when a request is made, not in init.
	HTTP HTTPOptions
	// RPS paces every request k6/http and k6/x/mcp send (--max-rps);
	// nil does not limit.
	RPS *Limiter
}

// HTTPOptions are k6's run-wide HTTP options (options and flags).
type HTTPOptions struct {
	// InsecureSkipTLSVerify accepts any server certificate.
	InsecureSkipTLSVerify bool
	// UserAgent is sent when a request sets none: nil for the module's
	// default, "" for no User-Agent header at all.
	UserAgent *string
	// MaxRedirects is the default of params.redirects (nil: 10).
	MaxRedirects *int64
	// DiscardResponseBodies makes responseType "none" the default.
	DiscardResponseBodies bool
	// The options below are k6's too (httpoptions.go validates them);
	// unset, they stay out of the JSON form.
	Throw               bool              `json:",omitempty"`
	NoConnectionReuse   bool              `json:",omitempty"`
	NoVUConnectionReuse bool              `json:",omitempty"`
	NoCookiesReset      bool              `json:",omitempty"`
	Batch               *int64            `json:",omitempty"`
	BatchPerHost        *int64            `json:",omitempty"`
	Hosts               map[string]string `json:",omitempty"`
	// Debug is --http-debug: "" off, "headers" (requests and responses
	// without bodies) or "full"; DebugTransport implements it, logging on
	// DebugLogger (the run's logger).
	Debug       string       `json:",omitempty"`
	DebugLogger *slog.Logger `json:"-"`
}

// State is the VU's state while it runs iterations.
type State struct {
	// VUID is the VU's global number (1-based, __VU).
	VUID uint64
	// VUIDInScenario is the VU's number within its current scenario.
	VUIDInScenario uint64
	// Iteration is the VU's local iteration number (__ITER, 0-based).
	Iteration int64
	// IterationInScenario is the global iteration number in the scenario.
	IterationInScenario int64
	// Scenario is the name of the running scenario ("" in setup/teardown).
	Scenario string
	// Group is the current group path, "" at the top ("::a::b" in k6 form).
	Group string
	// Tags are the tags every sample of this VU gets now (run tags,
	// scenario, group, vu-level tags set through k6/execution).
	Tags *metrics.TagSet
	// Samples takes this VU's samples.
	Samples metrics.Pusher
}

// RunEnder is an optional interface of a Module, for what its instances
// share across the run (a fault injector, a connection pool). The engine
// calls EndRun once per run, after every VU (the setup VU included) has
// run its OnClose functions, however the test ended: at its end, on
// Ctrl-C, test.abort(), an exception, a failed init. It is cleanup: a
// second Ctrl-C does not interrupt it, so it must bound its own waits.
//
// The error EndRun returns is the module's verdict on the run. An error
// that is (or wraps) an *engine.Error raises the run's exit code to its
// Code when that code is more severe than the run's own (engine.Outranks:
// ExitFaultNotReverted over everything, then ExitCouldNotEvaluate, then
// any failure over success); any other error fails a run that would have
// passed, with ExitGeneric. The run's message keeps both errors. A module
// that meets a verdict while the test runs (and the script may catch the
// exception it throws) records it and returns it here.
type RunEnder interface {
	EndRun() error
}
