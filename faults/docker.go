package faults

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/mcpchaos/mcpchaos/config"
	"github.com/mcpchaos/mcpchaos/internal/docker"
	"github.com/mcpchaos/mcpchaos/stack/control"
)

// dockerMinMemory is the smallest memory limit Docker accepts.
const dockerMinMemory = 6 << 20

// memUnlimited is the kernel's own "no limit" (PAGE_COUNTER_MAX pages of
// 4 KiB, what an unlimited cgroup v1 reads back). Docker's update API can
// neither set a memory limit back to 0 (moby/moby#22516) nor pass -1 on
// to runc, so an unlimited original is restored as this number.
const memUnlimited int64 = 9223372036854771712

// dockerStopGrace is a stop's SIGTERM-to-SIGKILL time when the container
// names none (Docker's default).
const dockerStopGrace = 10 * time.Second

// dockerDriver faults the containers of a user's compose stack through
// the Docker Engine API. The runner makes each change itself; the lease
// it takes first is a hold whose revert is one Engine API request the
// keeper sends over Docker's socket, so a dead runner's change is undone
// at the lease's TTL.
type dockerDriver struct{ in *Injector }

var _ driver = (*dockerDriver)(nil)

func (d *dockerDriver) plan(ctx context.Context, id string, spec Spec, name string, t config.Target) (*plan, error) {
	switch spec.(type) {
	case Stop, Kill, OOMKill, TLSExpiry:
	default:
		return nil, refuse(spec, name, t, "stop, kill, oom_kill and tls_expiry")
	}
	x, err := d.in.container(ctx, name, t)
	if err != nil {
		return nil, err
	}
	p := &plan{keeper: d.in.keeper, lease: control.Action{Op: control.OpHold}, reverted: x.back}
	start := dockerRequest{method: http.MethodPost, path: docker.ContainerPath(x.id, "/start"), ok: []int{http.StatusNotModified}}
	var undo dockerRequest
	switch s := spec.(type) {
	case Stop:
		undo = start
		p.apply = func(ctx context.Context) error { return x.c.Stop(ctx, x.id, x.stopGrace()) }
		p.effective = func(ctx context.Context) error {
			now, err := x.inspect(ctx)
			if err == nil && now.State.Running {
				err = fmt.Errorf("container %s is still %s", x.name, now.State.Status)
			}
			return err
		}
	case Kill:
		// Starting a container Docker restarts (or already restarted) is
		// a no-op (304), so the revert is a start whatever the policy.
		undo = start
		p.apply = func(ctx context.Context) error { return x.c.Kill(ctx, x.id, s.signal()) }
		p.effective = func(ctx context.Context) error {
			now, err := x.inspect(ctx)
			if err == nil && !x.exitedSince(now) && now.State.Pid == x.before.State.Pid {
				err = fmt.Errorf("container %s still runs as pid %d since %s (did SIG%s end it?)", x.name, now.State.Pid, now.State.StartedAt.Format(time.RFC3339Nano), s.signal())
			}
			return err
		}
		p.reverted = x.restarted
	case OOMKill:
		if s.Duration > 0 {
			return nil, fmt.Errorf("oom_kill fault on target %q: the docker driver kills once (Docker's restart policy decides what follows); leave duration out: %w", name, ErrRefused)
		}
		if undo, err = d.oomPlan(ctx, p, x); err != nil {
			return nil, fmt.Errorf("oom_kill fault on target %q: %w", name, err)
		}
	case TLSExpiry:
		if undo, err = d.tlsPlan(ctx, p, x, s, name, t); err != nil {
			return nil, err
		}
	}
	p.revert = undo.action(x.c)
	if p.keeper != nil {
		p.apply = d.guarded(id, x, undo, p.apply)
	}
	return p, nil
}

// guarded makes apply's change and then renews the lease: a lease that
// ended meanwhile (the keeper reverted at its TTL, perhaps before the
// change landed) would leave the change in place for good, so the
// change is undone here at once and the injection fails.
func (d *dockerDriver) guarded(id string, x *dockerContainer, undo dockerRequest, apply func(context.Context) error) func(context.Context) error {
	return func(ctx context.Context) error {
		if err := apply(ctx); err != nil {
			return err
		}
		if _, err := d.in.keeper.Renew(ctx, id, d.in.ttl); errors.Is(err, control.ErrUnknownLease) {
			uerr := undo.send(ctx, x.c)
			return errors.Join(fmt.Errorf("the lease ended (TTL %s) while the change to container %s was made, so it was undone: raise faults.lease_ttl", d.in.ttl, x.name), uerr)
		}
		return nil
	}
}

