package watchdog

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/mcpchaos/mcpchaos/stack/control"
)

// startTimeout bounds the wait for a new watchdog to answer.
const startTimeout = 10 * time.Second

// Start says how Ensure starts a watchdog.
type Start struct {
	// Self is the mcpchaos binary: the watchdog runs as
	// `Self faults watchdog --dir Dir --idle Idle`.
	Self string
	// Dir is the state directory.
	Dir string
	// Idle is the watchdog's idle time (default DefaultIdle).
	Idle time.Duration
}

// Ensure returns a client for the watchdog serving s.Dir, starting one
// when none answers: detached in a session of its own (a Ctrl-C in the
// runner's terminal does not reach it, and it outlives the runner), its
// output appended to watchdog.log in the directory. Runners that call
// Ensure at the same time share one watchdog.
func Ensure(ctx context.Context, s Start) (*control.Client, error) {
	if s.Idle <= 0 {
		s.Idle = DefaultIdle
	}
	if err := os.MkdirAll(s.Dir, 0o700); err != nil {
		return nil, fmt.Errorf("fault watchdog: %w", err)
	}
	unlock, err := lockFile(filepath.Join(s.Dir, startLock), startTimeout+5*time.Second)
	if err != nil {
		return nil, fmt.Errorf("fault watchdog in %s: start lock: %w", s.Dir, err)
	}
	defer unlock()
	if c, _, err := Open(ctx, s.Dir); err == nil {
		return c, nil
	}
	logPath := filepath.Join(s.Dir, logFile)
	logf, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("fault watchdog: %w", err)
	}
	defer logf.Close()
	cmd := exec.Command(s.Self, "faults", "watchdog", "--dir", s.Dir, "--idle", s.Idle.String())
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start the fault watchdog %s: %w", s.Self, err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	deadline := time.NewTimer(startTimeout)
	defer deadline.Stop()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		if c, _, err := Open(ctx, s.Dir); err == nil {
			return c, nil
		}
		select {
		case err := <-exited:
			return nil, fmt.Errorf("the fault watchdog exited at start (%v); %s says:\n%s", err, logPath, tail(logPath, 10))
		case <-deadline.C:
			_ = cmd.Process.Kill()
			return nil, fmt.Errorf("the fault watchdog did not answer within %s; %s says:\n%s", startTimeout, logPath, tail(logPath, 10))
		case <-ctx.Done():
			_ = cmd.Process.Kill()
			return nil, ctx.Err()
		case <-tick.C:
		}
	}
}

// Stop ends the watchdog serving dir, once it has reverted the leases it
// still holds; false when none was running.
func Stop(ctx context.Context, dir string) (bool, error) {
	c, st, err := Open(ctx, dir)
	if errors.Is(err, ErrNotRunning) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if err := c.Shutdown(ctx); err != nil {
		return false, fmt.Errorf("stop the fault watchdog (pid %d): %w", st.PID, err)
	}
	// The serving watchdog holds serve.lock until it has reverted its
	// leases and removed its state.
	unlock, err := lockFile(filepath.Join(dir, serveLock), 45*time.Second)
	if err != nil {
		return true, fmt.Errorf("the fault watchdog (pid %d) did not exit within 45s of its shutdown: %w", st.PID, err)
	}
	unlock()
	return true, nil
}

// tail is the last n lines of a file, indented, for error messages.
func tail(path string, n int) string {
	b, _ := os.ReadFile(path)
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return "    " + strings.Join(lines, "\n    ")
}
