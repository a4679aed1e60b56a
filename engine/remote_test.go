package engine_test

import (
	"context"
	"crypto/tls"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/engine"
	"github.com/mcpchaos/mcpchaos/internal/certs"
)

// TestRemoteModules: an https:// import (and the relative import inside
// it) loads from a loopback TLS server signed by a test CA given as a CA
// file, lands in the module cache, and loads offline from the cache once
// the server is gone; unreachable and uncached imports fail with 107 and
// say what to do.
func TestRemoteModules(t *testing.T) {
	t.Parallel()
	ca, err := certs.NewCA("remote modules test CA", 24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	pair, err := ca.Issue(certs.Options{})
	if err != nil {
		t.Fatal(err)
	}
	cert, err := pair.TLSCertificate()
	if err != nil {
		t.Fatal(err)
	}
	var fetches atomic.Int64
	files := http.FileServer(http.Dir(filepath.Join("testdata", "remote", "served")))
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fetches.Add(1)
		files.ServeHTTP(w, r)
	}))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	t.Cleanup(srv.Close)

	dir := t.TempDir()
	caFile := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(caFile, ca.CertPEM, 0o644); err != nil {
		t.Fatal(err)
	}
	tmpl, err := os.ReadFile(filepath.Join("testdata", "remote", "main.js"))
	if err != nil {
		t.Fatal(err)
	}
	script := filepath.Join(dir, "main.js")
	if err := os.WriteFile(script, []byte(strings.ReplaceAll(string(tmpl), "{{BASE}}", srv.URL)), 0o644); err != nil {
		t.Fatal(err)
	}
	cache := filepath.Join(dir, "cache")
	run := func(rm engine.RemoteModules) outcome {
		abs, _ := filepath.Abs(script)
		return runScript(t, context.Background(), "", nil, func(o *engine.Options) {
			o.ScriptPath = abs
			o.RemoteModules = rm
		})
	}
	passed := func(name string, o outcome) {
		t.Helper()
		if o.err != nil {
			t.Fatalf("%s: %v\n%s", name, o.err, o.stderr)
		}
		if v := mustValue(t, o.res.Summary, "checks", "passes"); v != 1 {
			t.Errorf("%s: checks passed = %v, want 1", name, v)
		}
	}
	failed := func(name string, o outcome, want string) {
		t.Helper()
		if o.code() != engine.ExitScriptException || o.err == nil || !strings.Contains(o.err.Error(), want) {
			t.Errorf("%s: exit %d, err %v; want 107 saying %q", name, o.code(), o.err, want)
		}
	}

	failed("without the CA", run(engine.RemoteModules{CacheDir: cache}), "certificate signed by unknown authority")
	passed("online", run(engine.RemoteModules{CacheDir: cache, CAFile: caFile}))
	if n := fetches.Load(); n != 2 {
		t.Errorf("the server saw %d requests, want 2 (greet.js, words.js)", n)
	}
	if cached, _ := os.ReadDir(cache); len(cached) != 2 {
		t.Errorf("the cache holds %d files, want 2", len(cached))
	}
	failed("offline, empty cache", run(engine.RemoteModules{CacheDir: t.TempDir(), Offline: true}), "not in the cache")

	srv.Close()
	before := fetches.Load()
	passed("offline from the cache", run(engine.RemoteModules{CacheDir: cache, Offline: true}))
	if fetches.Load() != before {
		t.Error("an offline run fetched from the server")
	}
	failed("online, server gone", run(engine.RemoteModules{CacheDir: cache, CAFile: caFile}), "run with --offline to use it")
}
