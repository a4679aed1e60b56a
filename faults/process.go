package faults

import (
	"context"
	"fmt"
	"time"

	"github.com/mcpchaos/mcpchaos/config"
	"github.com/mcpchaos/mcpchaos/stack/control"
)

// oomHeadroom is how far above current usage an OOM fault sets the
// memory limit: the target's next allocations meet it (cgroup v1 refuses
// a limit below what it cannot reclaim).
const oomHeadroom = 256 << 10

// oomEffectTimeout allows the target time to allocate past its limit.
const oomEffectTimeout = 45 * time.Second

// processDriver stops, kills and OOM-kills a component of the embedded
// stack through its supervisor, which holds the lease.
type processDriver struct{ in *Injector }

func (d *processDriver) plan(ctx context.Context, _ string, spec Spec, name string, t config.Target) (*plan, error) {
	c, err := d.in.component(ctx, name, t)
	if err != nil {
		return nil, err
	}
	status := func(ctx context.Context) (control.Component, error) { return d.in.super.Component(ctx, t.Component) }
	back := func(ctx context.Context) error { return isReady(status(ctx)) }
	p := &plan{keeper: d.in.super, reverted: back}
	switch s := spec.(type) {
	case Stop:
		p.lease = control.Action{Op: control.OpStop, Component: t.Component}
		p.effective = func(ctx context.Context) error {
			now, err := status(ctx)
			if err == nil && (now.State != control.StateStopped || now.PID != 0) {
				err = fmt.Errorf("component %s is %s (pid %d), not stopped", t.Component, now.State, now.PID)
			}
			return err
		}
	case Kill:
		p.lease = control.Action{Op: control.OpSignal, Component: t.Component, Signal: s.signal()}
		p.effective = func(ctx context.Context) error {
			now, err := status(ctx)
			if err == nil && now.PID == c.PID && now.State == control.StateRunning {
				err = fmt.Errorf("component %s still runs as pid %d", t.Component, c.PID)
			}
			return err
		}
		p.reverted = func(ctx context.Context) error {
			now, err := status(ctx)
			if err == nil && now.PID == c.PID {
				err = fmt.Errorf("component %s was not restarted (pid %d)", t.Component, now.PID)
			}
			if err == nil {
				err = isReady(now, nil)
			}
			return err
		}
	case OOMKill:
		if c.Cgroup == "" {
			return nil, fmt.Errorf("oom_kill fault on target %q: component %s runs in no cgroup (the supervisor needs a writable memory controller): %w", name, t.Component, ErrRefused)
		}
		p.lease = control.Action{Op: control.OpSetMemoryLimit, Component: t.Component, HeadroomBytes: oomHeadroom}
		p.effectTimeout = oomEffectTimeout
		p.effective = func(ctx context.Context) error {
			now, err := status(ctx)
			if err != nil {
				return err
			}
			e := now.LastExit
			if now.OOMKills <= c.OOMKills || e == nil || e.Reason != control.ReasonOOMKill || e.Code != 137 {
				return fmt.Errorf("component %s: oom kills %d (were %d), last exit %+v: no OOM kill with exit 137 yet (does it allocate? put it under load)", t.Component, now.OOMKills, c.OOMKills, e)
			}
			if s.Duration > 0 && now.MemoryLimitBytes != crashLoopLimit {
				// The crash loop: every restart meets a limit it cannot start under.
				if _, err := d.in.super.Do(ctx, control.Action{Op: control.OpSetMemoryLimit, Component: t.Component, Bytes: crashLoopLimit}); err != nil {
					return fmt.Errorf("keep component %s crash-looping: %w", t.Component, err)
				}
				return fmt.Errorf("component %s: limit lowered to %d bytes for the crash loop; checking", t.Component, crashLoopLimit)
			}
			return nil
		}
		p.reverted = func(ctx context.Context) error {
			now, err := status(ctx)
			if err == nil && now.MemoryLimitBytes != 0 {
				err = fmt.Errorf("component %s still has a memory limit of %d bytes", t.Component, now.MemoryLimitBytes)
			}
			if err == nil {
				err = isReady(now, nil)
			}
			return err
		}
	default:
		return nil, refuse(spec, name, t, "stop, kill and oom_kill")
	}
	return p, nil
}

// component checks that the supervisor is configured and knows the
// target's component, and returns its status now.
func (in *Injector) component(ctx context.Context, name string, t config.Target) (control.Component, error) {
	if in.super == nil {
		return control.Component{}, fmt.Errorf("target %q: the %s driver needs faults.supervisor (the embedded stack's control API) in mcpchaos.yaml: %w", name, t.Driver, ErrRefused)
	}
	if t.Component == "" {
		return control.Component{}, fmt.Errorf("target %q: %s targets need component: %w", name, t.Driver, ErrRefused)
	}
	if err := in.checkAddress("faults.supervisor.url", in.super.URL()); err != nil {
		return control.Component{}, err
	}
	c, err := in.super.Component(ctx, t.Component)
	if err != nil {
		return c, fmt.Errorf("target %q: %w", name, err)
	}
	return c, nil
}

// isReady is nil when the component runs and is ready.
func isReady(c control.Component, err error) error {
	if err == nil && (c.State != control.StateRunning || !c.Ready) {
		err = fmt.Errorf("component %s is %s (ready %v)", c.Name, c.State, c.Ready)
	}
	return err
}
