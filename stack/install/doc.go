// Package install builds the embedded stack's backends — Prometheus and
// promtool, Alertmanager, VictoriaLogs, vmalert, Jaeger, mcpchaos's own
// OpenTelemetry Collector and toxiproxy — from the Go module proxy with the
// machine's Go toolchain, at pinned versions, into a cache keyed by version.
//
// Where a binary comes from, first match wins:
//
//  1. an explicit override: Options.Bins[name], else $MCPCHAOS_BIN_<NAME>
//     (upper case, '-' as '_', e.g. MCPCHAOS_BIN_VICTORIA_LOGS). It is used
//     as given, without a version check: naming a binary is a decision. A
//     path that does not exist or is not executable is an error, never a
//     silent fallback to a build.
//  2. the cache: <cache>/bin/<recipe>-<version>/<name>, accepted when its
//     stamp file records the same build (module@version, packages, tags,
//     wrapper content hash). The Go version is recorded but a new toolchain
//     does not force a rebuild.
//  3. PATH, under the binary's usual names, only when its --version output
//     names the pinned version, or with Options.AllowPath set (then any
//     version; the caller accepted the risk, e.g. Debian's
//     prometheus-alertmanager 0.25 as a fallback).
//  4. a build: `go install pkg@version` for plain modules, or `go build`
//     in a copy of a wrapper module from wrappers/, built into the binary
//     (Jaeger's replace directives, Alertmanager's missing UI assets, our
//     collector's main).
//
// Builds run one at a time across processes under an exclusive flock on
// <cache>/install.lock, write into a temporary directory and rename it into
// place only when the build succeeded. Cancelling ctx kills the go command's
// whole process group. The full output of each build is kept in
// <cache>/logs/; a failed build's error carries its last 40 lines.
//
// The cache is Options.CacheDir, else $MCPCHAOS_CACHE, else DefaultCacheDir.
// The package reads no environment variable itself: the $MCPCHAOS_ ones
// named here (EnvNames) are read through Options.LookupEnv, which
// cmd/mcpchaos sets to os.LookupEnv.
// The wrapper modules live in wrappers/ with go.mod and Go files named
// *.in (so they are neither nested modules nor part of this one) and are
// embedded; a build writes one out with the names restored. Every
// component therefore builds anywhere, from a checkout or an installed
// binary; Options.WrappersDir or $MCPCHAOS_WRAPPERS points at other copies.
package install
