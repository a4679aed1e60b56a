package stack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/mcpchaos/mcpchaos/config"
	"github.com/mcpchaos/mcpchaos/stack/cgroup"
	"github.com/mcpchaos/mcpchaos/stack/control"
	"github.com/mcpchaos/mcpchaos/stack/supervisor"
	"github.com/mcpchaos/mcpchaos/stack/sweep"
)

// Stack is a running embedded stack.
type Stack struct {
	// State is what state.json holds: URLs, ports, supervisor pid.
	State State
	// client talks to the supervisor.
	client *control.Client
	// exited is closed when a supervisor this process started has exited
	// and been reaped; nil for a stack found by Open.
	exited chan struct{}
}

func newStack(st State) *Stack {
	c := control.NewClient(st.URLs.Supervisor, "")
	if b, err := os.ReadFile(st.TokenFile); err == nil {
		c = control.NewClient(st.URLs.Supervisor, strings.TrimSpace(string(b)))
	}
	return &Stack{State: st, client: c}
}

// Open finds the stack that runs from dir ("" means DefaultDir()). It
// returns ErrNotUp when there is none; a stack whose supervisor died is
// returned too, so that Down can clean up after it.
func Open(dir string) (*Stack, error) {
	if dir == "" {
		d, err := DefaultDir()
		if err != nil {
			return nil, err
		}
		dir = d
	}
	st, err := readState(dir)
	if err != nil {
		return nil, err
	}
	return newStack(st), nil
}

// Dir is the stack directory.
func (s *Stack) Dir() string { return s.State.Dir }

// URLs are where the stack's parts answer.
func (s *Stack) URLs() URLs { return s.State.URLs }

// ConfigPath is the mcpchaos.yaml written for `mcpchaos run`.
func (s *Stack) ConfigPath() string { return s.State.ConfigFile }

// Config loads ConfigPath.
func (s *Stack) Config() (*config.Config, error) {
	return config.Load(s.State.ConfigFile, nil)
}

// Client is the supervisor's control API client.
func (s *Stack) Client() *control.Client { return s.client }

// Status asks the supervisor for every component's status.
func (s *Stack) Status(ctx context.Context) (control.Status, error) {
	if !s.alive() {
		return control.Status{}, fmt.Errorf("stack %s, supervisor pid %d: %w", s.State.Dir, s.State.SupervisorPID, ErrNotRunning)
	}
	return s.client.Status(ctx)
}

// LogFile is the file holding a component's output ("supervisor" for the
// supervisor's own log).
func (s *Stack) LogFile(name string) (string, error) {
	path := filepath.Join(s.State.Dir, "logs", name+".log")
	if _, err := os.Stat(path); err != nil {
		names, _ := filepath.Glob(filepath.Join(s.State.Dir, "logs", "*.log"))
		for i, n := range names {
			names[i] = strings.TrimSuffix(filepath.Base(n), ".log")
		}
		return "", fmt.Errorf("no log for %q in %s; there are: %s", name, s.State.Dir, strings.Join(names, ", "))
	}
	return path, nil
}

// alive reports whether the supervisor process still runs.
func (s *Stack) alive() bool {
	if s.exited != nil {
		select {
		case <-s.exited:
			return false
		default:
			return true
		}
	}
	return sweep.Alive(s.State.SupervisorPID, supervisor.MarkerEnv, s.State.Instance)
}

