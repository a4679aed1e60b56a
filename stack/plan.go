package stack

import (
	"bytes"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/template"

	"github.com/mcpchaos/mcpchaos/stack/supervisor"
)

// plan is everything rendered templates and specs need: where the stack
// lives, its ports and binaries. Templates see it as their dot.
type plan struct {
	Dir     string
	Profile string
	// PortMap maps component.port names to ports.
	PortMap map[string]int
	// Bins maps install names to binaries.
	Bins map[string]string
	// Self is the mcpchaos binary.
	Self string
	// TLS says whether the server serves MCP over TLS.
	TLS bool
	// RelayTraces sends server traces through the collector.
	RelayTraces bool
	// ServerCmd and DownstreamCmd replace the reference fixtures.
	ServerCmd, DownstreamCmd []string
	// HasRules says whether configs/rules/mcp.rules.yml exists.
	HasRules bool
	// Mutations are the test-only switches the stack runs with.
	Mutations []string
}

// Fast reports the fast profile.
func (p *plan) Fast() bool { return p.Profile == ProfileFast }

// ResendDelay is how long Prometheus waits before sending a still-firing
// alert to Alertmanager again.
func (p *plan) ResendDelay() string {
	if p.Fast() {
		return "2s"
	}
	return "1m"
}

// Port returns the port called name; an unknown name is a template bug
// and renders as 0, which the golden tests catch.
func (p *plan) Port(name string) int { return p.PortMap[name] }

// Addr is 127.0.0.1:port for name.
func (p *plan) Addr(name string) string { return "127.0.0.1:" + strconv.Itoa(p.PortMap[name]) }

// HTTP is http://127.0.0.1:port for name.
func (p *plan) HTTP(name string) string { return "http://" + p.Addr(name) }

// Path joins elements under the stack directory.
func (p *plan) Path(elem ...string) string { return filepath.Join(append([]string{p.Dir}, elem...)...) }

// Config is the path of a rendered config file.
func (p *plan) Config(name string) string { return p.Path("configs", name) }

// Data is a component's storage directory.
func (p *plan) Data(name string) string { return p.Path("data", name) }

// Log is the path of a log file in logs/.
func (p *plan) Log(name string) string { return p.Path("logs", name) }

// MCPURL is the server's MCP endpoint.
func (p *plan) MCPURL() string {
	scheme := "https"
	if !p.TLS {
		scheme = "http"
	}
	return (&url.URL{Scheme: scheme, Host: p.Addr("mcp-server.mcp"), Path: "/mcp"}).String()
}

// CAFile, CAKeyFile, CertFile and KeyFile are the stack's TLS files.
func (p *plan) CAFile() string    { return p.Path("tls", "ca.pem") }
func (p *plan) CAKeyFile() string { return p.Path("tls", "ca-key.pem") }
func (p *plan) CertFile() string  { return p.Path("tls", "server.pem") }
func (p *plan) KeyFile() string   { return p.Path("tls", "server-key.pem") }

// TelemetryMetrics is the service.telemetry.metrics block of an
// OpenTelemetry-Collector-style config (the collector's and Jaeger's): a
// Prometheus pull endpoint on the port called port, with counters named
// *_total as Prometheus rules expect.
func (p *plan) TelemetryMetrics(port, level string) string {
	return "    metrics:\n" +
		"      level: " + level + "\n" +
		"      readers:\n" +
		"        - pull:\n" +
		"            exporter:\n" +
		"              prometheus:\n" +
		"                host: 127.0.0.1\n" +
		"                port: " + itoa(p.Port(port)) + "\n" +
		"                without_type_suffix: false"
}

// file is one rendered config file.
type file struct {
	// Name is relative to configs/.
	Name string
	Data []byte
}

// component is one process of the stack: the files it needs and how the
// supervisor runs it.
type component struct {
	// Name is the supervisor's component name.
	Name string
	// Install is the install name of its binary; "" for mcpchaos itself or
	// a user command.
	Install string
	// Files renders its config files.
	Files func(p *plan) ([]file, error)
	// Spec is how the supervisor runs it.
	Spec func(p *plan) supervisor.Spec
}

// components is the stack in start order.
func components() []component {
	return []component{
		victoriaLogs(), jaeger(), prometheus(), alertmanager(), vmalert(), otelcol(),
		toxiproxy(), downstream(), mcpServer(), probe(),
	}
}

// render executes a template on the plan.
func render(name, text string, p *plan) ([]byte, error) {
	t, err := template.New(name).Option("missingkey=error").Parse(text)
	if err != nil {
		return nil, fmt.Errorf("template %s: %w", name, err)
	}
	var b bytes.Buffer
	if err := t.Execute(&b, p); err != nil {
		return nil, fmt.Errorf("render %s: %w", name, err)
	}
	return b.Bytes(), nil
}

// renderOne makes a Files func for a single template.
func renderOne(name, text string) func(p *plan) ([]file, error) {
	return func(p *plan) ([]file, error) {
		b, err := render(name, text, p)
		if err != nil {
			return nil, err
		}
		return []file{{Name: name, Data: b}}, nil
	}
}

// baseSpec fills what every component shares.
func baseSpec(p *plan, name, path string, args ...string) supervisor.Spec {
	return supervisor.Spec{
		Name:    name,
		Path:    path,
		Args:    args,
		Dir:     p.Dir,
		LogFile: p.Log(name + ".log"),
		Restart: supervisor.RestartAlways,
		Ports:   p.portsOf(name),
	}
}

// portsOf picks the ports of one component, by their short names.
func (p *plan) portsOf(comp string) map[string]int {
	out := map[string]int{}
	for name, port := range p.PortMap {
		if c, short, ok := strings.Cut(name, "."); ok && c == comp {
			out[short] = port
		}
	}
	return out
}

// writeFiles writes rendered files under configs/.
func writeFiles(dir string, files []file) error {
	for _, f := range files {
		path := filepath.Join(dir, "configs", f.Name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, f.Data, 0o644); err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
	}
	return nil
}

func itoa(n int) string { return strconv.Itoa(n) }
