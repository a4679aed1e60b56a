package engine_test

import (
	"context"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/engine"
	"github.com/mcpchaos/mcpchaos/engine/modules"
)

// countingCloser counts how often the VUs' OnClose hooks ran.
type countingCloser struct{ closed *int }

func (c countingCloser) NewInstance(vu modules.VU) (modules.Instance, error) {
	vu.OnClose(func() error { *c.closed++; return nil })
	return countingCloser{c.closed}, nil
}

func (countingCloser) Exports() modules.Exports {
	return modules.Exports{Named: map[string]any{"touch": func() {}}}
}

func newEngine(ctx context.Context, t *testing.T, script string, mods map[string]modules.Module) (*engine.Engine, error) {
	t.Helper()
	opts := engine.Options{
		ScriptPath: filepath.Join("testdata", script),
		Modules:    jsModules(),
		Logger:     slog.New(slog.DiscardHandler),
	}
	for k, m := range mods {
		opts.Modules[k] = m
	}
	return engine.New(ctx, opts)
}

// TestCloseWithoutRun: an Engine that never runs still closes what its
// init code opened; Close is idempotent and safe after Run.
func TestCloseWithoutRun(t *testing.T) {
	t.Parallel()
	closed := 0
	e, err := newEngine(context.Background(), t, "on_close.js", map[string]modules.Module{"k6/x/closer": countingCloser{&closed}})
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := e.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if closed != 1 {
		t.Errorf("init VU closers ran %d times, want 1", closed)
	}
	if _, err := e.Run(context.Background()); err == nil {
		t.Error("Run after Close succeeded; want an error")
	}
}

func TestCloseAfterRun(t *testing.T) {
	t.Parallel()
	closed := 0
	e, err := newEngine(context.Background(), t, "on_close.js", map[string]modules.Module{"k6/x/closer": countingCloser{&closed}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	after := closed
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	if closed != after {
		t.Errorf("Close after Run ran closers again (%d -> %d)", after, closed)
	}
}

// TestNewInterruptedByContext: init code is interrupted when New's
// context ends, with the stopped-by-signal code.
func TestNewInterruptedByContext(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		_, err := newEngine(ctx, t, "init_forever.js", nil)
		done <- err
	}()
	select {
	case err := <-done:
		if code := engine.ExitCodeOf(err); code != engine.ExitExternalAbort {
			t.Fatalf("exit code %d, want %d: %v", code, engine.ExitExternalAbort, err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("New did not return 30s after its context ended")
	}
}
