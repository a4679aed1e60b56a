package main

import (
	"context"
	"errors"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/config"
)

// TestRunHTTPFlags: --insecure-skip-tls-verify and --user-agent reach
// k6/http, as k6's flags do; an empty --user-agent sends no User-Agent.
func TestRunHTTPFlags(t *testing.T) {
	var mu sync.Mutex
	var agents []string
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		agents = append(agents, strings.Join(r.Header.Values("User-Agent"), ","))
		mu.Unlock()
	}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	t.Cleanup(srv.Close)
	script := filepath.Join(t.TempDir(), "get.js")
	src := `import http from 'k6/http';
export const options = { iterations: 1, thresholds: { http_req_failed: ['rate==0'] } };
export default function () { http.get(__ENV.URL); }
`
	if err := os.WriteFile(script, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) error {
		root := newRootCommand()
		root.SetArgs(append(append([]string{"run", "-q", "-e", "URL=" + srv.URL}, args...), script))
		root.SetOut(io.Discard)
		root.SetErr(io.Discard)
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		return root.ExecuteContext(ctx)
	}
	if err := run(); err == nil {
		t.Error("a self-signed certificate passed without --insecure-skip-tls-verify")
	}
	if err := run("--insecure-skip-tls-verify", "--user-agent", "flag-agent/1"); err != nil {
		t.Errorf("with --insecure-skip-tls-verify: %v", err)
	}
	if err := run("--insecure-skip-tls-verify", "--user-agent", ""); err != nil {
		t.Errorf("with --user-agent '': %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if want := []string{"flag-agent/1", ""}; strings.Join(agents, "|") != strings.Join(want, "|") {
		t.Errorf("server saw User-Agents %q, want %q", agents, want)
	}
}

// TestRunEnvironment: an MCPCHAOS_ variable meant for another part of the
// tool (MCPCHAOS_WRAPPERS, as stack install advises) or for the user's own
// scripts (MCPCHAOS_BIN) does not stop a run; the second gets a warning.
// A near miss of a config key is invalid config (104) naming the key.
func TestRunEnvironment(t *testing.T) {
	script := filepath.Join(t.TempDir(), "x.js")
	if err := os.WriteFile(script, []byte("export const options = { iterations: 1 };\nexport default function () {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, key, value string
		wantCode         int    // 0: the run succeeds
		wantErr          string // in the error when it fails
		wantWarning      string // in stderr; "" wants none about key
	}{
		{name: "installer's variable", key: "MCPCHAOS_WRAPPERS", value: "/x"},
		{name: "installer's binary override", key: "MCPCHAOS_BIN_PROMETHEUS", value: "/x"},
		{name: "the user's own", key: "MCPCHAOS_BIN", value: "/x", wantWarning: "environment MCPCHAOS_BIN is not a config setting"},
		{name: "typo of a config key", key: "MCPCHAOS_MCP_URLL", value: "http://127.0.0.1:1/mcp", wantCode: 104, wantErr: "did you mean MCPCHAOS_MCP_URL?"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(tt.key, tt.value)
			var stderr strings.Builder
			root := newRootCommand()
			root.SetArgs([]string{"run", "-q", script})
			root.SetOut(io.Discard)
			root.SetErr(&stderr)
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			err := root.ExecuteContext(ctx)
			if tt.wantCode == 0 {
				if err != nil {
					t.Fatalf("%s=%s: run failed: %v", tt.key, tt.value, err)
				}
			} else {
				var ec exitCoder
				if !errors.As(err, &ec) || ec.ExitCode() != tt.wantCode || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("%s=%s: error %v, want exit %d saying %q", tt.key, tt.value, err, tt.wantCode, tt.wantErr)
				}
			}
			// Other MCPCHAOS_ variables of the caller's may add warnings of their own.
			warned := strings.Contains(stderr.String(), "environment "+tt.key+" ")
			if tt.wantWarning == "" && warned || tt.wantWarning != "" && !strings.Contains(stderr.String(), tt.wantWarning) {
				t.Errorf("stderr %q, want warning %q", stderr.String(), tt.wantWarning)
			}
		})
	}
}

// TestToolEnvIsNoTypo: no variable that mcpchaos reads is mistaken for a
// typo of a config key.
func TestToolEnvIsNoTypo(t *testing.T) {
	t.Parallel()
	env := make([]string, 0, len(toolEnv()))
	for _, name := range toolEnv() {
		env = append(env, name+"=x")
	}
	var unknown []string
	if _, err := config.Load("", env, config.WithUnknownEnv(func(n string) { unknown = append(unknown, n) })); err != nil {
		t.Fatalf("the tool's own variables: %v", err)
	}
	if len(unknown) != len(env) {
		t.Errorf("passed on %v, want every one of %v", unknown, env)
	}
}
