package probe

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/prometheus/common/expfmt"
	"go.yaml.in/yaml/v3"
)

// DefaultTimeoutOffset is taken off Prometheus's scrape timeout so the
// answer arrives before Prometheus gives up.
const DefaultTimeoutOffset = 500 * time.Millisecond

// scrapeTimeoutHeader is how Prometheus tells a target its scrape timeout.
const scrapeTimeoutHeader = "X-Prometheus-Scrape-Timeout-Seconds"

// handler serves /probe.
type handler struct {
	prober  *Prober
	offset  time.Duration
	metrics *ExporterMetrics
	logger  *slog.Logger
}

// HandlerOption configures Handler.
type HandlerOption func(*handler)

// WithTimeoutOffset sets what is taken off the scrape timeout (default 0.5s).
func WithTimeoutOffset(d time.Duration) HandlerOption {
	return func(h *handler) {
		if d >= 0 {
			h.offset = d
		}
	}
}

// WithExporterMetrics counts probes in m.
func WithExporterMetrics(m *ExporterMetrics) HandlerOption {
	return func(h *handler) { h.metrics = m }
}

// WithLogger logs failed probes at debug level.
func WithLogger(l *slog.Logger) HandlerOption {
	return func(h *handler) {
		if l != nil {
			h.logger = l
		}
	}
}

// Handler serves the blackbox-exporter style endpoint:
// GET /probe?target=<url>[&module=<name>][&debug=true]. It answers with the
// probe's metrics, or with a text log of the phases plus the metrics when
// debug=true. An unknown module or a bad target is a 400.
func Handler(p *Prober, opts ...HandlerOption) http.Handler {
	h := &handler{prober: p, offset: DefaultTimeoutOffset, logger: slog.New(slog.DiscardHandler)}
	for _, opt := range opts {
		opt(h)
	}
	return h
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	target, moduleName := q.Get("target"), q.Get("module")
	if moduleName == "" {
		moduleName = DefaultModuleName
	}
	mod, ok := h.prober.Module(moduleName)
	if !ok {
		h.metrics.badRequest("unknown_module")
		http.Error(w, fmt.Sprintf("unknown module %q", moduleName), http.StatusBadRequest)
		return
	}
	if target == "" {
		h.metrics.badRequest("bad_target")
		http.Error(w, "target parameter is missing", http.StatusBadRequest)
		return
	}
	if _, err := ParseTarget(target); err != nil {
		h.metrics.badRequest("bad_target")
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	timeout, err := probeTimeout(r.Header, mod.effectiveTimeout(), h.offset)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), timeout)
	defer cancel()
	res := h.prober.Probe(ctx, target, moduleName)
	h.metrics.observe(res)
	if !res.Success {
		h.logger.Debug("probe failed", "module", moduleName, "target", target, "trace_id", res.TraceID, "err", res.Err)
	}
	reg := res.Registry()
	if q.Get("debug") == "true" {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = io.WriteString(w, DebugOutput(res, reg, mod))
		return
	}
	promhttp.HandlerFor(reg, promhttp.HandlerOpts{}).ServeHTTP(w, r)
}

// probeTimeout is the module timeout, shortened to Prometheus's scrape
// timeout minus offset when the header is present.
func probeTimeout(h http.Header, moduleTimeout, offset time.Duration) (time.Duration, error) {
	v := h.Get(scrapeTimeoutHeader)
	if v == "" {
		return moduleTimeout, nil
	}
	seconds, err := strconv.ParseFloat(v, 64)
	if err != nil || seconds <= 0 {
		return 0, fmt.Errorf("%s %q is not a positive number of seconds", scrapeTimeoutHeader, v)
	}
	scrape := time.Duration(seconds * float64(time.Second))
	if scrape > offset {
		scrape -= offset
	}
	return min(scrape, moduleTimeout), nil
}

// DebugOutput renders a probe like blackbox_exporter's debug page: the log
// of the phases (with the trace id), the metrics, the module (secrets
// redacted).
func DebugOutput(res Result, reg prometheus.Gatherer, mod Module) string {
	var b bytes.Buffer
	fmt.Fprintf(&b, "Logs for the probe:\n")
	fmt.Fprintf(&b, "trace_id=%s target=%s module=%s\n", res.TraceID, res.Target, res.Module)
	for _, e := range res.Events {
		fmt.Fprintf(&b, "+%-12s %-10s %s\n", e.At.Round(time.Microsecond), e.Phase, e.Message)
	}
	fmt.Fprintf(&b, "\nMetrics that would have been returned:\n")
	mfs, err := reg.Gather()
	if err != nil {
		fmt.Fprintf(&b, "gather metrics: %v\n", err)
	}
	for _, mf := range mfs {
		if _, err := expfmt.MetricFamilyToText(&b, mf); err != nil {
			fmt.Fprintf(&b, "encode metrics: %v\n", err)
		}
	}
	fmt.Fprintf(&b, "\nModule configuration:\n")
	out, err := yaml.Marshal(mod)
	if err != nil {
		out = []byte(fmt.Sprintf("encode module: %v\n", err))
	}
	b.Write(out)
	return b.String()
}

// ExporterMetrics are the exporter's own metrics, served on /metrics.
type ExporterMetrics struct {
	probes      *prometheus.CounterVec
	badRequests *prometheus.CounterVec
}

// NewExporterMetrics registers the exporter's counters on reg.
func NewExporterMetrics(reg prometheus.Registerer) (*ExporterMetrics, error) {
	m := &ExporterMetrics{
		probes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "mcpchaos_probe_probes_total",
			Help: "Probes run, by module and result (success or failure).",
		}, []string{"module", "result"}),
		badRequests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "mcpchaos_probe_bad_requests_total",
			Help: "Probe requests refused, by reason (unknown_module, bad_target).",
		}, []string{"reason"}),
	}
	for _, c := range []prometheus.Collector{m.probes, m.badRequests} {
		if err := reg.Register(c); err != nil {
			return nil, fmt.Errorf("register exporter metrics: %w", err)
		}
	}
	return m, nil
}

func (m *ExporterMetrics) observe(res Result) {
	if m == nil {
		return
	}
	result := "failure"
	if res.Success {
		result = "success"
	}
	m.probes.WithLabelValues(res.Module, result).Inc()
}

func (m *ExporterMetrics) badRequest(reason string) {
	if m != nil {
		m.badRequests.WithLabelValues(reason).Inc()
	}
}
