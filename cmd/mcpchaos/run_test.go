package main

import (
	"context"
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
