package stack

import "github.com/mcpchaos/mcpchaos/stack/supervisor"

// downstream is the service the server calls, through toxiproxy.
func downstream() component {
	return component{
		Name: "downstream",
		Spec: func(p *plan) supervisor.Spec {
			cmd := p.DownstreamCmd
			if len(cmd) == 0 {
				cmd = []string{p.Self, "fixture", "downstream"}
			}
			s := baseSpec(p, "downstream", cmd[0], cmd[1:]...)
			s.Env = append([]string{
				"DOWNSTREAM_LISTEN_ADDR=" + p.Addr("downstream.http"),
				"LOG_FILE=" + p.Log("downstream.json"),
				"OTEL_SERVICE_NAME=" + downstreamService,
				"OTEL_TRACES_SAMPLER=parentbased_always_on",
			}, p.otlpEnv()...)
			s.Ready = supervisor.Probe{TCP: p.Addr("downstream.http")}
			s.Cgroup = true
			return s
		},
	}
}
