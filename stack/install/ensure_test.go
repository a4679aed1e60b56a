package install

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/internal/poll"
	"github.com/mcpchaos/mcpchaos/internal/syncbuf"
)

func TestEnsureBuildsOnceIntoVersionedDir(t *testing.T) {
	fakeGo(t, installOK)
	count := filepath.Join(t.TempDir(), "count")
	t.Setenv("COUNT", count)
	cache := t.TempDir()
	var progress bytes.Buffer
	opts := Options{CacheDir: cache, Progress: &progress}
	// A build killed with -9 left its temporary dir behind.
	if err := os.MkdirAll(filepath.Join(cache, "bin", ".toxiproxy-v2.5.0.tmp-123"), 0o755); err != nil {
		t.Fatal(err)
	}

	p, err := Ensure(t.Context(), opts, "toxiproxy")
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(cache, "bin", "toxiproxy-v2.5.0", "toxiproxy-server"); p != want {
		t.Errorf("path = %s, want %s (cmd/server renamed)", p, want)
	}
	s := readStamp(filepath.Dir(p))
	if s.Module != "github.com/Shopify/toxiproxy/v2" || s.Version != "v2.5.0" || s.GoVersion != "go-fake" || s.Key == "" {
		t.Errorf("stamp = %+v", s)
	}
	if !strings.Contains(progress.String(), "building toxiproxy v2.5.0") || !strings.Contains(progress.String(), "done in") {
		t.Errorf("progress = %q", progress.String())
	}
	if _, err := Ensure(t.Context(), opts, "toxiproxy"); err != nil {
		t.Fatal(err)
	}
	if n := countLines(t, count); n != 1 {
		t.Errorf("go install ran %d times, want 1 (second Ensure is a cache hit)", n)
	}
	leftovers, _ := filepath.Glob(filepath.Join(cache, "bin", ".*"))
	if len(leftovers) != 0 {
		t.Errorf("temporary dirs left (stale or new): %v", leftovers)
	}
}

func TestEnsureRebuildsOnChangedStamp(t *testing.T) {
	fakeGo(t, installOK)
	count := filepath.Join(t.TempDir(), "count")
	t.Setenv("COUNT", count)
	opts := Options{CacheDir: t.TempDir()}
	p, err := Ensure(t.Context(), opts, "toxiproxy")
	if err != nil {
		t.Fatal(err)
	}
	// A stamp from another build (say, other tags) must not be trusted.
	s := readStamp(filepath.Dir(p))
	s.Key = "0000000000000000"
	if err := writeStamp(filepath.Dir(p), s); err != nil {
		t.Fatal(err)
	}
	if _, err := Ensure(t.Context(), opts, "toxiproxy"); err != nil {
		t.Fatal(err)
	}
	if n := countLines(t, count); n != 2 {
		t.Errorf("go install ran %d times, want 2 (stale stamp rebuilds)", n)
	}
}

func TestConcurrentEnsureBuildsOnce(t *testing.T) {
	fakeGo(t, installOK)
	count := filepath.Join(t.TempDir(), "count")
	t.Setenv("COUNT", count)
	var progress syncbuf.Buffer
	opts := Options{CacheDir: t.TempDir(), Progress: &progress}

	var wg sync.WaitGroup
	paths := make([]string, 4)
	errs := make([]error, 4)
	for i := range paths {
		wg.Go(func() { paths[i], errs[i] = Ensure(t.Context(), opts, "toxiproxy") })
	}
	wg.Wait()
	for i := range paths {
		if errs[i] != nil || paths[i] != paths[0] {
			t.Errorf("caller %d: %s, %v", i, paths[i], errs[i])
		}
	}
	if n := countLines(t, count); n != 1 {
		t.Errorf("go install ran %d times, want 1", n)
	}
	if !strings.Contains(progress.String(), "waiting for another install") {
		t.Errorf("progress = %q, want a waiting line", progress.String())
	}
}

func TestBuildFailureCarriesTail(t *testing.T) {
	fakeGo(t, `i=1; while [ $i -le 60 ]; do echo "compile line $i"; i=$((i+1)); done; echo "undefined: frobnicate" >&2; exit 1`)
	cache := t.TempDir()
	_, err := Ensure(t.Context(), Options{CacheDir: cache}, "prometheus")
	var be *BuildError
	if !errors.As(err, &be) {
		t.Fatalf("err = %v, want *BuildError", err)
	}
	msg := err.Error()
	for _, want := range []string{
		"build prometheus (github.com/prometheus/prometheus@v0.316.0) failed",
		"undefined: frobnicate",
		"compile line 60",
		filepath.Join(cache, "logs", "prometheus-v0.316.0.log"),
		"MCPCHAOS_BIN_PROMETHEUS",
		"what to do",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("error lacks %q:\n%s", want, msg)
		}
	}
	if strings.Contains(msg, "compile line 5\n") {
		t.Errorf("error carries more than the last %d lines:\n%s", tailLines, msg)
	}
	if _, err := os.Stat(filepath.Join(cache, "bin", "prometheus-v0.316.0")); !os.IsNotExist(err) {
		t.Errorf("failed build left a cache dir: %v", err)
	}
}

