package watchdog_test

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/faults/watchdog"
	"github.com/mcpchaos/mcpchaos/stack/control"
)

// TestMain lets the test binary stand in for mcpchaos: `faults watchdog
// --dir D --idle X` serves, as the CLI does.
func TestMain(m *testing.M) {
	if len(os.Args) > 2 && os.Args[1] == "faults" && os.Args[2] == "watchdog" {
		fs := flag.NewFlagSet("watchdog", flag.ExitOnError)
		dir := fs.String("dir", "", "")
		idle := fs.Duration("idle", 0, "")
		_ = fs.Parse(os.Args[3:])
		if err := watchdog.Serve(context.Background(), watchdog.Options{Dir: *dir, Idle: *idle}); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// serve runs Serve in the background and returns its result channel.
func serve(t *testing.T, o watchdog.Options) (<-chan error, *control.Client) {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- watchdog.Serve(context.Background(), o) }()
	deadline := time.Now().Add(5 * time.Second)
	for {
		c, _, err := watchdog.Open(context.Background(), o.Dir)
		if err == nil {
			return done, c
		}
		if time.Now().After(deadline) {
			t.Fatalf("watchdog did not answer: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func wait(t *testing.T, done <-chan error, within time.Duration) {
	t.Helper()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Serve: %v", err)
		}
	case <-time.After(within):
		t.Fatalf("the watchdog still serves after %s", within)
	}
}

// revertSink counts the revert requests a lease's OpHTTP revert sends.
func revertSink(t *testing.T) (*httptest.Server, *atomic.Int32) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodDelete {
			n.Add(1)
		}
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func hold(t *testing.T, c *control.Client, id, revertURL string, ttl time.Duration) {
	t.Helper()
	_, err := c.Lease(context.Background(), control.LeaseRequest{
		ID: id, Action: control.Action{Op: control.OpHold}, TTL: control.Duration(ttl),
		Revert: &control.Action{Op: control.OpHTTP, Request: &control.Request{Method: http.MethodDelete, URL: revertURL}},
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestIdleExit: a watchdog holding no lease exits after its idle time
// and removes its state; one holding a lease stays until it is released.
func TestIdleExit(t *testing.T) {
	t.Parallel()
	t.Run("no lease", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		done, _ := serve(t, watchdog.Options{Dir: dir, Idle: 300 * time.Millisecond})
		wait(t, done, 3*time.Second)
		if _, _, err := watchdog.Open(context.Background(), dir); !errors.Is(err, watchdog.ErrNotRunning) {
			t.Errorf("Open after idle exit = %v, want ErrNotRunning", err)
		}
	})
	t.Run("lease held", func(t *testing.T) {
		t.Parallel()
		srv, reverts := revertSink(t)
		dir := t.TempDir()
		done, c := serve(t, watchdog.Options{Dir: dir, Idle: 300 * time.Millisecond})
		hold(t, c, "mcpchaos-test-1", srv.URL+"/toxic", time.Minute)
		select {
		case err := <-done:
			t.Fatalf("the watchdog exited while holding a lease: %v", err)
		case <-time.After(time.Second):
		}
		if _, err := c.Release(context.Background(), "mcpchaos-test-1"); err != nil {
			t.Fatal(err)
		}
		wait(t, done, 3*time.Second)
		if n := reverts.Load(); n != 1 {
			t.Errorf("%d reverts, want 1", n)
		}
	})
}

// TestStopRevertsHeldLeases: Stop ends the watchdog after it has reverted
// what it holds; with none running it says so.
func TestStopRevertsHeldLeases(t *testing.T) {
	t.Parallel()
	srv, reverts := revertSink(t)
	dir := t.TempDir()
	done, c := serve(t, watchdog.Options{Dir: dir})
	hold(t, c, "mcpchaos-test-1", srv.URL+"/toxic", time.Minute)
	stopped, err := watchdog.Stop(context.Background(), dir)
	if err != nil || !stopped {
		t.Fatalf("Stop = %v, %v; want true, nil", stopped, err)
	}
	if n := reverts.Load(); n != 1 {
		t.Errorf("%d reverts when Stop returned, want 1", n)
	}
	wait(t, done, 3*time.Second)
	if stopped, err := watchdog.Stop(context.Background(), dir); stopped || err != nil {
		t.Errorf("Stop with none running = %v, %v; want false, nil", stopped, err)
	}
}

// TestOneWatchdogPerDir: a second Serve on a served directory refuses.
func TestOneWatchdogPerDir(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	done, _ := serve(t, watchdog.Options{Dir: dir})
	err := watchdog.Serve(context.Background(), watchdog.Options{Dir: dir})
	if !errors.Is(err, watchdog.ErrAlreadyRunning) {
		t.Errorf("second Serve = %v, want ErrAlreadyRunning", err)
	}
	if _, err := watchdog.Stop(context.Background(), dir); err != nil {
		t.Fatal(err)
	}
	wait(t, done, 3*time.Second)
}

// TestEnsureStartsOneDetachedWatchdog: runners that Ensure at once share
// one watchdog process, in a session of its own, which outlives them and
// Stop ends.
func TestEnsureStartsOneDetachedWatchdog(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	start := watchdog.Start{Self: os.Args[0], Dir: dir, Idle: time.Minute}
	t.Cleanup(func() { _, _ = watchdog.Stop(context.Background(), dir) })
	var wg sync.WaitGroup
	urls := make([]string, 3)
	for i := range urls {
		wg.Go(func() {
			c, err := watchdog.Ensure(context.Background(), start)
			if err != nil {
				t.Error(err)
				return
			}
			urls[i] = c.URL()
		})
	}
	wg.Wait()
	if urls[0] == "" || urls[0] != urls[1] || urls[1] != urls[2] {
		t.Fatalf("Ensure gave %q: want one watchdog", urls)
	}
	_, st, err := watchdog.Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if sid := statField(t, st.PID, 3); sid != fmt.Sprint(st.PID) {
		t.Errorf("watchdog pid %d has session %s: want a session of its own", st.PID, sid)
	}
	if stopped, err := watchdog.Stop(context.Background(), dir); !stopped || err != nil {
		t.Fatalf("Stop = %v, %v", stopped, err)
	}
	// Stop returns once the leases are reverted and the state is gone;
	// the process exits right after (and may linger as a zombie until
	// Ensure's goroutine reaps it).
	deadline := time.Now().Add(3 * time.Second)
	for state := statField(t, st.PID, 0); state != "" && state != "Z"; state = statField(t, st.PID, 0) {
		if time.Now().After(deadline) {
			t.Fatalf("watchdog pid %d is in state %s 3s after Stop, want gone", st.PID, state)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// statField is field i after the command of /proc/PID/stat (0 state,
// 1 ppid, 2 pgrp, 3 session); "" when the process is gone.
func statField(t *testing.T, pid, i int) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("/proc", fmt.Sprint(pid), "stat"))
	if err != nil {
		return ""
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if i >= len(f) {
		t.Fatalf("/proc/%d/stat: %q", pid, s)
	}
	return f[i]
}
