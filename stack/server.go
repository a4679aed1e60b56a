package stack

import (
	"github.com/mcpchaos/mcpchaos/stack/supervisor"
)

// Service names the stack gives the server and the downstream (OTel
// service.name, the logs' service field).
const (
	serverService     = "mcp-server"
	downstreamService = "downstream"
)

// serverEnv is the server contract (CONTRACT.md): everything the MCP
// server under test is told, through standard variables where they exist.
func (p *plan) serverEnv() []string {
	ratio := "0.1"
	if p.Fast() {
		ratio = "1.0"
	}
	env := []string{
		"MCP_LISTEN_ADDR=" + p.Addr("mcp-server.mcp"),
		"METRICS_LISTEN_ADDR=" + p.Addr("mcp-server.metrics"),
		"LOG_FILE=" + p.Log("mcp-server.json"),
		"DOWNSTREAM_URL=" + p.HTTP("toxiproxy.downstream"),
		"OTEL_SERVICE_NAME=" + serverService,
		"OTEL_TRACES_SAMPLER=parentbased_traceidratio",
		"OTEL_TRACES_SAMPLER_ARG=" + ratio,
		"MCP_PROFILE=" + p.Profile,
	}
	if p.Mutated(MutationSamplingZero) {
		env = append(env, "OTEL_TRACES_SAMPLER=traceidratio", "OTEL_TRACES_SAMPLER_ARG=0")
	}
	if p.Mutated(MutationMetricsOnMCPPort) {
		// The reference server's half of the mutation (checkMutations
		// refuses a server command with it).
		env = append(env, "MCP_TEST_DEFECT="+MutationMetricsOnMCPPort)
	}
	env = append(env, p.otlpEnv()...)
	if p.TLS {
		env = append(env, "TLS_CERT_FILE="+p.CertFile(), "TLS_KEY_FILE="+p.KeyFile())
	}
	return env
}

// otlpEnv points a process's OTLP/HTTP trace exporter at Jaeger, or at the
// collector when it relays, and turns off metric and log export (metrics
// are scraped, logs are shipped from the file).
func (p *plan) otlpEnv() []string {
	endpoint := p.HTTP("jaeger.otlp-http")
	if p.RelayTraces {
		endpoint = p.HTTP("otelcol.otlp-http")
	}
	return []string{
		"OTEL_EXPORTER_OTLP_ENDPOINT=" + endpoint,
		"OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf",
		"OTEL_METRICS_EXPORTER=none",
		"OTEL_LOGS_EXPORTER=none",
	}
}

// mcpServer is the MCP server under test: the reference server, or the
// user's ServerCmd. It runs in its own cgroup (OOM faults) and restarts
// after every crash or OOM kill.
func mcpServer() component {
	return component{
		Name: "mcp-server",
		Spec: func(p *plan) supervisor.Spec {
			cmd := p.ServerCmd
			if len(cmd) == 0 {
				cmd = []string{p.Self, "fixture", "mcp-server"}
			}
			s := baseSpec(p, "mcp-server", cmd[0], cmd[1:]...)
			s.Env = p.serverEnv()
			s.Ready = supervisor.Probe{HTTP: p.HTTP("mcp-server.metrics") + "/metrics"}
			s.Cgroup = true
			if p.TLS {
				s.TLS = &supervisor.TLSFiles{CertFile: p.CertFile(), KeyFile: p.KeyFile()}
			}
			return s
		},
	}
}
