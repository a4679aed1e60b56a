package stack

import "github.com/mcpchaos/mcpchaos/stack/supervisor"

// probeConfig defines the module Prometheus's mcp-probe job asks for: the
// real transport with the stack's CA, and against the reference server a
// canary echo call.
const probeConfig = `# Rendered by mcpchaos stack up; edits are overwritten.
modules:
  mcp:
    transport: streamable_http
    timeout: {{if .Fast}}2s{{else}}10s{{end}}
{{- if .TLS}}
    tls:
      ca_file: {{.CAFile}}
{{- end}}
{{- if .ReferenceServer}}
    steps:
      call_tool:
        name: echo
        arguments:
          message: mcpchaos-probe
        expect_result: mcpchaos-probe
{{- end}}
`

// ReferenceServer reports that the stack runs the reference server.
func (p *plan) ReferenceServer() bool { return len(p.ServerCmd) == 0 }

// probe is the synthetic MCP prober Prometheus scrapes.
func probe() component {
	return component{
		Name:  "probe",
		Files: renderOne("probe.yml", probeConfig),
		Spec: func(p *plan) supervisor.Spec {
			s := baseSpec(p, "probe", p.Self, "probe", "--listen", p.Addr("probe.http"), "--config", p.Config("probe.yml"))
			s.Ready = supervisor.Probe{HTTP: p.HTTP("probe.http") + "/-/healthy"}
			return s
		},
	}
}
