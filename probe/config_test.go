package probe_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/probe"
)

func TestLoadConfig(t *testing.T) {
	t.Parallel()
	cfg, err := probe.LoadConfig("testdata/probe.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	canary := cfg.Modules["canary"]
	if canary.Timeout != 5*time.Second || canary.BearerTokenEnv != "MCP_PROBE_TOKEN" ||
		canary.Steps.CallTool == nil || canary.Steps.CallTool.Arguments["message"] != "canary" ||
		canary.TLS.MinVersion != "TLS13" || canary.Headers["X-Probe-Env"].Reveal() != "staging" {
		t.Errorf("canary module decoded wrong: %+v", canary)
	}
	if got := cfg.Modules["legacy_sse"].Transport; got != probe.TransportSSE {
		t.Errorf("legacy_sse transport %q", got)
	}
}

func TestConfigProblemsAllReported(t *testing.T) {
	t.Parallel()
	cfg, err := probe.LoadConfig("testdata/invalid.yaml")
	if err != nil {
		t.Fatal(err)
	}
	err = cfg.Validate()
	if !errors.Is(err, probe.ErrInvalidConfig) {
		t.Fatalf("want ErrInvalidConfig, got %v", err)
	}
	for _, want := range []string{
		`module "broken": transport: unknown value "grpc"; use streamable_http or sse`,
		`module "broken": protocol_version: "latest" is not an MCP revision`,
		`module "broken": timeout: is negative`,
		`module "broken": bearer_token: bearer_token, bearer_token_env and bearer_token_file are exclusive`,
		`module "broken": headers.Mcp-Session-Id: is set by the probe itself`,
		`module "broken": tls.cert_file: cert_file and key_file go together`,
		`module "broken": tls.min_version: unknown value "TLS10"`,
		`module "bad_steps": protocol_version: 2026-07-28 has no HTTP+SSE transport`,
		`module "bad_steps": steps.expect_tools[0]: is empty`,
		`module "bad_steps": steps.call_tool.name: is empty`,
		`module "bad_steps": steps.call_tool.expect_result: is not a regular expression`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("problems lack %q:\n%v", want, err)
		}
	}
	if strings.Contains(err.Error(), "inline-token") {
		t.Errorf("a validation error shows the token:\n%v", err)
	}
	if _, newErr := probe.New(cfg); !errors.Is(newErr, probe.ErrInvalidConfig) {
		t.Errorf("New accepted an invalid config: %v", newErr)
	}
}

func TestConfigUnknownKey(t *testing.T) {
	t.Parallel()
	_, err := probe.LoadConfig("testdata/unknown_key.yaml")
	if err == nil || !strings.Contains(err.Error(), "field timout not found") {
		t.Fatalf("want an unknown-field error, got %v", err)
	}
}

// New checks what needs the file system and the environment, all at once.
func TestNewReportsFileAndEnvProblems(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	notPEM := filepath.Join(dir, "ca.pem")
	empty := filepath.Join(dir, "token")
	for _, f := range []string{notPEM, empty} {
		if err := os.WriteFile(f, []byte("\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	cfg := probe.Config{Modules: map[string]probe.Module{
		"a": {BearerTokenEnv: "UNSET_PROBE_TOKEN", TLS: probe.TLSConfig{CAFile: filepath.Join(dir, "missing.pem")}},
		"b": {BearerTokenFile: empty, TLS: probe.TLSConfig{CAFile: notPEM}},
		"c": {TLS: probe.TLSConfig{CertFile: filepath.Join(dir, "c.pem"), KeyFile: filepath.Join(dir, "k.pem")}},
	}}
	_, err := probe.New(cfg, probe.WithLookupEnv(func(string) (string, bool) { return "", false }))
	for _, want := range []string{
		`module "a": bearer_token_env: environment variable UNSET_PROBE_TOKEN is not set or empty; export it`,
		`module "a": tls.ca_file: cannot be read`,
		`module "b": bearer_token_file: ` + empty + ` is empty`,
		`module "b": tls.ca_file: ` + notPEM + ` holds no PEM certificate`,
		`module "c": tls.cert_file: cannot load the client key pair`,
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("New error lacks %q:\n%v", want, err)
		}
	}
}

func TestDefaultModuleAlwaysThere(t *testing.T) {
	t.Parallel()
	p, err := probe.New(probe.Config{})
	if err != nil {
		t.Fatal(err)
	}
	m, ok := p.Module(probe.DefaultModuleName)
	if !ok || m.Transport != probe.TransportStreamableHTTP || m.ProtocolVersion != probe.DefaultProtocolVersion || m.Steps.CallTool != nil {
		t.Errorf("default module %+v, %v", m, ok)
	}
	if got := p.UserAgent(); got != "mcpchaos-probe/dev" {
		t.Errorf("User-Agent %q", got)
	}
}
