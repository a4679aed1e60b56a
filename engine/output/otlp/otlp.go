package otlp

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	colmetricpb "go.opentelemetry.io/proto/otlp/collector/metrics/v1"

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
	pipe     *stream.Pipe[*agg]
	pushes   *stream.Pushes
	flushes  *stream.Periodic
	exports  *stream.Periodic
	conv     converter

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
		pipe:     stream.NewPipe(maxPending, maxSeries, newAgg, addToAgg),
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
	o.flushes = stream.StartPeriodic(o.cfg.FlushInterval, o.pipe.Buf.Kick(), o.pipe.Aggregate, o.pipe.Aggregate)
	o.exports = stream.StartPeriodic(o.cfg.ExportInterval, nil, o.export, nil)
	return nil
}

// AddSamples buffers the samples; it never waits for the network.
func (o *Output) AddSamples(samples []metrics.Sample) { o.pipe.Buf.Add(samples) }

// Stop exports the final state, closes the connection and reports failed
// exports and dropped samples. Safe to call twice and without Start.
func (o *Output) Stop() error {
	o.stopOnce.Do(func() {
		o.flushes.Stop()
		o.exports.Stop()
		if o.flushes != nil {
			o.export()
		}
		report := o.pipe.Report("opentelemetry output", o.pushes, "shorten K6_OTEL_FLUSH_INTERVAL")
		o.stopErr = errors.Join(report, o.exporter.close())
	})
	return o.stopErr
}

// export sends every series' cumulative state (as the SDK's cumulative
// exporters do); nothing is sent before the first sample.
func (o *Output) export() {
	var req *colmetricpb.ExportMetricsServiceRequest
	o.pipe.With(func(table *stream.Table[*agg]) {
		if series := table.All(); len(series) > 0 {
			req = o.conv.request(series, time.Now())
		}
	})
	if req == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), exportTimeout)
	defer cancel()
	o.pushes.Record(o.exporter.export(ctx, req))
}
