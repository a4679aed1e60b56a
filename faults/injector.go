package faults

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/mcpchaos/mcpchaos/config"
	"github.com/mcpchaos/mcpchaos/internal/loopback"
	"github.com/mcpchaos/mcpchaos/stack/control"
)

// DefaultLeaseTTL is how long a fault outlives a dead runner.
const DefaultLeaseTTL = 10 * time.Second

// IDPrefix starts the lease id of every fault mcpchaos injects.
const IDPrefix = "mcpchaos-"

// Injector injects faults on the targets of one mcpchaos.yaml.
type Injector struct {
	cfg    *config.Config
	ttl    time.Duration
	runID  string
	events *EventLog
	keeper Keeper // for toxiproxy and docker targets
	super  *control.Client
	// drivers by config driver name.
	drivers map[string]driver
	// effectTimeout and revertTimeout override the plans' (0: keep).
	effectTimeout, revertTimeout time.Duration

	mu     sync.Mutex
	seq    int
	active map[string]*Handle
	closed bool
}

// Option configures an Injector.
type Option func(*Injector) error

// WithEventLog writes the event log to w.
func WithEventLog(w io.Writer) Option {
	return func(in *Injector) error { in.events = NewEventLog(w); return nil }
}

// WithLeaseTTL overrides faults.lease_ttl.
func WithLeaseTTL(d time.Duration) Option {
	return func(in *Injector) error {
		if d < time.Second {
			return fmt.Errorf("lease ttl %s: give at least 1s", d)
		}
		in.ttl = d
		return nil
	}
}

// WithKeeper sets the lease owner of toxiproxy and docker targets when
// no supervisor is configured (the watchdog).
func WithKeeper(k Keeper) Option {
	return func(in *Injector) error { in.keeper = k; return nil }
}

// WithProofTimeouts overrides how long Inject waits for a fault's proof
// of effect and Revert for its proof of revert (0 keeps a default).
func WithProofTimeouts(effect, revert time.Duration) Option {
	return func(in *Injector) error {
		if effect < 0 || revert < 0 {
			return fmt.Errorf("proof timeouts %s, %s: must not be negative", effect, revert)
		}
		in.effectTimeout, in.revertTimeout = effect, revert
		return nil
	}
}

// WithRunID names the run in lease ids (default: random).
func WithRunID(id string) Option {
	return func(in *Injector) error { in.runID = id; return nil }
}

// New returns an Injector for cfg's faults section.
func New(cfg *config.Config, opts ...Option) (*Injector, error) {
	in := &Injector{cfg: cfg, ttl: cfg.Faults.LeaseTTL, active: map[string]*Handle{}}
	if in.ttl == 0 {
		in.ttl = DefaultLeaseTTL
	}
	for _, o := range opts {
		if err := o(in); err != nil {
			return nil, err
		}
	}
	if in.runID == "" {
		b := make([]byte, 4)
		_, _ = rand.Read(b)
		in.runID = hex.EncodeToString(b)
	}
	if s := cfg.Faults.Supervisor; s.URL != "" {
		c, err := control.NewClientFromFile(s.URL, s.TokenFile)
		if err != nil {
			return nil, fmt.Errorf("faults.supervisor: %w", err)
		}
		in.super = c
		if in.keeper == nil {
			in.keeper = c
		}
	}
	in.drivers = map[string]driver{
		"toxiproxy": &toxiproxyDriver{in: in},
		"process":   &processDriver{in: in},
		"tls":       &tlsDriver{in: in},
		"docker":    &dockerDriver{in: in},
	}
	return in, nil
}

// Inject applies spec, confirms it holds and returns its handle. A spec
// with a duration reverts itself at its end; one-shot faults (kill, OOM
// kill) end once the target has recovered. On error nothing is left
// injected, unless the error is a *NotRevertedError.
func (in *Injector) Inject(ctx context.Context, spec Spec) (*Handle, error) {
	if err := validate(spec); err != nil {
		return nil, err
	}
	name := spec.TargetName()
	t, err := in.target(name)
	if err != nil {
		return nil, err
	}
	d, ok := in.drivers[t.Driver]
	if !ok {
		return nil, fmt.Errorf("target %q: driver %q is not available here (use toxiproxy, process, tls or docker): %w", name, t.Driver, ErrRefused)
	}
	id := in.nextID(spec.Kind())
	p, err := d.plan(ctx, id, spec, name, t)
	if err != nil {
		return nil, err
	}
	if p.keeper == nil {
		return nil, fmt.Errorf("target %q: no lease owner: bring the stack up (`mcpchaos stack up`) or set faults.supervisor, so the fault is reverted even if the runner dies: %w", name, ErrNoKeeper)
	}
	p.effectTimeout = cmp.Or(in.effectTimeout, p.effectTimeout, defaultEffectTimeout)
	p.revertTimeout = cmp.Or(in.revertTimeout, p.revertTimeout, defaultRevertTimeout)
	h := &Handle{ID: id, Kind: spec.Kind(), Target: name, Spec: spec, in: in, p: p, done: make(chan struct{})}
	rctx, stop := context.WithCancel(context.Background())
	h.stop = stop
	if err := in.track(h); err != nil {
		stop()
		return nil, err
	}
	h.InjectedAt = time.Now()
	e := h.event(EventInject, nil)
	e.Spec = spec
	in.events.Write(e)
	if err := in.apply(ctx, rctx, h); err != nil {
		in.events.Write(h.event(EventNotEffective, err))
		if rerr := h.Revert(context.WithoutCancel(ctx)); rerr != nil {
			return nil, errors.Join(err, rerr)
		}
		return nil, err
	}
	h.EffectiveAt = time.Now()
	in.events.Write(h.event(EventEffective, nil))
	go in.selfRevert(rctx, h)
	return h, nil
}

