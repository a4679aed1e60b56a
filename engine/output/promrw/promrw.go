package promrw

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"sync"

	"github.com/klauspost/compress/snappy"

	"github.com/mcpchaos/mcpchaos/engine/metrics"
	"github.com/mcpchaos/mcpchaos/engine/output/internal/stream"
)

const (
	// maxPending bounds the samples waiting between pushes (~48 MiB).
	maxPending = 1 << 20
	// maxSeries bounds the series kept for the run.
	maxSeries = 100_000
	// seriesPerRequest splits a big push into requests of this many series.
	seriesPerRequest = 5_000
)

// Output pushes a run's metrics to a remote write endpoint.
type Output struct {
	cfg    Config
	client *http.Client
	mapper mapper
	pipe   *stream.Pipe[*agg]
	pushes *stream.Pushes
	loop   *stream.Periodic

	stopOnce sync.Once
	stopErr  error
}

// New builds the output; logger (nil discards) gets a warning per failed
// push.
func New(cfg Config, logger *slog.Logger) (*Output, error) {
	tlsConf, err := cfg.TLS.Config()
	if err != nil {
		return nil, fmt.Errorf("experimental-prometheus-rw output: %w", err)
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSClientConfig = tlsConf
	return &Output{
		cfg:    cfg,
		client: &http.Client{Transport: tr, Timeout: pushTimeout},
		mapper: mapper{stats: cfg.TrendStats, static: cfg.Labels},
		pipe:   stream.NewPipe(maxPending, maxSeries, newAgg, addToAgg),
		pushes: &stream.Pushes{
			What:   "experimental-prometheus-rw output to " + redacted(cfg.ServerURL),
			Hint:   "check K6_PROMETHEUS_RW_SERVER_URL names a remote write endpoint that is up; Prometheus needs --web.enable-remote-write-receiver",
			Logger: logger,
		},
	}, nil
}

// redacted hides a password in the URL for messages.
func redacted(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	return u.Redacted()
}

// Start begins pushing every push interval.
func (o *Output) Start() error {
	o.loop = stream.StartPeriodic(o.cfg.PushInterval, o.pipe.Buf.Kick(), o.flush, o.pipe.Aggregate)
	return nil
}

// AddSamples buffers the samples (the engine's aggregator calls it; it
// never waits for the network).
func (o *Output) AddSamples(samples []metrics.Sample) { o.pipe.Buf.Add(samples) }

// Stop pushes what is left (and stale markers when asked), then reports
// failed pushes and dropped samples. Safe to call twice and without Start.
func (o *Output) Stop() error {
	o.stopOnce.Do(func() {
		o.loop.Stop()
		o.flush()
		if o.cfg.StaleMarkers {
			o.markStale()
		}
		o.stopErr = o.pipe.Report("experimental-prometheus-rw output", o.pushes, "shorten K6_PROMETHEUS_RW_PUSH_INTERVAL")
	})
	return o.stopErr
}

// flush aggregates and pushes every series that changed since its last
// successful push.
func (o *Output) flush() { o.pipe.With(o.pushChanged) }

func (o *Output) pushChanged(table *stream.Table[*agg]) {
	var batch []*stream.Series[*agg]
	for _, ser := range table.All() {
		if !ser.Dirty {
			continue
		}
		batch = append(batch, ser)
		if len(batch) == seriesPerRequest {
			o.pushSeries(batch)
			batch = batch[:0]
		}
	}
	if len(batch) > 0 {
		o.pushSeries(batch)
	}
}

// pushSeries sends one request of the series' current values. Each point
// is stamped with its newest sample's time, and always later than the
// series' last push (Prometheus refuses a second value at one timestamp).
func (o *Output) pushSeries(batch []*stream.Series[*agg]) {
	samples := make([]sample, 0, len(batch))
	stamps := make([]int64, len(batch))
	for i, ser := range batch {
		ms := max(ser.Latest.UnixMilli(), ser.Agg.sentMs+1)
		stamps[i] = ms
		samples = append(samples, o.mapper.samples(ser, ms)...)
	}
	err := o.send(samples)
	o.pushes.Record(err)
	if err != nil {
		return
	}
	for i, ser := range batch {
		ser.Agg.sentMs = stamps[i]
		ser.Dirty = false
	}
}

// markStale ends every series pushed with a stale marker 1 ms after its
// last point, as k6's K6_PROMETHEUS_RW_STALE_MARKERS does.
func (o *Output) markStale() {
	var samples []sample
	o.pipe.With(func(table *stream.Table[*agg]) {
		for _, ser := range table.All() {
			if ser.Agg.sentMs == 0 {
				continue
			}
			for _, s := range o.mapper.samples(ser, ser.Agg.sentMs+1) {
				s.value = staleNaN
				samples = append(samples, s)
			}
		}
	})
	if len(samples) > 0 {
		o.pushes.Record(o.send(samples))
	}
}

// send posts one WriteRequest.
func (o *Output) send(samples []sample) error {
	body := snappy.Encode(nil, encodeWriteRequest(samples))
	ctx, cancel := context.WithTimeout(context.Background(), pushTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, o.cfg.ServerURL, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Encoding", "snappy")
	req.Header.Set("Content-Type", "application/x-protobuf")
	req.Header.Set("User-Agent", "mcpchaos")
	req.Header.Set("X-Prometheus-Remote-Write-Version", "0.1.0")
	for k, v := range o.cfg.Headers {
		req.Header.Set(k, v)
	}
	if o.cfg.Username != "" {
		req.SetBasicAuth(o.cfg.Username, o.cfg.Password)
	}
	if o.cfg.BearerToken != "" {
		req.Header.Set("Authorization", "Bearer "+o.cfg.BearerToken)
	}
	return stream.Post(o.client, req)
}
