package stack

import "github.com/mcpchaos/mcpchaos/stack/supervisor"

// toxiproxyConfig declares the proxy between the server and its
// downstream; fault drivers add toxics to it through the API.
const toxiproxyConfig = `[
  {
    "name": "downstream",
    "listen": "{{.Addr "toxiproxy.downstream"}}",
    "upstream": "{{.Addr "downstream.http"}}",
    "enabled": true
  }
]
`

// ToxiproxyDownstream is the name of the proxy in front of the downstream.
const ToxiproxyDownstream = "downstream"

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
