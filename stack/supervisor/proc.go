package supervisor

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"time"

	"github.com/mcpchaos/mcpchaos/stack/cgroup"
	"github.com/mcpchaos/mcpchaos/stack/control"
)

// errHeld says a start was refused because the component is held stopped.
var errHeld = errors.New("component is held stopped")

// proc supervises one component: it starts the process, waits for it,
// classifies its exit and restarts it by policy until ctx ends.
type proc struct {
	spec    Spec
	group   *cgroup.Group // nil without cgroups
	noGroup string        // why there is no group, for errors
	env     []string
	m       *metrics
	log     *slog.Logger
	ready   *readiness

	wake chan struct{} // a start was requested

	mu        sync.Mutex
	hold      bool // no process wanted until start
	stopping  bool // the current process is being stopped on purpose
	cmd       *exec.Cmd
	exited    chan struct{} // closed when the current process has exited
	state     string
	isReady   bool
	restarts  int
	oomKills  int
	startedAt time.Time
	lastExit  *control.Exit
	lastErr   string
}

func newProc(spec Spec, group *cgroup.Group, noGroup string, env []string, m *metrics, log *slog.Logger) *proc {
	p := &proc{
		spec:    spec,
		group:   group,
		noGroup: noGroup,
		env:     env,
		m:       m,
		log:     log.With("component", spec.Name),
		wake:    make(chan struct{}, 1),
		state:   control.StateStarting,
	}
	p.ready = newReadiness(spec.Ready)
	m.declare(spec.Name)
	return p
}

// run is the supervision loop; it returns after ctx ends and the process
// has been stopped.
func (p *proc) run(ctx context.Context) {
	bo := newBackoff()
	var delay time.Duration
	restart := false
	for ctx.Err() == nil {
		if p.held() {
			select {
			case <-ctx.Done():
				return
			case <-p.wake:
				delay, restart = 0, false
				continue
			}
		}
		if delay > 0 {
			p.setState(control.StateBackoff)
			select {
			case <-ctx.Done():
				return
			case <-p.wake:
			case <-time.After(delay):
			}
			delay = 0
			if p.held() {
				continue
			}
		}
		exited, err := p.start(restart)
		if errors.Is(err, errHeld) {
			continue
		}
		if err != nil {
			p.fail(err)
			delay, restart = bo.after(0), true
			continue
		}
		select {
		case <-exited:
		case <-ctx.Done():
			p.stop(p.spec.stopGrace())
			return
		}
		e, held := p.exitInfo()
		switch {
		case held:
			restart = false
		case !p.spec.restarts(e):
			p.mu.Lock()
			p.hold = true
			p.state = control.StateExited
			p.mu.Unlock()
			restart = false
		default:
			delay, restart = bo.after(time.Duration(e.Ran)), true
		}
	}
}

// start launches the process unless the component is held.
func (p *proc) start(isRestart bool) (<-chan struct{}, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.hold {
		return nil, errHeld
	}
	logf, err := os.OpenFile(p.spec.LogFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open log file: %w", err)
	}
	cmd := exec.Command(p.spec.Path, p.spec.Args...)
	cmd.Dir = p.spec.Dir
	cmd.Env = p.env
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	cgfd := p.cgroupFD(cmd)
	var oomBase uint64
	if p.group != nil {
		oomBase, _ = p.group.OOMKills()
	}
	err = cmd.Start()
	if cgfd != nil {
		_ = cgfd.Close()
	}
	if err != nil {
		_ = logf.Close()
		return nil, fmt.Errorf("start %s: %w", p.spec.Path, err)
	}
	if p.group != nil && cgfd == nil {
		if err := p.group.AddProc(cmd.Process.Pid); err != nil {
			p.lastErr = err.Error()
			p.log.Warn("component runs outside its cgroup", "err", err)
		}
	}
	fmt.Fprintf(logf, "[mcpchaos supervisor] %s started %s, pid %d\n", time.Now().Format(time.RFC3339), p.spec.Name, cmd.Process.Pid)
	exited := make(chan struct{})
	p.cmd, p.exited, p.stopping = cmd, exited, false
	p.startedAt = time.Now()
	p.state, p.isReady = control.StateStarting, false
	if isRestart {
		p.restarts++
		p.m.restarts.WithLabelValues(p.spec.Name).Inc()
	}
	p.m.up.WithLabelValues(p.spec.Name).Set(1)
	p.m.ready.WithLabelValues(p.spec.Name).Set(0)
	p.m.startTime.WithLabelValues(p.spec.Name).Set(float64(p.startedAt.UnixNano()) / 1e9)
	p.log.Info("started", "pid", cmd.Process.Pid, "restart", isRestart)
	go p.wait(cmd, logf, exited, oomBase)
	go p.watchReady(exited)
	return exited, nil
}

// cgroupFD opens the group for CLONE_INTO_CGROUP on cgroup v2, so the
// process starts inside it; v1 moves the pid after the start instead.
func (p *proc) cgroupFD(cmd *exec.Cmd) *os.File {
	if p.group == nil || p.group.Version() != cgroup.V2 {
		return nil
	}
	f, err := os.Open(p.group.Dir())
	if err != nil {
		return nil
	}
	cmd.SysProcAttr.UseCgroupFD = true
	cmd.SysProcAttr.CgroupFD = int(f.Fd())
	return f
}

