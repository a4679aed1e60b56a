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
		{name: "ruler kind", body: "backends:\n  ruler: {kind: thanos, url: http://127.0.0.1:3}\n", wantErr: []string{"backends.ruler.kind \"thanos\": use one of vmalert"}},
		{
			name:    "every problem at once",
			body:    "mcp: {transport: grpc}\nbackends:\n  logs: {kind: elastic}\n  traces: {url: 'ftp://x'}\n",
			wantErr: []string{"mcp.transport \"grpc\"", "backends.logs.kind \"elastic\"", "backends.traces.url"},
		},
		{
			name:    "docker targets",
			body:    "faults:\n  targets:\n    web: {driver: docker}\n    db: {driver: docker, component: db-1, docker_host: 'ssh://host'}\n    ok: {driver: docker, component: ok-1, docker_host: 'unix:///run/docker.sock'}\n",
			wantErr: []string{"faults.targets.web.component: missing", "faults.targets.db.docker_host \"ssh://host\""},
		},
		{name: "unknown env", env: []string{"MCPCHAOS_MCP_URI=x"}, wantErr: []string{"MCPCHAOS_MCP_URI does not name"}},
		{name: "bad env duration", env: []string{"MCPCHAOS_MCP_TIMEOUT=soon"}, wantErr: []string{"MCPCHAOS_MCP_TIMEOUT"}},
		{name: "env typo names the key", env: []string{"MCPCHAOS_MCP_URLL=http://x"}, wantErr: []string{"MCPCHAOS_MCP_URLL does not name a config setting: did you mean MCPCHAOS_MCP_URL?"}},
		{name: "env swapped letters", env: []string{"MCPCHAOS_MCP_TIMOEUT=5s"}, wantErr: []string{"did you mean MCPCHAOS_MCP_TIMEOUT?"}},
		{name: "env two typos in a long key", env: []string{"MCPCHAOS_BACKENDS_PROMETEUS_UR=x"}, wantErr: []string{"did you mean MCPCHAOS_BACKENDS_PROMETHEUS_URL?"}},
		{name: "env map key", env: []string{"MCPCHAOS_MCP_HEADERS=x"}, wantErr: []string{"MCPCHAOS_MCP_HEADERS: a map cannot be set from the environment"}},
		{
			name:    "every env problem at once",
			env:     []string{"MCPCHAOS_MCP_URLL=x", "MCPCHAOS_METRICS_PRESETT=otel", "MCPCHAOS_MCP_TIMEOUT=soon"},
			wantErr: []string{"MCPCHAOS_MCP_URLL", "MCPCHAOS_METRICS_PRESETT", "MCPCHAOS_MCP_TIMEOUT=\"soon\""},
		},
		{
			name: "other MCPCHAOS_ variables are not errors",
			env:  []string{"MCPCHAOS_WRAPPERS=/x", "MCPCHAOS_BIN=/x", "MCPCHAOS_BIN_PROMETHEUS=/x", "MCPCHAOS_MY_URL=x", "MCPCHAOS_CACHE=/c", "MCPCHAOS_MCP_URL=http://127.0.0.1:9/mcp"},
			check: func(t *testing.T, c *Config) {
				if c.MCP.URL != "http://127.0.0.1:9/mcp" {
					t.Errorf("got %+v", c.MCP)
				}
			},
		},
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

// TestLoadUnknownEnv: variables that are neither keys nor typos of keys go
// to the caller, in order, and only those.
func TestLoadUnknownEnv(t *testing.T) {
	t.Parallel()
	var got []string
	env := []string{"MCPCHAOS_WRAPPERS=/x", "MCPCHAOS_MCP_URL=http://127.0.0.1:1/mcp", "HOME=/h", "MCPCHAOS_BIN=/x", "MCPCHAOS_MY_URL=x"}
	if _, err := Load("", env, WithUnknownEnv(func(name string) { got = append(got, name) })); err != nil {
		t.Fatal(err)
	}
	if want := "MCPCHAOS_WRAPPERS MCPCHAOS_BIN MCPCHAOS_MY_URL"; strings.Join(got, " ") != want {
		t.Errorf("unknown %q, want %q", got, want)
	}
}

func TestNearMiss(t *testing.T) {
	t.Parallel()
	keys := []string{"MCPCHAOS_MCP_URL", "MCPCHAOS_MCP_TIMEOUT", "MCPCHAOS_BACKENDS_LOGS_URL", "MCPCHAOS_BACKENDS_LOGS_KIND"}
	tests := []struct {
		name, want string
	}{
		{"MCPCHAOS_MCP_URLL", "MCPCHAOS_MCP_URL"},
		{"MCPCHAOS_MCP_UR", "MCPCHAOS_MCP_URL"},
		{"MCPCHAOS_MCP_ULR", "MCPCHAOS_MCP_URL"},                   // a swap is one edit
		{"MCPCHAOS_MY_URL", ""},                                    // two edits from a short key: a name of its own
		{"MCPCHAOS_MCP_TIMEOUTS", "MCPCHAOS_MCP_TIMEOUT"},          //
		{"MCPCHAOS_BACKENDS_LOG_UR", "MCPCHAOS_BACKENDS_LOGS_URL"}, // two edits from a long key
		{"MCPCHAOS_BACKENDS_LOGS_URL", ""},                         // the key itself is no miss
		{"MCPCHAOS_WRAPPERS", ""},
		{"MCPCHAOS_BIN", ""},
	}
	for _, tt := range tests {
		got, ok := nearMiss(tt.name, keys)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("nearMiss(%s) = %q, %v; want %q", tt.name, got, ok, tt.want)
		}
	}
}
