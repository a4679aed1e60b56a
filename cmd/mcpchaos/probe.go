package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/spf13/cobra"

	"github.com/mcpchaos/mcpchaos/probe"
)

// exitBadConfig is k6's exit code for an invalid configuration.
const exitBadConfig = 104

// probeOptions are the flags of `mcpchaos probe`.
type probeOptions struct {
	listen        string
	configPath    string
	timeoutOffset time.Duration
	logLevel      string
	target        string // one-shot mode
	module        string
}

// probeConfigError is a configuration problem: exit code 104.
type probeConfigError struct{ err error }

func (e probeConfigError) Error() string { return e.err.Error() }
func (e probeConfigError) Unwrap() error { return e.err }
func (e probeConfigError) ExitCode() int { return exitBadConfig }

func newProbeCommand() *cobra.Command {
	o := probeOptions{listen: "127.0.0.1:9465", timeoutOffset: probe.DefaultTimeoutOffset, logLevel: "info"}
	cmd := &cobra.Command{
		Use:   "probe",
		Short: "Serve the synthetic MCP probe exporter (blackbox_exporter style /probe)",
		Long: `Serve the synthetic MCP probe: GET /probe?target=<url>&module=<name> runs one
probe (initialize, tools/list, optional canary tools/call over the real
transport) and answers with its metrics: probe_success, probe_duration_seconds,
probe_mcp_phase_duration_seconds, probe_mcp_failed_phase,
probe_ssl_earliest_cert_expiry, probe_mcp_protocol_version,
probe_mcp_tools_count. Add &debug=true for a log of the phases with the trace
id. /metrics has the exporter's own metrics.

Without --config only the built-in "default" module exists (initialize and
tools/list over Streamable HTTP). With --target, run one probe, print the
debug page and exit (1 when the probe failed).`,
		Example: `  mcpchaos probe --listen 127.0.0.1:9465 --config probe.yaml
  curl '127.0.0.1:9465/probe?target=http://127.0.0.1:8080/mcp&module=canary&debug=true'
  mcpchaos probe --config probe.yaml --target https://mcp.staging.example/mcp --module canary`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runProbe(cmd.Context(), cmd.OutOrStdout(), cmd.ErrOrStderr(), o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.listen, "listen", o.listen, "address to serve /probe and /metrics on")
	f.StringVar(&o.configPath, "config", "", "module config file (YAML); without it only the default module exists")
	f.DurationVar(&o.timeoutOffset, "timeout-offset", o.timeoutOffset, "taken off Prometheus's scrape timeout for the probe timeout")
	f.StringVar(&o.logLevel, "log-level", o.logLevel, "log level: debug (logs failed probes), info, warn or error")
	f.StringVar(&o.target, "target", "", "run one probe of this URL, print the debug page and exit")
	f.StringVar(&o.module, "module", probe.DefaultModuleName, "module for --target")
	return cmd
}

// newProbeLogger builds the logger, or says which levels exist.
func newProbeLogger(w io.Writer, level string) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("--log-level %q: use debug, info, warn or error", level)
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l})), nil
}

// loadProber reads the config (if any) and builds the prober.
func loadProber(o probeOptions) (*probe.Prober, error) {
	var cfg probe.Config
	if o.configPath != "" {
		var err error
		if cfg, err = probe.LoadConfig(o.configPath); err != nil {
			return nil, probeConfigError{err}
		}
	}
	p, err := probe.New(cfg, probe.WithVersion(version))
	if err != nil {
		where := "built-in config"
		if o.configPath != "" {
			where = o.configPath
		}
		return nil, probeConfigError{fmt.Errorf("%s:\n%w", where, err)}
	}
	return p, nil
}

func runProbe(ctx context.Context, stdout, stderr io.Writer, o probeOptions) error {
	logger, err := newProbeLogger(stderr, o.logLevel)
	if err != nil {
		return probeConfigError{err}
	}
	if o.timeoutOffset < 0 {
		return probeConfigError{fmt.Errorf("--timeout-offset %s is negative; use 0 or more", o.timeoutOffset)}
	}
	p, err := loadProber(o)
	if err != nil {
		return err
	}
	if o.target != "" {
		return probeOnce(ctx, stdout, p, o)
	}
	return serveProbe(ctx, stdout, logger, p, o)
}

// probeOnce is the one-shot mode: one probe, the debug page, exit status.
func probeOnce(ctx context.Context, stdout io.Writer, p *probe.Prober, o probeOptions) error {
	mod, ok := p.Module(o.module)
	if !ok {
		return probeConfigError{fmt.Errorf("--module %q is not defined; have %s", o.module, strings.Join(p.ModuleNames(), ", "))}
	}
	if _, err := probe.ParseTarget(o.target); err != nil {
		return probeConfigError{fmt.Errorf("--target: %w", err)}
	}
	res := p.Probe(ctx, o.target, o.module)
	fmt.Fprint(stdout, probe.DebugOutput(res, res.Registry(), mod))
	if !res.Success {
		return fmt.Errorf("probe of %s failed: %w", o.target, res.Err)
	}
	return nil
}

// serveProbe serves the exporter until ctx is cancelled (SIGINT/SIGTERM).
func serveProbe(ctx context.Context, stdout io.Writer, logger *slog.Logger, p *probe.Prober, o probeOptions) error {
	reg := prometheus.NewRegistry()
	metrics, err := probe.NewExporterMetrics(reg)
	if err != nil {
		return err
	}
	if err := reg.Register(collectors.NewGoCollector()); err != nil {
		return fmt.Errorf("register go collector: %w", err)
	}
	if err := reg.Register(collectors.NewProcessCollector(collectors.ProcessCollectorOpts{})); err != nil {
		return fmt.Errorf("register process collector: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("/probe", probe.Handler(p, probe.WithExporterMetrics(metrics),
		probe.WithTimeoutOffset(o.timeoutOffset), probe.WithLogger(logger)))
	mux.Handle("/metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	mux.HandleFunc("/-/healthy", func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "OK\n") })
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprintf(w, "mcpchaos probe %s\n\n/probe?target=<url>&module=<name>[&debug=true]\n/metrics\n\nmodules: %s\n",
			version, strings.Join(p.ModuleNames(), ", "))
	})

	l, err := net.Listen("tcp", o.listen)
	if err != nil {
		return fmt.Errorf("listen on %s: %w; choose a free address with --listen", o.listen, err)
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(l) }()
	fmt.Fprintf(stdout, "mcpchaos probe: serving http://%s/probe (modules: %s)\n", l.Addr(), strings.Join(p.ModuleNames(), ", "))
	logger.Info("probe exporter started", "listen", l.Addr().String(), "config", o.configPath, "user_agent", p.UserAgent())

	select {
	case err := <-served:
		return fmt.Errorf("serve probe exporter: %w", err)
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("stop probe exporter: %w", err)
	}
	logger.Info("probe exporter stopped")
	return nil
}