// apply takes the lease, applies the fault and waits for its proof. The
// lease is renewed (until rctx ends) from the moment it is taken: the
// change and its proof may take longer than the TTL (an OOM kill waits
// for the target to allocate), and a lease that expired meanwhile would
// revert the fault under the runner's feet.
func (in *Injector) apply(ctx, rctx context.Context, h *Handle) error {
	p := h.p
	if _, err := p.keeper.Lease(ctx, control.LeaseRequest{ID: h.ID, Action: p.lease, Revert: p.revert, TTL: control.Duration(in.ttl)}); err != nil {
		return fmt.Errorf("%s fault on %q: take lease: %w", h.Kind, h.Target, err)
	}
	go h.renew(rctx, in.ttl)
	if p.apply != nil {
		if err := p.apply(ctx); err != nil {
			return fmt.Errorf("%s fault on %q: %w", h.Kind, h.Target, err)
		}
	}
	if err := pollUntil(ctx, p.effectTimeout, h.Kind+" fault in effect on "+h.Target, p.effective); err != nil {
		return fmt.Errorf("%w: %w", ErrNotEffective, err)
	}
	return nil
}

// selfRevert reverts h when its duration has passed (at once for
// one-shot faults, whose revert waits for the target's recovery).
func (in *Injector) selfRevert(ctx context.Context, h *Handle) {
	t := time.NewTimer(time.Until(h.InjectedAt.Add(h.Spec.Lasts())))
	defer t.Stop()
	select {
	case <-ctx.Done(): // reverted by hand
	case <-t.C:
		_ = h.Revert(context.Background())
	}
}

// Active lists the faults not ended yet, oldest first.
func (in *Injector) Active() []*Handle {
	in.mu.Lock()
	defer in.mu.Unlock()
	out := make([]*Handle, 0, len(in.active))
	for _, h := range in.active {
		out = append(out, h)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].InjectedAt.Before(out[j].InjectedAt) })
	return out
}

// Close reverts every active fault, newest first, and refuses new ones.
// The error joins every *NotRevertedError.
func (in *Injector) Close(ctx context.Context) error {
	in.mu.Lock()
	in.closed = true
	in.mu.Unlock()
	hs := in.Active()
	var errs []error
	for i := len(hs) - 1; i >= 0; i-- {
		if err := hs[i].Revert(ctx); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func (in *Injector) track(h *Handle) error {
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.closed {
		return errors.New("faults: the injector is closed (the test is ending)")
	}
	in.active[h.ID] = h
	return nil
}

func (in *Injector) forget(h *Handle) {
	in.mu.Lock()
	delete(in.active, h.ID)
	in.mu.Unlock()
}

func (in *Injector) nextID(kind string) string {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.seq++
	return fmt.Sprintf("%s%s-%d-%s", IDPrefix, in.runID, in.seq, strings.ReplaceAll(kind, "_", "-"))
}

// target returns the named target, refusing unknown names.
func (in *Injector) target(name string) (config.Target, error) {
	t, ok := in.cfg.Faults.Targets[name]
	if ok {
		return t, nil
	}
	known := make([]string, 0, len(in.cfg.Faults.Targets))
	for k := range in.cfg.Faults.Targets {
		known = append(known, k)
	}
	sort.Strings(known)
	if len(known) == 0 {
		return t, fmt.Errorf("target %q: mcpchaos.yaml names no fault targets (faults.targets): %w", name, ErrUnknownTarget)
	}
	return t, fmt.Errorf("target %q is not in mcpchaos.yaml faults.targets (known: %s): %w", name, strings.Join(known, ", "), ErrUnknownTarget)
}

// checkAddress refuses a non-loopback address unless allowed.
func (in *Injector) checkAddress(what, rawURL string) error {
	host := rawURL
	if u, err := url.Parse(rawURL); err == nil && u.Host != "" {
		host = u.Hostname()
	} else if h, _, err := net.SplitHostPort(rawURL); err == nil {
		host = h
	}
	if loopback.Host(host) || in.cfg.Faults.AllowNonLoopback {
		return nil
	}
	return fmt.Errorf("%s %q is not a loopback address: set faults.allow_non_loopback: true in mcpchaos.yaml to allow it: %w", what, rawURL, ErrRefused)
}
