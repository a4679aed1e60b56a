package supervisor

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/mcpchaos/mcpchaos/stack/cgroup"
	"github.com/mcpchaos/mcpchaos/stack/control"
	"github.com/mcpchaos/mcpchaos/stack/sweep"
)

// Supervisor owns the stack's components.
type Supervisor struct {
	manifest Manifest
	token    string
	log      *slog.Logger
	metrics  *metrics
	procs    map[string]*proc
	order    []string
	tree     *cgroup.Tree
	cgroups  string // what Status reports about cgroups
	leases   *leases
	sink     *sink
	started  time.Time

	shutdownOnce sync.Once
	shutdown     chan struct{}
}

// New prepares a supervisor for m: it reads the token and makes the
// cgroups. Nothing runs until Run. Close undoes New when Run is not called.
func New(m Manifest, log *slog.Logger) (*Supervisor, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	tok, err := os.ReadFile(m.TokenFile)
	if err != nil {
		return nil, fmt.Errorf("supervisor token: %w", err)
	}
	token := strings.TrimSpace(string(tok))
	if len(token) < 16 {
		return nil, fmt.Errorf("supervisor token in %s is shorter than 16 characters: write a random one", m.TokenFile)
	}
	met, err := newMetrics()
	if err != nil {
		return nil, err
	}
	s := &Supervisor{
		manifest: m,
		token:    token,
		log:      log,
		metrics:  met,
		procs:    map[string]*proc{},
		shutdown: make(chan struct{}),
		sink:     &sink{m: met},
	}
	s.leases = newLeases(s.apply, met)
	noGroup := s.setupCgroups()
	env := append(os.Environ(), MarkerEnv+"="+m.Instance)
	all := make([]*proc, 0, len(m.Components))
	for _, spec := range m.Components {
		var g *cgroup.Group
		why := noGroup
		if spec.Cgroup && s.tree != nil {
			if g, err = s.tree.Group(spec.Name); err != nil {
				why = err.Error()
				s.log.Warn("component runs without a cgroup", "component", spec.Name, "err", err)
				g = nil
			}
		}
		p := newProc(spec, g, why, append(append([]string{}, env...), spec.Env...), met, log)
		s.procs[spec.Name] = p
		s.order = append(s.order, spec.Name)
		all = append(all, p)
	}
	if m.Cgroups == "required" && s.tree == nil {
		return s, fmt.Errorf("cgroups are required but unavailable: %s", noGroup)
	}
	if err := met.reg.Register(newMemoryCollector(all)); err != nil {
		return s, fmt.Errorf("supervisor metrics: %w", err)
	}
	return s, nil
}

// setupCgroups makes the stack's cgroup tree when wanted and possible; it
// returns why there is none otherwise.
func (s *Supervisor) setupCgroups() string {
	if s.manifest.Cgroups == "off" {
		s.cgroups = "off (disabled in the manifest)"
		return "cgroups are disabled for this stack (stack up --cgroups=off); OOM faults are unavailable"
	}
	need := false
	for _, c := range s.manifest.Components {
		need = need || c.Cgroup
	}
	if !need {
		s.cgroups = "unused (no component asks for one)"
		return s.cgroups
	}
	h, err := cgroup.Detect()
	if err == nil {
		s.tree, err = cgroup.NewTree(h, CgroupTreeName(s.manifest.Instance))
	}
	if err != nil {
		_ = s.tree.Close()
		s.tree = nil
		s.cgroups = "unavailable: " + err.Error()
		s.log.Warn("running without cgroups; OOM faults are unavailable", "err", err)
		return err.Error()
	}
	s.cgroups = fmt.Sprintf("%s at %s", h.Version, s.tree.Dir())
	return ""
}

// Run serves the API and supervises every component until ctx ends or a
// shutdown is requested; then it reverts leases, stops the components and
// removes the cgroups.
func (s *Supervisor) Run(ctx context.Context) error {
	ln, err := net.Listen("tcp", s.manifest.Listen)
	if err != nil {
		_ = s.Close()
		return fmt.Errorf("supervisor listen on %s: %w (is another stack using this port? run `mcpchaos stack down` or pick another port)", s.manifest.Listen, err)
	}
	return s.Serve(ctx, ln)
}

// Serve is Run on a listener the caller opened (it must be on loopback).
func (s *Supervisor) Serve(ctx context.Context, ln net.Listener) error {
	var err error
	s.started = time.Now()
	srv := &http.Server{Handler: s.handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	s.log.Info("supervisor listening", "addr", ln.Addr().String(), "cgroups", s.cgroups)

	var wd *watchdog
	if len(s.manifest.Watchdog) > 0 {
		env := append(os.Environ(), MarkerEnv+"="+s.manifest.Instance)
		if s.tree != nil {
			env = append(env, CgroupEnv+"="+s.tree.Ref())
		}
		if wd, err = startWatchdog(s.manifest.Watchdog, env); err != nil {
			_ = ln.Close()
			_ = s.Close()
			return err
		}
	}

	procCtx, stopProcs := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for _, name := range s.order {
		p := s.procs[name]
		wg.Go(func() { p.run(procCtx) })
	}
	select {
	case <-ctx.Done():
	case <-s.shutdown:
	}
	s.log.Info("supervisor stopping")
	s.leases.close()
	stopProcs()
	wg.Wait()
	shutCtx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_ = srv.Shutdown(shutCtx)
	// What the components started and left behind goes too.
	left, serr := sweep.Kill(MarkerEnv, s.manifest.Instance, os.Getpid(), wd.pid())
	if len(left) > 0 || serr != nil {
		s.log.Error("processes left behind", "left", left, "err", serr)
	}
	err = errors.Join(serr, s.Close())
	wd.dismiss()
	s.log.Info("supervisor stopped")
	return err
}

// Close removes the cgroups. Run calls it; call it yourself only when Run
// is never called. It is idempotent.
func (s *Supervisor) Close() error {
	if s == nil || s.tree == nil {
		return nil
	}
	err := s.tree.Close()
	if err == nil {
		s.tree = nil
	}
	return err
}

// CgroupTreeName is the cgroup directory of a stack instance, under the
// supervisor's own cgroup.
func CgroupTreeName(instance string) string { return "mcpchaos-" + instance }

func (s *Supervisor) requestShutdown() {
	s.shutdownOnce.Do(func() { close(s.shutdown) })
}

// Status is the whole stack's status.
func (s *Supervisor) Status() control.Status {
	st := control.Status{PID: os.Getpid(), StartedAt: s.started, Cgroups: s.cgroups}
	for _, name := range s.order {
		st.Components = append(st.Components, s.procs[name].snapshot())
	}
	return st
}

// Main is `mcpchaos stack supervise --dir DIR`: it runs the manifest in
// dir until ctx ends or a shutdown is requested.
func Main(ctx context.Context, dir string, log *slog.Logger) error {
	m, err := LoadManifest(filepath.Join(dir, ManifestFile))
	if err != nil {
		return err
	}
	s, err := New(m, log)
	if err != nil {
		return errors.Join(err, s.Close())
	}
	return s.Run(ctx)
}
