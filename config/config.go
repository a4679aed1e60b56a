package config

import "time"

// Config is the whole of mcpchaos.yaml.
type Config struct {
	// MCP is the server under test.
	MCP MCP `yaml:"mcp"`
	// Backends are where assertions look.
	Backends Backends `yaml:"backends"`
	// Faults names what fault drivers may touch.
	Faults Faults `yaml:"faults"`
	// Metrics selects the metric names the server exposes.
	Metrics MetricNames `yaml:"metrics"`
}

// MCP describes how to reach the server under test.
type MCP struct {
	URL             string            `yaml:"url"`
	Transport       string            `yaml:"transport"` // streamable-http (default) or sse
	ProtocolVersion string            `yaml:"protocol_version"`
	Headers         map[string]string `yaml:"headers"`
	// BearerTokenEnv names the environment variable holding the token.
	BearerTokenEnv string        `yaml:"bearer_token_env"`
	TLS            TLS           `yaml:"tls"`
	Timeout        time.Duration `yaml:"timeout"`
	// AllowRemote lets k6/x/mcp connect to a non-loopback server (a
	// staging target; mcpchaos run --allow-remote sets it).
	AllowRemote bool `yaml:"allow_remote,omitempty"`
}

// TLS are client TLS settings.
type TLS struct {
	CAFile             string `yaml:"ca_file"`
	CertFile           string `yaml:"cert_file"`
	KeyFile            string `yaml:"key_file"`
	ServerName         string `yaml:"server_name"`
	InsecureSkipVerify bool   `yaml:"insecure_skip_verify"`
}

// Backends are the observability backends of the pipeline under test.
type Backends struct {
	Prometheus   Endpoint `yaml:"prometheus"`
	Alertmanager Endpoint `yaml:"alertmanager"`
	Logs         Endpoint `yaml:"logs"`   // kind: victorialogs | loki
	Traces       Endpoint `yaml:"traces"` // kind: jaeger | tempo
	// Webhook is the harness's alert sink that Alertmanager delivers to.
	Webhook Endpoint `yaml:"webhook"`
	// Ruler is a second rule evaluator beside Prometheus (kind vmalert:
	// the log-based alerts, LogsQL against VictoriaLogs), answering the
	// Prometheus rules API. alertFires and alertResolves find there a rule
	// Prometheus does not have; its alert states must reach Prometheus as
	// ALERTS series (vmalert's -remoteWrite.url), where they are read.
	Ruler Endpoint `yaml:"ruler"`
}

// Endpoint is one backend's address.
type Endpoint struct {
	Kind    string            `yaml:"kind"`
	URL     string            `yaml:"url"`
	Headers map[string]string `yaml:"headers"`
	// BearerTokenEnv names the environment variable holding the token.
	BearerTokenEnv string `yaml:"bearer_token_env"`
}

// Faults lists what faults may target and how to reach the drivers.
type Faults struct {
	// Supervisor is the embedded stack's control API.
	Supervisor Supervisor `yaml:"supervisor"`
	// Toxiproxy is the toxiproxy API URL.
	Toxiproxy Endpoint `yaml:"toxiproxy"`
	// Targets are the only things faults may touch, by name.
	Targets map[string]Target `yaml:"targets"`
	// AllowNonLoopback permits targets outside 127.0.0.0/8 and ::1.
	AllowNonLoopback bool `yaml:"allow_non_loopback"`
	// LeaseTTL is how long a fault outlives a runner that died (default
	// 10s): the runner renews each fault's lease while it lives.
	LeaseTTL time.Duration `yaml:"lease_ttl,omitempty"`
}

// Supervisor is where the stack's control API listens.
type Supervisor struct {
	URL       string `yaml:"url"`
	TokenFile string `yaml:"token_file"`
}

// Target is one fault target.
type Target struct {
	// Driver is process, toxiproxy, tls or docker.
	Driver string `yaml:"driver"`
	// Component is the stack component (process driver) or container
	// (docker driver).
	Component string `yaml:"component"`
	// Proxy is the toxiproxy proxy name (toxiproxy driver).
	Proxy string `yaml:"proxy"`
	// CertFile and KeyFile are what the TLS driver swaps.
	CertFile string `yaml:"cert_file"`
	KeyFile  string `yaml:"key_file"`
	// CAFile and CAKeyFile are the test CA the TLS driver signs
	// replacement (expired, soon expiring) certificates with, so that only
	// the validity changes; the embedded stack writes both.
	CAFile    string `yaml:"ca_file,omitempty"`
	CAKeyFile string `yaml:"ca_key_file,omitempty"`
	// Address is the host:port whose TLS handshake proves a certificate
	// swap (tls driver; default: mcp.url's).
	Address string `yaml:"address,omitempty"`
	// BehaviourURL is the downstream's behaviour settings endpoint
	// (toxiproxy targets: HTTP error faults, which toxiproxy cannot make).
	BehaviourURL string `yaml:"behaviour_url,omitempty"`
	// DockerHost is the Docker daemon (docker driver; default
	// unix:///var/run/docker.sock).
	DockerHost string `yaml:"docker_host,omitempty"`
}

// MetricNames selects the server's metric naming.
type MetricNames struct {
	// Preset is "seed" (mcp_tool_calls_total, ...) or "otel" (OTel MCP
	// semantic conventions).
	Preset string `yaml:"preset"`
}
