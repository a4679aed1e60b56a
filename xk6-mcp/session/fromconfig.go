package session

import (
	"path/filepath"

	"github.com/mcpchaos/mcpchaos/config"
)

// OptionsFromConfig returns the session options that mcpchaos.yaml's mcp
// section implies. env resolves bearer_token_env; relative TLS file paths
// are taken relative to dir (none when dir is "").
func OptionsFromConfig(m config.MCP, env map[string]string, dir string) Options {
	o := Options{Transport: StreamableHTTP, Headers: map[string]string{}}
	o.URL = m.URL
	if m.Transport != "" {
		o.Transport = Transport(m.Transport)
	}
	for k, v := range m.Headers {
		o.Headers[k] = v
	}
	if m.BearerTokenEnv != "" {
		o.BearerToken = env[m.BearerTokenEnv]
	}
	o.Timeout = m.Timeout
	o.ProtocolVersion = m.ProtocolVersion
	o.TLS = TLS{
		CAFile: ResolvePath(m.TLS.CAFile, dir), CertFile: ResolvePath(m.TLS.CertFile, dir), KeyFile: ResolvePath(m.TLS.KeyFile, dir),
		ServerName: m.TLS.ServerName, InsecureSkipVerify: m.TLS.InsecureSkipVerify,
	}
	return o
}

// ResolvePath makes path relative to dir, leaving empty and absolute
// paths (and any path when dir is "") as they are.
func ResolvePath(path, dir string) string {
	if path == "" || filepath.IsAbs(path) || dir == "" {
		return path
	}
	return filepath.Join(dir, path)
}
