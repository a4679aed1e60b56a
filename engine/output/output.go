package output

import (
	"fmt"
	"log/slog"
	"os"
	"strings"

	"github.com/mcpchaos/mcpchaos/engine/metrics"
	"github.com/mcpchaos/mcpchaos/engine/output/otlp"
	"github.com/mcpchaos/mcpchaos/engine/output/promrw"
)

// Output receives every sample of a run.
type Output interface {
	// Start opens the destination.
	Start() error
	// AddSamples takes a batch; calls come from one goroutine.
	AddSamples(samples []metrics.Sample)
	// Stop flushes and closes, reporting any write error.
	Stop() error
}

// ThresholdAware outputs list each metric's thresholds; the engine calls
// SetThresholds (with thresholds.Set.Sources()) before Start.
type ThresholdAware interface {
	SetThresholds(byMetric map[string][]string)
}

// Params is what outputs may use besides their spec.
type Params struct {
	// Env is the process environment, where outputs find their K6_*
	// settings as k6's do (the CLI reads it; nil is empty).
	Env map[string]string
	// Logger gets the outputs' warnings (a failed push); nil discards.
	Logger *slog.Logger
}

// supported lists the output types New knows.
const supported = "json (json=FILE, json=FILE.gz, json=- for stdout), csv (csv=FILE, csv=FILE.gz), " +
	"experimental-prometheus-rw (K6_PROMETHEUS_RW_* settings), opentelemetry (K6_OTEL_* settings)"

// New builds an output from a --out spec such as "json=results.json".
func New(spec string, p Params) (Output, error) {
	typ, arg, _ := strings.Cut(strings.TrimSpace(spec), "=")
	switch typ {
	case "json":
		if arg == "" || arg == "-" {
			return newJSON("-", nopCloser{os.Stdout}), nil
		}
		return newJSON(arg, nil), nil
	case "csv":
		cfg, err := csvConfigFrom(arg, p.Env)
		if err != nil {
			return nil, fmt.Errorf("--out %q: %w", spec, err)
		}
		return newCSV(cfg), nil
	case "experimental-prometheus-rw":
		if err := noArgument(typ, arg, "K6_PROMETHEUS_RW_SERVER_URL"); err != nil {
			return nil, err
		}
		cfg, err := promrw.FromEnv(p.Env)
		if err != nil {
			return nil, fmt.Errorf("--out %s: %w", typ, err)
		}
		return promrw.New(cfg, p.Logger)
	case "opentelemetry", "experimental-opentelemetry":
		if err := noArgument(typ, arg, "K6_OTEL_HTTP_EXPORTER_ENDPOINT or K6_OTEL_GRPC_EXPORTER_ENDPOINT"); err != nil {
			return nil, err
		}
		cfg, err := otlp.FromEnv(p.Env)
		if err != nil {
			return nil, fmt.Errorf("--out %s: %w", typ, err)
		}
		return otlp.New(cfg, p.Logger)
	default:
		return nil, fmt.Errorf("unknown output type %q in --out %q: supported: %s", typ, spec, supported)
	}
}

// noArgument refuses an argument k6 ignores for this output, rather than
// ignore it too: its settings are environment variables.
func noArgument(typ, arg, setting string) error {
	if arg == "" {
		return nil
	}
	return fmt.Errorf("--out %s=%s: this output takes no argument; configure it with environment variables such as %s", typ, arg, setting)
}
