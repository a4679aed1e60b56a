package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func writeConfig(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "mcpchaos.yaml")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoad(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		body    string
		env     []string
		wantErr []string
		check   func(*testing.T, *Config)
	}{
		{
			name: "file and env override",
			body: "mcp:\n  url: http://127.0.0.1:1/mcp\nbackends:\n  logs: {kind: victorialogs, url: http://127.0.0.1:2}\n",
			env:  []string{"MCPCHAOS_MCP_URL=http://127.0.0.1:9/mcp", "MCPCHAOS_MCP_TIMEOUT=5s", "PATH=/bin"},
			check: func(t *testing.T, c *Config) {
				if c.MCP.URL != "http://127.0.0.1:9/mcp" || c.MCP.Timeout != 5*time.Second || c.Backends.Logs.Kind != "victorialogs" {
					t.Errorf("got %+v", c)
				}
			},
		},
		{name: "unknown key", body: "mcp:\n  uri: x\n", wantErr: []string{"field uri not found"}},
		{
			name:    "every problem at once",
			body:    "mcp: {transport: grpc}\nbackends:\n  logs: {kind: elastic}\n  traces: {url: 'ftp://x'}\n",
			wantErr: []string{"mcp.transport \"grpc\"", "backends.logs.kind \"elastic\"", "backends.traces.url"},
		},
		{name: "unknown env", env: []string{"MCPCHAOS_MCP_URI=x"}, wantErr: []string{"MCPCHAOS_MCP_URI does not name"}},
		{name: "bad env duration", env: []string{"MCPCHAOS_MCP_TIMEOUT=soon"}, wantErr: []string{"MCPCHAOS_MCP_TIMEOUT"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := ""
			if tt.body != "" {
				path = writeConfig(t, tt.body)
			}
			cfg, err := Load(path, tt.env)
			if len(tt.wantErr) > 0 {
				if err == nil {
					t.Fatalf("want error, got %+v", cfg)
				}
				for _, w := range tt.wantErr {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("error %q lacks %q", err, w)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, cfg)
		})
	}
}
