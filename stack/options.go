package stack

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Profiles.
const (
	// ProfileFast scales intervals down for CI and the demo: 1s scrapes
	// and rule evaluation, 1s alert grouping, every trace sampled.
	ProfileFast = "fast"
	// ProfileProd keeps production-like intervals and 10% sampling.
	ProfileProd = "prod"
)

// Options configure Up. The zero value runs the reference server with the
// fast profile in DefaultDir().
type Options struct {
	// Dir is the stack directory; "" means DefaultDir().
	Dir string
	// Profile is fast (default) or prod.
	Profile string
	// CacheDir, Bins, LookupEnv and Progress go to the installer (package
	// install). LookupEnv reads the variables that stand in for unset
	// install options ($MCPCHAOS_CACHE, $MCPCHAOS_BIN_<NAME>,
	// $MCPCHAOS_WRAPPERS); nil reads none, as this package never reads
	// the process environment (cmd/mcpchaos passes os.LookupEnv).
	CacheDir  string
	Bins      map[string]string
	LookupEnv func(key string) (string, bool)
	// Progress receives install and startup progress; nil is silent.
	Progress io.Writer
	// Self is the mcpchaos binary that runs the supervisor, the probe and
	// the reference fixtures; "" means os.Executable().
	Self string
	// ServerCmd runs the MCP server under test instead of the reference
	// server (see CONTRACT.md for the environment it gets).
	ServerCmd []string
	// DownstreamCmd replaces the reference downstream.
	DownstreamCmd []string
	// Ports fixes ports by name ("prometheus.web", "mcp-server.mcp", ...;
	// see PortNames); others are chosen free on 127.0.0.1.
	Ports map[string]int
	// PlainHTTP serves MCP without TLS. By default the server gets a
	// certificate from the stack's test CA (needed by TLS-expiry faults).
	PlainHTTP bool
	// RelayTraces sends the server's OTLP traces through the collector to
	// Jaeger instead of straight to Jaeger.
	RelayTraces bool
	// Cgroups is auto (default: used when writable), required or off.
	Cgroups string
	// Rules returns alert rules for a profile (fixtures.PrometheusRules);
	// nil means only the stack's own rules.
	Rules func(profile string) ([]byte, error)
	// LogRules returns vmalert's log-based alert rules (LogsQL against
	// VictoriaLogs) for a profile (fixtures.LogAlertRules); nil means none.
	LogRules func(profile string) ([]byte, error)
	// Detach lets the supervisor outlive the caller (`stack up`). Without
	// it the supervisor gets SIGTERM when the caller dies and stops the
	// stack.
	Detach bool
	// ReadyTimeout bounds the wait for readiness (default 90s).
	ReadyTimeout time.Duration
	// Mutations are test-only switches that break one property of the
	// stack's pipeline each (see KnownMutations); none by default.
	Mutations []string
}

// DefaultDir is .stack in the enclosing source checkout (the directory
// with go.mod of this module), else .stack in the working directory. (The
// CLI's $MCPCHAOS_STACK_DIR is read by cmd/mcpchaos, which passes it as
// the directory.)
func DefaultDir() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("stack dir: %w", err)
	}
	for d := wd; ; d = filepath.Dir(d) {
		if b, err := os.ReadFile(filepath.Join(d, "go.mod")); err == nil && isOurModule(b) {
			return filepath.Join(d, ".stack"), nil
		}
		if filepath.Dir(d) == d {
			return filepath.Join(wd, ".stack"), nil
		}
	}
}

func isOurModule(gomod []byte) bool {
	for _, line := range strings.Split(string(gomod), "\n") {
		if strings.TrimSpace(line) == "module github.com/mcpchaos/mcpchaos" {
			return true
		}
	}
	return false
}

// withDefaults fills unset options and checks the rest.
func (o Options) withDefaults() (Options, error) {
	var errs []error
	if o.Dir == "" {
		d, err := DefaultDir()
		errs = append(errs, err)
		o.Dir = d
	}
	if d, err := filepath.Abs(o.Dir); err == nil {
		o.Dir = d
	}
	switch o.Profile {
	case "":
		o.Profile = ProfileFast
	case ProfileFast, ProfileProd:
	default:
		errs = append(errs, fmt.Errorf("profile %q: use fast or prod", o.Profile))
	}
	switch o.Cgroups {
	case "":
		o.Cgroups = "auto"
	case "auto", "required", "off":
	default:
		errs = append(errs, fmt.Errorf("cgroups %q: use auto, required or off", o.Cgroups))
	}
	if o.Self == "" {
		exe, err := os.Executable()
		errs = append(errs, err)
		o.Self = exe
	}
	if o.ReadyTimeout <= 0 {
		o.ReadyTimeout = 90 * time.Second
	}
	if o.Progress == nil {
		o.Progress = io.Discard
	}
	for name := range o.Ports {
		if !knownPort(name) {
			errs = append(errs, fmt.Errorf("port %q: not a port of the stack; known: %v", name, PortNames()))
		}
	}
	errs = append(errs, checkMutations(o)...)
	return o, errors.Join(errs...)
}
