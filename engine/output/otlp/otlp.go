package otlp

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/mcpchaos/mcpchaos/engine/metrics"
	"github.com/mcpchaos/mcpchaos/engine/output/internal/stream"
)

const (
	// maxPending bounds the samples waiting between flushes.
	maxPending = 1 << 20
	// maxSeries bounds the series kept for the run.
	maxSeries = 100_000
)

// Output exports a run's metrics over OTLP.
type Output struct {
	cfg      Config
	exporter exporter
	buf      *stream.Buffer
	pushes   *stream.Pushes
	flushes  *stream.Periodic
	exports  *stream.Periodic
	conv     converter

	mu    sync.Mutex // guards table
	table *stream.Table[*agg]

	stopOnce sync.Once
	stopErr  error
}

// New builds the output; logger (nil discards) gets a warning per failed
// export.
func New(cfg Config, logger *slog.Logger) (*Output, error) {
	tlsConf, err := cfg.TLS.Config()
	if err != nil {
		return nil, fmt.Errorf("opentelemetry output: %w", err)
	}
	exp, err := newExporter(cfg, tlsConf)
	if err != nil {
		return nil, fmt.Errorf("opentelemetry output: %w", err)
	}
	endpointVar := "K6_OTEL_GRPC_EXPORTER_ENDPOINT"
	if cfg.ExporterType == ExporterHTTP {
		endpointVar = "K6_OTEL_HTTP_EXPORTER_ENDPOINT and K6_OTEL_HTTP_EXPORTER_URL_PATH"
	}
	return &Output{
		cfg:      cfg,
		exporter: exp,
		buf:      stream.NewBuffer(maxPending),
		table:    stream.NewTable(maxSeries, newAgg, addToAgg),
		pushes: &stream.Pushes{
			What:   "opentelemetry output to " + cfg.target(),
			Hint:   "check K6_OTEL_EXPORTER_TYPE, " + endpointVar + " name an OTLP metrics receiver that is up; set the exporter's _INSECURE variable for plain text",
			Logger: logger,
		},
	}, nil
}

// Start begins flushing samples into the aggregates every flush interval
// and exporting every export interval.
func (o *Output) Start() error {
	o.conv = newConverter(o.cfg, time.Now())
	o.flushes = stream.StartPeriodic(o.cfg.FlushInterval, o.buf.Kick(), o.aggregate, o.aggregate)
	o.exports = stream.StartPeriodic(o.cfg.ExportInterval, nil, o.export, nil)
	return nil
}

// AddSamples buffers the samples; it never waits for the network.
func (o *Output) AddSamples(samples []metrics.Sample) { o.buf.Add(samples) }

// Stop exports the final state, closes the connection and reports failed
// exports and dropped samples. Safe to call twice and without Start.
func (o *Output) Stop() error {
	o.stopOnce.Do(func() {
		o.flushes.Stop()
		o.exports.Stop()
		if o.flushes != nil {
			o.export()
		}
		errs := []error{o.pushes.Err(), o.exporter.close()}
		if n := o.buf.Dropped(); n > 0 {
			errs = append(errs, fmt.Errorf("opentelemetry output: dropped %d samples: more than %d waited for one flush", n, maxPending))
		}
		o.mu.Lock()
		if n := o.table.Dropped(); n > 0 {
			errs = append(errs, fmt.Errorf("opentelemetry output: dropped %d samples of series beyond %d (too many tag sets: a tag with unbounded values, such as a URL with ids? name such requests with a name tag)", n, maxSeries))
		}
		o.mu.Unlock()
		o.stopErr = errors.Join(errs...)
	})
	return o.stopErr
}

func (o *Output) aggregate() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.table.Add(o.buf.Take())
}

// export sends every series' cumulative state (as the SDK's cumulative
// exporters do); nothing is sent before the first sample.
func (o *Output) export() {
	o.mu.Lock()
	o.table.Add(o.buf.Take())
	series := o.table.All()
	if len(series) == 0 {
		o.mu.Unlock()
		return
	}
	req := o.conv.request(series, time.Now())
	o.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), exportTimeout)
	defer cancel()
	o.pushes.Record(o.exporter.export(ctx, req))
}