// wait reaps the process, classifies its exit and kills what is left of
// its process group.
func (p *proc) wait(cmd *exec.Cmd, logf io.WriteCloser, exited chan struct{}, oomBase uint64) {
	_ = cmd.Wait()
	pid := cmd.Process.Pid
	_ = syscall.Kill(-pid, syscall.SIGKILL) // stragglers in the group
	oom := false
	if p.group != nil {
		if n, err := p.group.OOMKills(); err == nil && n > oomBase {
			oom = true
		}
	}
	p.mu.Lock()
	e := classify(cmd.ProcessState, time.Since(p.startedAt), oom, p.stopping)
	p.lastExit = &e
	p.cmd = nil
	p.isReady = false
	if e.Reason == control.ReasonOOMKill {
		p.oomKills++
		p.m.oomKills.WithLabelValues(p.spec.Name).Inc()
	}
	p.mu.Unlock()
	p.m.observeExit(p.spec.Name, e)
	fmt.Fprintf(logf, "[mcpchaos supervisor] %s %s exited: reason=%s code=%d signal=%s after %s\n",
		e.At.Format(time.RFC3339), p.spec.Name, e.Reason, e.Code, e.Signal, time.Duration(e.Ran).Round(time.Millisecond))
	_ = logf.Close()
	p.log.Info("exited", "pid", pid, "reason", e.Reason, "code", e.Code, "signal", e.Signal)
	close(exited)
}

// stop ends the current process: SIGTERM to its group, SIGKILL after
// grace. It returns once the process has been reaped (or 5s after SIGKILL).
func (p *proc) stop(grace time.Duration) {
	p.mu.Lock()
	cmd, exited := p.cmd, p.exited
	if cmd == nil {
		p.mu.Unlock()
		return
	}
	p.stopping = true
	p.mu.Unlock()
	pid := cmd.Process.Pid
	_ = syscall.Kill(-pid, syscall.SIGTERM)
	select {
	case <-exited:
		return
	case <-time.After(grace):
	}
	p.log.Warn("did not stop after SIGTERM; sending SIGKILL", "grace", grace)
	_ = syscall.Kill(-pid, syscall.SIGKILL)
	select {
	case <-exited:
	case <-time.After(5 * time.Second):
		p.log.Error("process not reaped 5s after SIGKILL", "pid", pid)
	}
}

// holdStop holds the component stopped and stops its process.
func (p *proc) holdStop() {
	p.mu.Lock()
	p.hold = true
	p.state = control.StateStopped
	p.mu.Unlock()
	p.stop(p.spec.stopGrace())
	p.mu.Lock()
	p.state = control.StateStopped
	p.mu.Unlock()
	p.m.ready.WithLabelValues(p.spec.Name).Set(0)
}

// release lifts a hold and wakes the loop to start the process.
func (p *proc) release() {
	p.mu.Lock()
	if p.hold {
		p.hold = false
		p.state = control.StateStarting
	}
	p.mu.Unlock()
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

// signal sends sig to the component's process group.
func (p *proc) signal(sig syscall.Signal) error {
	p.mu.Lock()
	cmd := p.cmd
	p.mu.Unlock()
	if cmd == nil {
		return fmt.Errorf("%s has no running process (state %s): %w", p.spec.Name, p.snapshot().State, control.ErrUnavailable)
	}
	if err := syscall.Kill(-cmd.Process.Pid, sig); err != nil {
		return fmt.Errorf("signal %s to %s: %w", sig, p.spec.Name, err)
	}
	return nil
}

// waitState waits until the component reaches one of states, or ctx ends.
func (p *proc) waitState(ctx context.Context, states ...string) error {
	t := time.NewTicker(50 * time.Millisecond)
	defer t.Stop()
	for {
		s := p.snapshot().State
		for _, want := range states {
			if s == want {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s is %s, not %v: %w", p.spec.Name, s, states, ctx.Err())
		case <-t.C:
		}
	}
}

func (p *proc) held() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.hold
}

func (p *proc) setState(s string) {
	p.mu.Lock()
	p.state = s
	p.mu.Unlock()
}

func (p *proc) fail(err error) {
	p.mu.Lock()
	p.lastErr = err.Error()
	p.state = control.StateBackoff
	p.mu.Unlock()
	p.m.up.WithLabelValues(p.spec.Name).Set(0)
	p.log.Error("start failed", "err", err)
}

func (p *proc) exitInfo() (control.Exit, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var e control.Exit
	if p.lastExit != nil {
		e = *p.lastExit
	}
	return e, p.hold
}

// snapshot is the component's status.
func (p *proc) snapshot() control.Component {
	p.mu.Lock()
	c := control.Component{
		Name:     p.spec.Name,
		State:    p.state,
		Ready:    p.isReady,
		Restarts: p.restarts,
		OOMKills: p.oomKills,
		Ports:    p.spec.Ports,
		ReadyURL: p.ready.String(),
		Restart:  p.spec.restartPolicy(),
		LogFile:  p.spec.LogFile,
		Error:    p.lastErr,
	}
	if p.cmd != nil {
		c.PID = p.cmd.Process.Pid
		c.StartedAt = p.startedAt
	}
	if p.lastExit != nil {
		e := *p.lastExit
		c.LastExit = &e
	}
	p.mu.Unlock()
	if p.group != nil {
		c.Cgroup = p.group.Dir()
		if lim, ok, err := p.group.MemoryLimit(); err == nil && ok {
			c.MemoryLimitBytes = lim
		}
		if u, err := p.group.MemoryUsage(); err == nil {
			c.MemoryUsageBytes = u
		}
	}
	return c
}
