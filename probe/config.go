package probe

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"go.yaml.in/yaml/v3"
)

// DefaultModuleName is the module used when /probe is called without
// `module`. It exists even when the config file does not define it; a config
// may override it.
const DefaultModuleName = "default"

// DefaultTimeout bounds a probe whose module sets no timeout.
const DefaultTimeout = 10 * time.Second

// DefaultProtocolVersion is the MCP revision requested when a module names
// none: the newest one that still has the initialize handshake.
const DefaultProtocolVersion = "2025-11-25"

// Transport is how the probe reaches the server.
type Transport string

// Transports.
const (
	// TransportStreamableHTTP is the Streamable HTTP transport (2025-03-26+):
	// JSON-RPC POSTed to the target URL, answered with JSON or SSE.
	TransportStreamableHTTP Transport = "streamable_http"
	// TransportSSE is the HTTP+SSE transport of 2024-11-05: a GET event
	// stream at the target URL announces the endpoint to POST to.
	TransportSSE Transport = "sse"
)

// Config is the probe exporter's configuration: named modules.
type Config struct {
	Modules map[string]Module `yaml:"modules"`
}

// Module says how to probe a target: transport, protocol version, auth, TLS,
// steps and timeout.
type Module struct {
	// Transport: streamable_http (default) or sse.
	Transport Transport `yaml:"transport,omitempty"`
	// ProtocolVersion requested at initialize (default 2025-11-25). A
	// version of 2026-07-28 or later uses the stateless core: server/discover
	// instead of initialize, per-request _meta, no session.
	ProtocolVersion string `yaml:"protocol_version,omitempty"`
	// ValidProtocolVersions, when set, lists the negotiated versions that
	// count as success; any other fails initialize with unexpected_result.
	ValidProtocolVersions []string `yaml:"valid_protocol_versions,omitempty"`
	// Timeout of the whole probe (default 10s); a Prometheus scrape timeout
	// can only shorten it.
	Timeout time.Duration `yaml:"timeout,omitempty"`
	// Headers added to every request. Values are secrets: never printed.
	Headers map[string]Secret `yaml:"headers,omitempty"`
	// At most one bearer token source.
	BearerToken     Secret `yaml:"bearer_token,omitempty"`
	BearerTokenEnv  string `yaml:"bearer_token_env,omitempty"`
	BearerTokenFile string `yaml:"bearer_token_file,omitempty"`
	// TLS settings for https targets.
	TLS TLSConfig `yaml:"tls,omitempty"`
	// Steps after initialize.
	Steps Steps `yaml:"steps,omitempty"`
}

// TLSConfig is how the probe checks the server's certificate and presents
// its own.
type TLSConfig struct {
	// CAFile is a PEM bundle of roots; empty means the system roots.
	CAFile string `yaml:"ca_file,omitempty"`
	// CertFile and KeyFile are a client certificate for mutual TLS.
	CertFile string `yaml:"cert_file,omitempty"`
	KeyFile  string `yaml:"key_file,omitempty"`
	// ServerName overrides the name checked against the certificate
	// (default: the target's host).
	ServerName string `yaml:"server_name,omitempty"`
	// InsecureSkipVerify accepts any certificate. The expiry metric is still
	// exported.
	InsecureSkipVerify bool `yaml:"insecure_skip_verify,omitempty"`
	// MinVersion is TLS12 (default) or TLS13.
	MinVersion string `yaml:"min_version,omitempty"`
}

// Steps are what the probe does after initialize. tools/list always runs.
type Steps struct {
	// ExpectTools must all appear in tools/list.
	ExpectTools []string `yaml:"expect_tools,omitempty"`
	// CallTool, when set, is the canary tools/call.
	CallTool *CallTool `yaml:"call_tool,omitempty"`
}

// CallTool is a canary tools/call.
type CallTool struct {
	Name      string         `yaml:"name"`
	Arguments map[string]any `yaml:"arguments,omitempty"`
	// ExpectResult is a regular expression (RE2) the result's text content
	// must match (the raw result JSON when there is no text content).
	ExpectResult string `yaml:"expect_result,omitempty"`
}

// DefaultModule is the built-in module: initialize → tools/list over
// Streamable HTTP with the default protocol version and timeout.
func DefaultModule() Module {
	return Module{Transport: TransportStreamableHTTP, ProtocolVersion: DefaultProtocolVersion, Timeout: DefaultTimeout}
}

// LoadConfig reads and parses a YAML config file. It does not validate; New
// does.
func LoadConfig(path string) (Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Config{}, fmt.Errorf("read probe config: %w", err)
	}
	cfg, err := ParseConfig(data)
	if err != nil {
		return Config{}, fmt.Errorf("%s: %w", path, err)
	}
	return cfg, nil
}

// ParseConfig parses YAML. Unknown keys are errors.
func ParseConfig(data []byte) (Config, error) {
	var cfg Config
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&cfg); err != nil && !errors.Is(err, io.EOF) {
		return Config{}, fmt.Errorf("parse probe config: %w", err)
	}
	return cfg, nil
}

// withDefaults returns m with empty fields filled in.
func (m Module) withDefaults() Module {
	if m.Transport == "" {
		m.Transport = TransportStreamableHTTP
	}
	if m.ProtocolVersion == "" {
		m.ProtocolVersion = DefaultProtocolVersion
	}
	if m.Timeout == 0 {
		m.Timeout = DefaultTimeout
	}
	return m
}
