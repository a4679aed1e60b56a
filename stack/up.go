package stack

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/mcpchaos/mcpchaos/config"
	"github.com/mcpchaos/mcpchaos/stack/cgroup"
	"github.com/mcpchaos/mcpchaos/stack/install"
	"github.com/mcpchaos/mcpchaos/stack/supervisor"
)

// Up installs what is missing, writes every config into the stack
// directory, starts the supervisor and waits until every component is
// ready. On failure it stops whatever it started and returns the partial
// *Stack (Down on it is safe) with an error that names the component and
// the end of its log.
func Up(ctx context.Context, opts Options) (*Stack, error) {
	return up(ctx, opts, components())
}

func up(ctx context.Context, opts Options, comps []component) (*Stack, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, fmt.Errorf("stack up: %w", err)
	}
	began := time.Now()
	if err := os.MkdirAll(opts.Dir, 0o755); err != nil {
		return nil, fmt.Errorf("stack up: %w", err)
	}
	if err := clearStale(ctx, opts.Dir); err != nil {
		return nil, err
	}
	bins, err := installAll(ctx, opts, comps)
	if err != nil {
		return nil, err
	}
	p, err := newPlan(opts, bins)
	if err != nil {
		return nil, err
	}
	if err := prepareDir(p, opts, comps); err != nil {
		return nil, err
	}
	st := State{
		Instance:   newInstance(),
		Profile:    p.Profile,
		Dir:        p.Dir,
		TokenFile:  p.Path(tokenFile),
		ConfigFile: p.Path(configFile),
		Ports:      p.PortMap,
		URLs:       p.urls(),
		StartedAt:  time.Now(),
	}
	if p.TLS {
		st.CAFile = p.CAFile()
	}
	if err := writeToken(st.TokenFile); err != nil {
		return nil, err
	}
	m := manifest(p, opts, st.Instance, comps)
	if err := writeManifest(p.Dir, m); err != nil {
		return nil, err
	}
	if opts.Cgroups != "off" {
		if h, err := cgroup.Detect(); err == nil {
			st.Cgroup = cgroup.RefFor(h, supervisor.CgroupTreeName(st.Instance))
		}
	}
	fmt.Fprintf(opts.Progress, "starting %d components in %s\n", len(comps), p.Dir)
	s, err := startSupervisor(opts, st)
	if err != nil {
		return nil, err
	}
	st = s.State
	if err := writeState(p.Dir, st); err != nil {
		return s, errors.Join(err, s.Down(context.WithoutCancel(ctx)))
	}
	if err := s.waitReady(ctx, opts.ReadyTimeout, opts.Progress); err != nil {
		return s, errors.Join(err, s.Down(context.WithoutCancel(ctx)))
	}
	if sst, err := s.client.Status(ctx); err == nil && !strings.HasPrefix(sst.Cgroups, "cgroup v") {
		fmt.Fprintf(opts.Progress, "note: cgroups %s\n", sst.Cgroups)
	}
	if err := writeRunConfig(st.ConfigFile, p.runConfig(st)); err != nil {
		return s, errors.Join(err, s.Down(context.WithoutCancel(ctx)))
	}
	fmt.Fprintf(opts.Progress, "stack up in %s\n", time.Since(began).Round(10*time.Millisecond))
	return s, nil
}

// clearStale refuses a running stack and cleans up after a dead one.
func clearStale(ctx context.Context, dir string) error {
	old, err := Open(dir)
	if errors.Is(err, ErrNotUp) {
		return nil
	}
	if err != nil {
		return err
	}
	if old.alive() {
		return fmt.Errorf("stack up %s: %w", dir, ErrAlreadyUp)
	}
	return old.Down(ctx)
}

// installAll ensures the binaries of comps, one at a time.
func installAll(ctx context.Context, opts Options, comps []component) (map[string]string, error) {
	iopts := install.Options{CacheDir: opts.CacheDir, Progress: opts.Progress, Bins: opts.Bins, LookupEnv: opts.LookupEnv}
	bins := map[string]string{}
	for _, c := range comps {
		if c.Install == "" {
			continue
		}
		path, err := install.Ensure(ctx, iopts, c.Install)
		if err != nil {
			return nil, fmt.Errorf("stack up: install %s: %w", c.Install, err)
		}
		bins[c.Install] = path
	}
	return bins, nil
}

func newPlan(opts Options, bins map[string]string) (*plan, error) {
	ports, err := allocatePorts(opts.Ports)
	if err != nil {
		return nil, fmt.Errorf("stack up: %w", err)
	}
	if err := checkFree(ports, opts.Ports); err != nil {
		return nil, fmt.Errorf("stack up: %w", err)
	}
	return &plan{
		Dir:           opts.Dir,
		Profile:       opts.Profile,
		PortMap:       ports,
		Bins:          bins,
		Self:          opts.Self,
		TLS:           !opts.PlainHTTP,
		RelayTraces:   opts.RelayTraces,
		ServerCmd:     opts.ServerCmd,
		DownstreamCmd: opts.DownstreamCmd,
		Mutations:     opts.Mutations,
	}, nil
}