// oomPlan shrinks the container's memory limit to its usage plus
// oomHeadroom (Docker's minimum at least), so its next allocations meet
// the kernel's OOM killer once the cache is reclaimed. A container Docker
// would not restart after that gets restart policy on-failure for the
// fault, so that Docker itself brings it back; the revert, one update
// request, restores the limits and the policy together.
func (d *dockerDriver) oomPlan(ctx context.Context, p *plan, x *dockerContainer) (dockerRequest, error) {
	hc := x.before.HostConfig
	restore := docker.Update{Memory: orUnlimited(hc.Memory), MemorySwap: orUnlimited(hc.MemorySwap)}
	policy := hc.RestartPolicy
	if policy.Name == "" {
		policy.Name = "no"
	}
	var setPolicy *docker.RestartPolicy
	if !x.restartsAfterOOM() {
		setPolicy = &docker.RestartPolicy{Name: "on-failure"}
		restore.RestartPolicy = &policy
	}
	body, err := json.Marshal(restore)
	if err != nil {
		return dockerRequest{}, err
	}
	var limit, usage int64
	p.apply = func(ctx context.Context) error {
		// The policy goes first and alone: Docker keeps a policy a failed
		// resource update set, and a kill must find it.
		if setPolicy != nil {
			if err := x.c.Update(ctx, x.id, docker.Update{RestartPolicy: setPolicy}); err != nil {
				return fmt.Errorf("set container %s's restart policy to on-failure: %w", x.name, err)
			}
		}
		// The kernel refuses a limit below what it cannot reclaim at
		// once, and usage moves: read it afresh and widen the headroom
		// on each refusal.
		var err error
		for attempt, headroom := 0, int64(oomHeadroom); attempt < 5; attempt, headroom = attempt+1, headroom*4 {
			var m docker.MemoryStats
			if m, err = x.c.Memory(ctx, x.id); err != nil {
				return fmt.Errorf("read container %s's memory use: %w", x.name, err)
			}
			usage = m.Usage
			limit = max(usage+headroom, dockerMinMemory)
			if hc.Memory > 0 && hc.Memory < limit {
				limit = hc.Memory
			}
			if err = x.c.Update(ctx, x.id, docker.Update{Memory: limit, MemorySwap: limit}); err == nil {
				return nil
			}
		}
		return fmt.Errorf("set container %s's memory limit to %d bytes (%d in use): %w", x.name, limit, usage, err)
	}
	p.effectTimeout = oomEffectTimeout
	p.effective = func(ctx context.Context) error {
		now, err := x.inspect(ctx)
		if err == nil && !(now.State.OOMKilled && x.exitedSince(now)) {
			err = fmt.Errorf("container %s is %s, OOM-killed %v, last exit %s (code %d): no OOM kill since the limit of %d bytes (%d were in use) yet (does it allocate? put it under load)",
				x.name, now.State.Status, now.State.OOMKilled, now.State.FinishedAt.Format(time.RFC3339Nano), now.State.ExitCode, limit, usage)
		}
		return err
	}
	p.reverted = func(ctx context.Context) error {
		now, err := x.inspect(ctx)
		if err != nil {
			return err
		}
		got := now.HostConfig
		if orUnlimited(got.Memory) != restore.Memory || orUnlimited(got.MemorySwap) != restore.MemorySwap {
			return fmt.Errorf("container %s has memory limit %d and swap limit %d, not the original %d and %d", x.name, got.Memory, got.MemorySwap, hc.Memory, hc.MemorySwap)
		}
		if restore.RestartPolicy != nil && (got.RestartPolicy.Name != policy.Name || got.RestartPolicy.MaximumRetryCount != policy.MaximumRetryCount) {
			return fmt.Errorf("container %s has restart policy %+v, not the original %+v", x.name, got.RestartPolicy, policy)
		}
		return x.isBack(now)
	}
	return dockerRequest{method: http.MethodPost, path: docker.ContainerPath(x.id, "/update"), body: string(body)}, nil
}

// orUnlimited is a memory limit as the kernel applies it: 0 and -1 (none)
// as memUnlimited.
func orUnlimited(n int64) int64 {
	if n <= 0 || n > memUnlimited {
		return memUnlimited
	}
	return n
}

