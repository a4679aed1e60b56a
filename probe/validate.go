package probe

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"
)

// ErrInvalidConfig is wrapped by every configuration problem.
var ErrInvalidConfig = errors.New("invalid probe config")

// protocolVersionPattern is the shape of an MCP revision: a date.
var protocolVersionPattern = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// modernProtocolVersion is the first revision without initialize.
const modernProtocolVersion = "2026-07-28"

// isModern reports whether version uses the stateless core (server/discover,
// per-request _meta, no session). Versions are dates and sort as strings.
func isModern(version string) bool { return version >= modernProtocolVersion }

// reservedHeaders are set by the probe itself and cannot be configured.
func reservedHeaders() []string {
	return []string{
		"Accept", "Content-Type", "Content-Length", "Mcp-Session-Id", "Mcp-Protocol-Version",
		"Mcp-Method", "Mcp-Name", "Traceparent", "User-Agent", "Last-Event-Id", "Host",
	}
}

// problems collects every configuration problem so they are reported at once.
type problems []error

func (p *problems) add(module, field, format string, args ...any) {
	*p = append(*p, fmt.Errorf("%w: module %q: %s: %s", ErrInvalidConfig, module, field, fmt.Sprintf(format, args...)))
}

func (p problems) err() error { return errors.Join(p...) }

// Validate reports every structural problem of the config at once, naming
// the module, the field and what to do. Problems that need the file system
// or the environment (CA files, token files and variables) are reported by
// New.
func (c Config) Validate() error {
	var p problems
	for _, name := range sortedNames(c.Modules) {
		c.Modules[name].validate(name, &p)
	}
	return p.err()
}

func sortedNames(modules map[string]Module) []string {
	names := make([]string, 0, len(modules))
	for name := range modules {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

func (m Module) validate(name string, p *problems) {
	if strings.TrimSpace(name) == "" {
		p.add(name, "name", "is empty; give the module a name")
	}
	m = m.withDefaults()
	switch m.Transport {
	case TransportStreamableHTTP, TransportSSE:
	default:
		p.add(name, "transport", "unknown value %q; use %s or %s", m.Transport, TransportStreamableHTTP, TransportSSE)
	}
	if !protocolVersionPattern.MatchString(m.ProtocolVersion) {
		p.add(name, "protocol_version", "%q is not an MCP revision; use a date such as %s", m.ProtocolVersion, DefaultProtocolVersion)
	} else if m.Transport == TransportSSE && isModern(m.ProtocolVersion) {
		p.add(name, "protocol_version", "%s has no HTTP+SSE transport; use transport %s or a version before %s",
			m.ProtocolVersion, TransportStreamableHTTP, modernProtocolVersion)
	}
	for i, v := range m.ValidProtocolVersions {
		if !protocolVersionPattern.MatchString(v) {
			p.add(name, fmt.Sprintf("valid_protocol_versions[%d]", i), "%q is not an MCP revision; use a date such as %s", v, DefaultProtocolVersion)
		}
	}
	if m.Timeout < 0 {
		p.add(name, "timeout", "is negative (%s); use a positive duration such as 5s", m.Timeout)
	}
	m.validateAuth(name, p)
	m.TLS.validate(name, p)
	m.Steps.validate(name, p)
}

func (m Module) validateAuth(name string, p *problems) {
	sources := 0
	for _, set := range []bool{m.BearerToken != "", m.BearerTokenEnv != "", m.BearerTokenFile != ""} {
		if set {
			sources++
		}
	}
	if sources > 1 {
		p.add(name, "bearer_token", "bearer_token, bearer_token_env and bearer_token_file are exclusive; keep one")
	}
	for header := range m.Headers {
		canonical := http.CanonicalHeaderKey(header)
		if slices.Contains(reservedHeaders(), canonical) {
			p.add(name, "headers."+header, "is set by the probe itself; remove it")
		}
		if canonical == "Authorization" && sources > 0 {
			p.add(name, "headers."+header, "conflicts with the bearer token; keep one of them")
		}
	}
}

func (t TLSConfig) validate(name string, p *problems) {
	if (t.CertFile == "") != (t.KeyFile == "") {
		p.add(name, "tls.cert_file", "cert_file and key_file go together; set both or neither")
	}
	switch t.MinVersion {
	case "", "TLS12", "TLS13":
	default:
		p.add(name, "tls.min_version", "unknown value %q; use TLS12 or TLS13", t.MinVersion)
	}
}

func (s Steps) validate(name string, p *problems) {
	for i, tool := range s.ExpectTools {
		if strings.TrimSpace(tool) == "" {
			p.add(name, fmt.Sprintf("steps.expect_tools[%d]", i), "is empty; name a tool or remove the entry")
		}
	}
	if s.CallTool == nil {
		return
	}
	if strings.TrimSpace(s.CallTool.Name) == "" {
		p.add(name, "steps.call_tool.name", "is empty; name the canary tool to call")
	}
	if _, err := regexp.Compile(s.CallTool.ExpectResult); err != nil {
		p.add(name, "steps.call_tool.expect_result", "is not a regular expression: %v", err)
	}
	if _, err := json.Marshal(s.CallTool.Arguments); err != nil {
		p.add(name, "steps.call_tool.arguments", "cannot be sent as JSON: %v; use plain maps, lists and scalars", err)
	}
}

// effectiveTimeout is the module timeout, or the default.
func (m Module) effectiveTimeout() time.Duration {
	if m.Timeout > 0 {
		return m.Timeout
	}
	return DefaultTimeout
}
