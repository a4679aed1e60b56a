package main

import (
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// transportLabel is the transport label of every call: the server speaks
// Streamable HTTP only.
const transportLabel = "streamable_http"

// metrics are the seed's golden signals on a registry of their own, plus
// the Go and process collectors (process_start_time_seconds tells a
// restart).
type metrics struct {
	reg      *prometheus.Registry
	calls    *prometheus.CounterVec
	duration *prometheus.HistogramVec
	sessions prometheus.Gauge

	mu   sync.Mutex
	open map[string]struct{}
}

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		calls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "mcp_tool_calls_total",
			Help: "Tool calls by tool, outcome (ok, error: a failed call or an isError result) and transport.",
		}, []string{"tool_name", "status", "transport"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "mcp_tool_duration_seconds",
			Help:    "Tool call duration in seconds.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"tool_name"}),
		sessions: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "mcp_active_sessions",
			Help: "MCP sessions currently open.",
		}),
		open: map[string]struct{}{},
	}
	m.reg.MustRegister(m.calls, m.duration, m.sessions,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// known creates a tool's series at zero, so the first error is a rate
// increase rather than a series appearing.
func (m *metrics) known(tool string) {
	for _, status := range []string{"ok", "error"} {
		m.calls.WithLabelValues(tool, status, transportLabel)
	}
	m.duration.WithLabelValues(tool)
}

// observe counts one finished call.
func (m *metrics) observe(tool, status string, took time.Duration) {
	m.calls.WithLabelValues(tool, status, transportLabel).Inc()
	m.duration.WithLabelValues(tool).Observe(took.Seconds())
}

// sessionOpened and sessionClosed keep the gauge at the number of
// distinct sessions registered and not yet unregistered (a session
// unregistered twice is not counted twice).
func (m *metrics) sessionOpened(id string) { m.track(id, true) }

func (m *metrics) sessionClosed(id string) { m.track(id, false) }

func (m *metrics) track(id string, open bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if open {
		m.open[id] = struct{}{}
	} else {
		delete(m.open, id)
	}
	m.sessions.Set(float64(len(m.open)))
}

// handler serves /metrics (any other path is 404).
func (m *metrics) handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{}))
	return mux
}