// Down stops the stack: the supervisor reverts leases and stops every
// component; then Down kills anything of the stack still alive, removes
// its cgroups and state, and checks that no process is left. It is
// idempotent, works on a stack whose supervisor died, and finishes even
// when ctx is cancelled (it is the cleanup; its own bounds are about 30s).
func (s *Stack) Down(ctx context.Context) error {
	if s == nil {
		return nil
	}
	ctx = context.WithoutCancel(ctx)
	var errs []error
	if s.alive() {
		errs = append(errs, s.stopSupervisor(ctx))
	}
	if _, err := sweep.Kill(supervisor.MarkerEnv, s.State.Instance); err != nil {
		errs = append(errs, fmt.Errorf("stack down: %w", err))
	}
	if err := cgroup.OpenRef(s.State.Cgroup).Close(); err != nil {
		errs = append(errs, fmt.Errorf("stack down: %w", err))
	}
	if left, err := sweep.Find(supervisor.MarkerEnv, s.State.Instance); err == nil && len(left) > 0 {
		errs = append(errs, fmt.Errorf("stack down: processes left: %v", left))
	}
	for _, f := range []string{filepath.Join(s.State.Dir, stateFile), s.State.TokenFile} {
		if err := os.Remove(f); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// stopSupervisor asks for a shutdown, falls back to SIGTERM, and SIGKILLs
// after a bound; the watchdog and Down's sweep catch what is left.
func (s *Stack) stopSupervisor(ctx context.Context) error {
	pid := s.State.SupervisorPID
	reqCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
	err := s.client.Shutdown(reqCtx)
	cancel()
	if err != nil {
		_ = syscall.Kill(pid, syscall.SIGTERM)
	}
	// Components get a 5s grace each, in parallel.
	if s.waitExit(ctx, 20*time.Second) {
		return nil
	}
	_ = syscall.Kill(pid, syscall.SIGKILL)
	if s.waitExit(ctx, 5*time.Second) {
		return fmt.Errorf("stack down: supervisor pid %d did not stop within 20s and was killed", pid)
	}
	return fmt.Errorf("stack down: supervisor pid %d survived SIGKILL", pid)
}

func (s *Stack) waitExit(ctx context.Context, d time.Duration) bool {
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) && ctx.Err() == nil {
		if !s.alive() {
			return true
		}
		time.Sleep(50 * time.Millisecond)
	}
	return !s.alive()
}

// waitReady polls the supervisor until every component is ready,
// reporting each as it gets there.
func (s *Stack) waitReady(ctx context.Context, timeout time.Duration, progress io.Writer) error {
	start := time.Now()
	deadline := start.Add(timeout)
	reported := map[string]bool{}
	var last control.Status
	for {
		if !s.alive() {
			return fmt.Errorf("stack up: the supervisor exited; its log ends:\n%s", tailLines(filepath.Join(s.State.Dir, "logs", "supervisor.log"), 20))
		}
		st, err := s.client.Status(ctx)
		if err == nil {
			last = st
			all := len(st.Components) > 0
			for _, c := range st.Components {
				if c.Ready && !reported[c.Name] {
					reported[c.Name] = true
					fmt.Fprintf(progress, "  %-14s ready after %5.1fs  %s\n", c.Name, time.Since(start).Seconds(), c.ReadyURL)
				}
				all = all && c.Ready
			}
			if all {
				return nil
			}
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return s.notReady(last, timeout, ctx.Err())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// notReady names every component that is not ready, with its state, last
// error and the end of its log.
func (s *Stack) notReady(st control.Status, timeout time.Duration, ctxErr error) error {
	var b strings.Builder
	for _, c := range st.Components {
		if c.Ready {
			continue
		}
		fmt.Fprintf(&b, "  %s: %s, restarts %d", c.Name, c.State, c.Restarts)
		if c.Error != "" {
			fmt.Fprintf(&b, ", %s", c.Error)
		}
		if c.LastExit != nil {
			fmt.Fprintf(&b, ", last exit %s code %d", c.LastExit.Reason, c.LastExit.Code)
		}
		fmt.Fprintf(&b, "\n  readiness: %s\n  %s ends:\n%s", c.ReadyURL, c.LogFile, tailLines(c.LogFile, 10))
	}
	if b.Len() == 0 {
		b.WriteString("  the supervisor did not answer\n")
	}
	why := fmt.Sprintf("within %s", timeout)
	if ctxErr != nil {
		why = ctxErr.Error()
	}
	return fmt.Errorf("stack up: %w (%s):\n%s", ErrNotReady, why, b.String())
}

func jsonIndent(v any) ([]byte, error) {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}