// container checks the target, reaches its Docker daemon and returns the
// container as it is now, which must be running.
func (in *Injector) container(ctx context.Context, name string, t config.Target) (*dockerContainer, error) {
	if t.Component == "" {
		return nil, fmt.Errorf("target %q: docker targets need component (the container's name, as `docker ps` shows it): %w", name, ErrRefused)
	}
	c, err := docker.New(t.DockerHost)
	if err != nil {
		return nil, fmt.Errorf("target %q: %v: %w", name, err, ErrRefused)
	}
	if addr := c.Addr(); addr != "" {
		if err := in.checkAddress("faults.targets."+name+".docker_host", addr); err != nil {
			return nil, err
		}
	}
	if _, err := c.Negotiate(ctx); err != nil {
		return nil, fmt.Errorf("target %q: reach Docker at %s: %w (is dockerd running? set docker_host)", name, c.Host(), err)
	}
	ct, err := c.Inspect(ctx, t.Component)
	if docker.IsNotFound(err) {
		return nil, fmt.Errorf("target %q: Docker at %s has no container %q (`docker ps -a` lists them): %w", name, c.Host(), t.Component, ErrRefused)
	}
	if err != nil {
		return nil, fmt.Errorf("target %q: %w", name, err)
	}
	if !ct.State.Running || ct.State.Restarting || ct.State.Paused {
		return nil, fmt.Errorf("target %q: container %s is %s: a fault starts from a running container: %w", name, t.Component, ct.State.Status, ErrRefused)
	}
	return &dockerContainer{c: c, id: ct.ID, name: t.Component, before: ct}, nil
}

// dockerContainer is a fault's container, as it was before the fault.
type dockerContainer struct {
	c      *docker.Client
	id     string
	name   string
	before docker.Container
}

func (x *dockerContainer) inspect(ctx context.Context) (docker.Container, error) {
	return x.c.Inspect(ctx, x.id)
}

// dockerRequest is a revert: one Engine API request, which the keeper
// sends (as an OpHTTP action) or, on a guard's failure, the runner.
type dockerRequest struct {
	method, path string
	q            url.Values
	body         string // JSON, or a tar when tar
	tar          bool
	ok           []int
}

func (r dockerRequest) action(c *docker.Client) *control.Action {
	return &control.Action{Op: control.OpHTTP, Request: &control.Request{
		Method: r.method, URL: c.URL(r.path, r.q), Socket: c.Socket(), Body: r.body, OKStatus: r.ok,
	}}
}

func (r dockerRequest) send(ctx context.Context, c *docker.Client) error {
	var body any
	switch {
	case r.body == "":
	case r.tar:
		body = []byte(r.body)
	default:
		body = json.RawMessage(r.body)
	}
	_, err := c.Call(ctx, r.method, r.path, r.q, body, nil, 0, r.ok...)
	return err
}

// back is nil once the container runs (healthy, if it has a healthcheck).
func (x *dockerContainer) back(ctx context.Context) error {
	now, err := x.inspect(ctx)
	if err != nil {
		return err
	}
	return x.isBack(now)
}

// restarted is back, in a process started after the fault's.
func (x *dockerContainer) restarted(ctx context.Context) error {
	now, err := x.inspect(ctx)
	if err != nil {
		return err
	}
	if !now.State.StartedAt.After(x.before.State.StartedAt) {
		return fmt.Errorf("container %s was not started again (status %s, started %s)", x.name, now.State.Status, now.State.StartedAt.Format(time.RFC3339Nano))
	}
	return x.isBack(now)
}

func (x *dockerContainer) isBack(now docker.Container) error {
	s := now.State
	if !s.Running || s.Restarting || s.Paused {
		return fmt.Errorf("container %s is %s", x.name, s.Status)
	}
	if s.Health != nil && s.Health.Status != "healthy" {
		return fmt.Errorf("container %s runs but its healthcheck says %s", x.name, s.Health.Status)
	}
	return nil
}

// exitedSince reports whether the container's process ended after the
// fault began (Docker may have restarted it already).
func (x *dockerContainer) exitedSince(now docker.Container) bool {
	return now.State.FinishedAt.After(x.before.State.FinishedAt) || !now.State.Running || now.State.Restarting
}

// restartsAfterOOM reports whether Docker restarts the container after an
// OOM kill (exit 137) by its own policy.
func (x *dockerContainer) restartsAfterOOM() bool {
	p := x.before.HostConfig.RestartPolicy
	switch p.Name {
	case "always", "unless-stopped":
		return true
	case "on-failure":
		return p.MaximumRetryCount == 0 || x.before.RestartCount < p.MaximumRetryCount
	}
	return false
}

// stopGrace is how long Docker waits for the container to stop.
func (x *dockerContainer) stopGrace() time.Duration {
	if t := x.before.Config.StopTimeout; t != nil && *t > 0 {
		return time.Duration(*t) * time.Second
	}
	return dockerStopGrace
}
