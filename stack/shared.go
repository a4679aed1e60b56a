package stack

import (
	"bytes"
	"fmt"
	"path"
	"text/template"
)

// SharedConfig is a config file of the embedded stack whose format is the
// same wherever the pipeline runs, so another deployment (the repository's
// docker-compose.yml) renders it from the same template instead of
// keeping a copy.
type SharedConfig struct {
	// Name is the embedded stack's file name: prometheus.yml,
	// alertmanager.yml, probe.yml or toxiproxy.json.
	Name string
	Data []byte
}

// RenderShared renders the shared configs of profile (fast or prod) for a
// deployment that serves the stack's ports at other addresses: addrs
// maps the stack's port names ("prometheus.web", "mcp-server.mcp",
// "toxiproxy.downstream", ...) to host:port as that deployment's
// processes see them; a name it leaves out renders as "" (a scrape
// target or webhook the caller drops). configDir is where the configs
// live there (rule_files are under configDir/rules). The MCP server is
// the reference server over plain HTTP.
func RenderShared(profile string, addrs map[string]string, configDir string) ([]SharedConfig, error) {
	if profile != ProfileFast && profile != ProfileProd {
		return nil, fmt.Errorf("profile %q is unknown: want %s or %s", profile, ProfileFast, ProfileProd)
	}
	d := sharedDot{profile: profile, addrs: addrs, configDir: configDir}
	var out []SharedConfig
	for _, t := range []struct{ name, text string }{
		{"prometheus.yml", prometheusConfig},
		{"alertmanager.yml", alertmanagerConfig},
		{"probe.yml", probeConfig},
		{"toxiproxy.json", toxiproxyConfig},
	} {
		tmpl, err := template.New(t.name).Option("missingkey=error").Parse(t.text)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", t.name, err)
		}
		var b bytes.Buffer
		if err := tmpl.Execute(&b, d); err != nil {
			return nil, fmt.Errorf("render %s for another deployment: %w", t.name, err)
		}
		out = append(out, SharedConfig{Name: t.name, Data: b.Bytes()})
	}
	return out, nil
}

// sharedDot is what the shared templates see in place of a plan: the
// same methods, answered from another deployment's addresses.
type sharedDot struct {
	profile   string
	addrs     map[string]string
	configDir string
}

func (d sharedDot) Fast() bool            { return d.profile == ProfileFast }
func (d sharedDot) TLS() bool             { return false }
func (d sharedDot) CAFile() string        { return "" }
func (d sharedDot) ReferenceServer() bool { return true }
func (d sharedDot) Addr(name string) string {
	return d.addrs[name]
}

func (d sharedDot) HTTP(name string) string {
	if a := d.addrs[name]; a != "" {
		return "http://" + a
	}
	return ""
}

func (d sharedDot) Config(name string) string { return path.Join(d.configDir, name) }
func (d sharedDot) MCPURL() string            { return d.HTTP("mcp-server.mcp") + "/mcp" }

// Mutated: no test-only mutation applies to another deployment.
func (d sharedDot) Mutated(string) bool { return false }
