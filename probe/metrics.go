package probe

import (
	"github.com/prometheus/client_golang/prometheus"
)

// Registry returns the metrics of one probe in a fresh registry, for
// promhttp.HandlerFor. See the package documentation for the metrics.
func (r Result) Registry() *prometheus.Registry {
	reg := prometheus.NewRegistry()
	gauge := func(name, help string) prometheus.Gauge {
		g := prometheus.NewGauge(prometheus.GaugeOpts{Name: name, Help: help})
		reg.MustRegister(g) // fresh registry, distinct names: cannot fail
		return g
	}
	gaugeVec := func(name, help string, labels ...string) *prometheus.GaugeVec {
		g := prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: name, Help: help}, labels)
		reg.MustRegister(g)
		return g
	}

	success := gauge("probe_success", "Whether the MCP probe succeeded (1) or not (0).")
	if r.Success {
		success.Set(1)
	}
	gauge("probe_duration_seconds", "How long the probe took, in seconds.").Set(r.Duration.Seconds())

	phases := gaugeVec("probe_mcp_phase_duration_seconds",
		"Time spent in each phase of the probe, in seconds (0 if not reached).", "phase")
	for _, p := range Phases() {
		phases.WithLabelValues(string(p)).Set(r.Phases[p].Seconds())
	}
	if fail, ok := r.Failure(); ok {
		gaugeVec("probe_mcp_failed_phase",
			"Set to 1 for the phase that failed and why; absent when the probe succeeded.", "phase", "reason").
			WithLabelValues(string(fail.Phase), string(fail.Reason)).Set(1)
	}
	if !r.CertExpiry.IsZero() {
		gauge("probe_ssl_earliest_cert_expiry",
			"Earliest NotAfter of the server's certificates, in unix seconds.").Set(float64(r.CertExpiry.Unix()))
	}
	if r.ProtocolVersion != "" {
		gaugeVec("probe_mcp_protocol_version", "The negotiated MCP protocol version, as a label.", "version").
			WithLabelValues(r.ProtocolVersion).Set(1)
	}
	if r.ToolsListed {
		gauge("probe_mcp_tools_count", "Number of tools the server listed.").Set(float64(r.ToolsCount))
	}
	return reg
}
