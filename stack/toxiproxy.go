package stack

import "github.com/mcpchaos/mcpchaos/stack/supervisor"

// toxiproxyConfig declares the proxies: between the server and its
// downstream, and between Prometheus and the server's metrics port (a
// fault there blinds the metrics path alone). Fault drivers add toxics to
// them through the API.
const toxiproxyConfig = `[
  {
    "name": "downstream",
    "listen": "{{.Addr "toxiproxy.downstream"}}",
    "upstream": "{{.Addr "downstream.http"}}",
    "enabled": true
  },
  {
    "name": "mcp-server-metrics",
    "listen": "{{.Addr "toxiproxy.mcp-server-metrics"}}",
    "upstream": "{{.Addr "mcp-server.metrics"}}",
    "enabled": true
  }
]
`

// Proxy names: in front of the downstream, and of the server's metrics
// port (Prometheus scrapes the server through it).
const (
	ToxiproxyDownstream    = "downstream"
	ToxiproxyServerMetrics = "mcp-server-metrics"
)

// toxiproxy sits between the server and the downstream.
func toxiproxy() component {
	return component{
		Name:    "toxiproxy",
		Install: "toxiproxy",
		Files:   renderOne("toxiproxy.json", toxiproxyConfig),
		Spec: func(p *plan) supervisor.Spec {
			s := baseSpec(p, "toxiproxy", p.Bins["toxiproxy"],
				"-host=127.0.0.1",
				"-port="+itoa(p.Port("toxiproxy.api")),
				"-config="+p.Config("toxiproxy.json"),
				// /metrics on the API port: bytes per proxy and direction.
				// toxiproxy 2.5 counts a connection's bytes when it closes,
				// so keep-alive traffic shows late; cut connections at once.
				"-proxy-metrics",
			)
			s.Ready = supervisor.Probe{HTTP: p.HTTP("toxiproxy.api") + "/version"}
			return s
		},
	}
}