// prepareDir wipes data, logs and configs, and writes TLS files, rules and
// every component's config.
func prepareDir(p *plan, opts Options, comps []component) error {
	for _, d := range []string{"data", "logs", "configs"} {
		if err := os.RemoveAll(p.Path(d)); err != nil {
			return fmt.Errorf("stack up: clear %s: %w", d, err)
		}
	}
	dirs := []string{p.Path("logs"), p.Config("rules")}
	for _, c := range comps {
		dirs = append(dirs, p.Data(c.Name))
	}
	for _, d := range dirs {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return fmt.Errorf("stack up: %w", err)
		}
	}
	if p.TLS {
		if err := writeTLS(p); err != nil {
			return err
		}
	}
	if opts.Rules != nil {
		rules, err := opts.Rules(p.Profile)
		if err == nil {
			rules, err = p.mutateRules(rules)
		}
		if err != nil {
			return fmt.Errorf("stack up: alert rules for profile %s: %w", p.Profile, err)
		}
		if len(rules) > 0 {
			if err := writeFiles(p.Dir, []file{{Name: "rules/mcp.rules.yml", Data: rules}}); err != nil {
				return err
			}
		}
	}
	if err := writeLogRules(p, opts); err != nil {
		return err
	}
	for _, c := range comps {
		if c.Files == nil {
			continue
		}
		fs, err := c.Files(p)
		if err != nil {
			return fmt.Errorf("stack up: %s config: %w", c.Name, err)
		}
		if err := writeFiles(p.Dir, fs); err != nil {
			return fmt.Errorf("stack up: %s config: %w", c.Name, err)
		}
	}
	return nil
}

func manifest(p *plan, opts Options, instance string, comps []component) supervisor.Manifest {
	m := supervisor.Manifest{
		Listen:    p.Addr("supervisor.http"),
		TokenFile: p.Path(tokenFile),
		Instance:  instance,
		Cgroups:   opts.Cgroups,
		Watchdog:  []string{opts.Self, "stack", "supervise", "--watchdog"},
	}
	for _, c := range comps {
		m.Components = append(m.Components, c.Spec(p))
	}
	return m
}

func writeManifest(dir string, m supervisor.Manifest) error {
	if err := m.Validate(); err != nil {
		return fmt.Errorf("stack up: manifest: %w", err)
	}
	b, err := jsonIndent(m)
	if err != nil {
		return err
	}
	return writeFileAtomic(filepath.Join(dir, supervisor.ManifestFile), b, 0o644)
}

func writeToken(path string) error {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return fmt.Errorf("stack up: token: %w", err)
	}
	return writeFileAtomic(path, []byte(hex.EncodeToString(b)+"\n"), 0o600)
}

func writeRunConfig(path string, cfg *config.Config) error {
	if errs := cfg.Validate(); len(errs) > 0 {
		return fmt.Errorf("stack up: mcpchaos.yaml: %w", errors.Join(errs...))
	}
	b, err := config.Marshal(cfg)
	if err != nil {
		return fmt.Errorf("stack up: mcpchaos.yaml: %w", err)
	}
	head := []byte("# Written by `mcpchaos stack up` for the embedded stack; rewritten by every stack up.\n")
	return writeFileAtomic(path, append(head, b...), 0o644)
}

func newInstance() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// startSupervisor runs `mcpchaos stack supervise --dir DIR` in its own
// process group. Attached (the default), it gets SIGTERM when the caller
// dies, and stops the stack; detached, it gets its own session.
func startSupervisor(opts Options, st State) (*Stack, error) {
	logf, err := os.OpenFile(filepath.Join(st.Dir, "logs", "supervisor.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("stack up: %w", err)
	}
	defer logf.Close()
	cmd := exec.Command(opts.Self, "stack", "supervise", "--dir", st.Dir)
	cmd.Dir = st.Dir
	cmd.Env = append(os.Environ(), supervisor.MarkerEnv+"="+st.Instance)
	cmd.Stdout, cmd.Stderr = logf, logf
	if opts.Detach {
		cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	} else {
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("stack up: start supervisor %s: %w", opts.Self, err)
	}
	st.SupervisorPID = cmd.Process.Pid
	s := newStack(st)
	s.exited = make(chan struct{})
	go func() {
		_ = cmd.Wait()
		close(s.exited)
	}()
	return s, nil
}

// tailLines returns the last n lines of a file, for error messages.
func tailLines(path string, n int) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	const max = 64 << 10
	if fi, err := f.Stat(); err == nil && fi.Size() > max {
		_, _ = f.Seek(-max, io.SeekEnd)
	}
	b, _ := io.ReadAll(f)
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return "    " + strings.Join(lines, "\n    ") + "\n"
}