func TestCancelKillsProcessGroup(t *testing.T) {
	pidFile := filepath.Join(t.TempDir(), "pid")
	t.Setenv("PIDFILE", pidFile)
	fakeGo(t, `sleep 60 & echo $! > "$PIDFILE"; wait`)
	ctx, cancel := context.WithCancel(t.Context())
	go func() {
		// Cancel once the fake build has started its grandchild.
		_ = poll.Until(ctx, 10*time.Millisecond, "the fake build's pid file", func(context.Context) (bool, error) {
			return countLines(t, pidFile) > 0, nil
		})
		cancel()
	}()
	start := time.Now()
	_, err := Ensure(ctx, Options{CacheDir: t.TempDir()}, "toxiproxy")
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("cancel took %s", d)
	}
	data, _ := os.ReadFile(pidFile)
	var pid int
	for _, c := range strings.TrimSpace(string(data)) {
		pid = pid*10 + int(c-'0')
	}
	err = poll.Within(context.Background(), 5*time.Second, 20*time.Millisecond, fmt.Sprintf("grandchild %d (sleep) to die after cancel", pid), func(context.Context) (bool, error) {
		err := syscall.Kill(pid, 0)
		return err != nil, errors.New("still alive")
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestNoGoToolchain(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	t.Setenv("GOROOT", "")
	_, err := Ensure(t.Context(), Options{CacheDir: t.TempDir()}, "toxiproxy")
	if !errors.Is(err, ErrNoGo) {
		t.Fatalf("err = %v, want ErrNoGo", err)
	}
}

func TestUnknownComponent(t *testing.T) {
	t.Parallel()
	_, err := Ensure(t.Context(), Options{CacheDir: t.TempDir()}, "grafana")
	if !errors.Is(err, ErrUnknown) || !strings.Contains(err.Error(), "victoria-logs") {
		t.Fatalf("err = %v, want ErrUnknown listing the names", err)
	}
}

func TestMissingWrapper(t *testing.T) {
	fakeGo(t, "exit 1")
	_, err := Ensure(t.Context(), Options{CacheDir: t.TempDir(), WrappersDir: t.TempDir()}, "jaeger")
	if !errors.Is(err, ErrNoWrapper) || !strings.Contains(err.Error(), "MCPCHAOS_BIN_JAEGER") {
		t.Fatalf("err = %v, want ErrNoWrapper naming the override", err)
	}
}

func TestWrapperBuildCopiesAndVendors(t *testing.T) {
	// The fake go logs its arguments and working directory, and for build
	// writes the -o file.
	log := filepath.Join(t.TempDir(), "calls")
	t.Setenv("CALLS", log)
	fakeGo(t, `echo "$PWD $*" >> "$CALLS"
prev=; for a in "$@"; do if [ "$prev" = -o ]; then echo '#!/bin/sh' > "$a"; chmod +x "$a"; fi; prev=$a; done`)
	wrappers := t.TempDir()
	src := filepath.Join(wrappers, "alertmanager")
	if err := os.MkdirAll(src, 0o755); err != nil {
		t.Fatal(err)
	}
	writeExec(t, filepath.Join(src, "go.mod"), "module x\n")
	cache := t.TempDir()
	p, err := Ensure(t.Context(), Options{CacheDir: cache, WrappersDir: wrappers}, "alertmanager")
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(cache, "bin", "alertmanager-v0.34.2", "alertmanager"); p != want {
		t.Errorf("path = %s, want %s", p, want)
	}
	calls, _ := os.ReadFile(log)
	work := filepath.Join(cache, "build", "alertmanager-v0.34.2", "src")
	if !strings.Contains(string(calls), work+" mod vendor -e") || !strings.Contains(string(calls), work+" build -mod=vendor") {
		t.Errorf("go calls:\n%s\nwant mod vendor and build -mod=vendor in a copy under %s", calls, work)
	}
	entries, _ := os.ReadDir(src)
	if len(entries) != 1 {
		t.Errorf("wrapper source was written to: %v", entries)
	}
}
