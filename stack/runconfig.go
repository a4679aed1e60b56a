package stack

import (
	"github.com/mcpchaos/mcpchaos/config"
)

// Fault target names in the mcpchaos.yaml that Up writes.
const (
	// TargetServer is the MCP server process (kill, OOM, restart).
	TargetServer = "mcp-server"
	// TargetShipper is the log shipper process (shipper outage).
	TargetShipper = "log-shipper"
	// TargetDownstream is the toxiproxy proxy in front of the downstream.
	TargetDownstream = "downstream"
	// TargetServerTLS is the server's certificate (TLS expiry).
	TargetServerTLS = "mcp-server-tls"
	// TargetServerMetrics is the toxiproxy proxy Prometheus scrapes the
	// server through (a broken metrics path).
	TargetServerMetrics = "mcp-server-metrics"
)

// runConfig is the mcpchaos.yaml for `mcpchaos run` against this stack.
func (p *plan) runConfig(st State) *config.Config {
	u := st.URLs
	cfg := config.Default()
	cfg.MCP.URL = u.MCP
	if p.TLS {
		cfg.MCP.TLS.CAFile = p.CAFile()
	}
	cfg.Backends = config.Backends{
		Prometheus:   config.Endpoint{Kind: "prometheus", URL: u.Prometheus},
		Alertmanager: config.Endpoint{Kind: "alertmanager", URL: u.Alertmanager},
		Logs:         config.Endpoint{Kind: "victorialogs", URL: u.VictoriaLogs},
		Traces:       config.Endpoint{Kind: "jaeger", URL: u.Jaeger},
		Webhook:      config.Endpoint{URL: u.Webhook},
		Ruler:        config.Endpoint{Kind: "vmalert", URL: p.HTTP("vmalert.http")},
	}
	cfg.Faults.Supervisor = config.Supervisor{URL: u.Supervisor, TokenFile: st.TokenFile}
	cfg.Faults.Toxiproxy = config.Endpoint{URL: u.Toxiproxy}
	cfg.Faults.Targets = map[string]config.Target{
		TargetServer:     {Driver: "process", Component: "mcp-server"},
		TargetShipper:    {Driver: "process", Component: "otelcol"},
		TargetDownstream: {Driver: "toxiproxy", Proxy: ToxiproxyDownstream, BehaviourURL: p.HTTP("downstream.http") + "/admin/behaviour"},
	}
	cfg.Faults.Targets[TargetServerMetrics] = config.Target{Driver: "toxiproxy", Proxy: ToxiproxyServerMetrics}
	if p.TLS {
		cfg.Faults.Targets[TargetServerTLS] = config.Target{
			Driver: "tls", Component: "mcp-server",
			CertFile: p.CertFile(), KeyFile: p.KeyFile(),
			CAFile: p.CAFile(), CAKeyFile: p.CAKeyFile(),
		}
	}
	return cfg
}
