// Package engine runs k6 scripts: it is mcpchaos's own k6-compatible
// runner on the sobek JavaScript runtime (k6 itself is AGPL and cannot be
// a dependency).
//
// New compiles the script once (ES modules, file:line:col on syntax
// errors), runs its init code in a first VU to read `export const
// options`, consolidates the execution options with the command line
// (vus/duration/iterations/stages shortcuts, scenarios, thresholds, tags)
// and reports every invalid option at once. Run then initializes the VUs
// (each with its own runtime; init code runs once per VU), calls setup(),
// runs each scenario's executor from package executor, calls teardown(),
// aggregates every sample, evaluates the thresholds (every 2 s and at the
// end, aborting on abortOnFail) and writes the summary (handleSummary or
// the text summary, --summary-export, --junit).
//
// Options come in k6's three layers: the script's, the K6_* variables
// (Options.LookupEnv, envoptions.go) over them, and the command line's
// Options fields over both.
//
// Scripts import ES modules by relative path, https:// URLs (remote.go:
// fetched at load, kept in a module cache, Options.RemoteModules.Offline
// reads only the cache) and registered modules; require() and imports of
// CommonJS files work as in k6 (require.go). Every VU has the timer
// globals (timers.go) on its event loop.
//
// JavaScript modules are registered by import path in Options.Modules; the
// engine knows none of them by itself. A VU also implements the optional
// modules.EventLoop and modules.Execution interfaces.
//
// Failures carry k6's exit codes (exitcodes.go) in *Error.
package engine
