package supervisor

import (
	"context"
	"fmt"
	"strings"
	"syscall"

	"github.com/mcpchaos/mcpchaos/stack/control"
)

// signals are the names OpSignal accepts.
var signals = map[string]syscall.Signal{
	"KILL": syscall.SIGKILL, "TERM": syscall.SIGTERM, "INT": syscall.SIGINT,
	"HUP": syscall.SIGHUP, "QUIT": syscall.SIGQUIT, "USR1": syscall.SIGUSR1,
	"USR2": syscall.SIGUSR2, "STOP": syscall.SIGSTOP, "CONT": syscall.SIGCONT,
}

// apply performs one action on one component.
func (s *Supervisor) apply(ctx context.Context, a control.Action) error {
	switch a.Op {
	case control.OpHold:
		return nil
	case control.OpHTTP:
		s.log.Info("action", "op", a.Op, "request", a.String())
		return sendRequest(ctx, a.Request)
	}
	p, ok := s.procs[a.Component]
	if !ok {
		return fmt.Errorf("component %q (known: %s): %w", a.Component, strings.Join(s.order, ", "), control.ErrUnknownComponent)
	}
	s.log.Info("action", "op", a.Op, "component", a.Component)
	switch a.Op {
	case control.OpStop:
		p.holdStop()
		return nil
	case control.OpStart:
		p.release()
		return p.waitState(ctx, control.StateStarting, control.StateRunning)
	case control.OpRestart:
		p.holdStop()
		p.release()
		return p.waitState(ctx, control.StateStarting, control.StateRunning)
	case control.OpSignal:
		name := strings.TrimPrefix(strings.ToUpper(a.Signal), "SIG")
		if name == "" {
			name = "KILL"
		}
		sig, ok := signals[name]
		if !ok {
			return fmt.Errorf("signal %q: use KILL, TERM, INT, HUP, QUIT, USR1, USR2, STOP or CONT: %w", a.Signal, control.ErrBadRequest)
		}
		return p.signal(sig)
	case control.OpSetMemoryLimit:
		return s.setMemoryLimit(p, a)
	case control.OpClearMemoryLimit:
		if p.group == nil {
			return p.noCgroup()
		}
		return p.group.ClearMemoryLimit()
	case control.OpSwapCert:
		return swapCert(p.spec, a)
	case control.OpRestoreCert:
		return restoreCert(p.spec)
	}
	return fmt.Errorf("op %q: use stop, start, restart, signal, set_memory_limit, clear_memory_limit, swap_cert, restore_cert, hold or http: %w", a.Op, control.ErrBadRequest)
}

func (s *Supervisor) setMemoryLimit(p *proc, a control.Action) error {
	if p.group == nil {
		return p.noCgroup()
	}
	limit := a.Bytes
	if limit == 0 {
		if a.HeadroomBytes <= 0 {
			return fmt.Errorf("set_memory_limit needs bytes, or headroom_bytes above current usage: %w", control.ErrBadRequest)
		}
		usage, err := p.group.MemoryUsage()
		if err != nil {
			return fmt.Errorf("read %s memory usage: %w", p.spec.Name, err)
		}
		limit = usage + a.HeadroomBytes
	}
	if err := p.group.SetMemoryLimit(limit); err != nil {
		return fmt.Errorf("%s: %w", p.spec.Name, err)
	}
	return nil
}

func (p *proc) noCgroup() error {
	if !p.spec.Cgroup {
		return fmt.Errorf("%s does not run in a cgroup of its own (only OOM fault targets do): %w", p.spec.Name, control.ErrBadRequest)
	}
	return fmt.Errorf("%s has no cgroup: %s: %w", p.spec.Name, p.noGroup, control.ErrUnavailable)
}
