// Package dockertest runs a private Docker daemon for tests: its own
// data root, exec root, socket and bridge under a temporary directory,
// so it touches no other daemon, and a Close that removes every trace.
//
// Tests that need Docker fail in CI rather than skip: Ensure installs
// Debian's docker.io with apt-get when dockerd is missing in CI (or with
// MCPCHAOS_TEST_DOCKER=1), and its error goes to testenv.Missing, which
// fails in CI and skips elsewhere. Helpers return errors, so a test
// decides how to fail.
package dockertest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/mcpchaos/mcpchaos/internal/docker"
	"github.com/mcpchaos/mcpchaos/internal/testenv"
)

// InstallEnv set to 1 lets Ensure install Docker outside CI too.
const InstallEnv = "MCPCHAOS_TEST_DOCKER"

// Label marks every container a test daemon runs.
const Label = "mcpchaos.dockertest"

// Ensure returns nil when a private dockerd can run here, installing
// Debian's docker.io first when dockerd is missing and installing is
// wanted (in CI, or MCPCHAOS_TEST_DOCKER=1). Its error says what is
// missing and how to get it.
func Ensure(ctx context.Context) error {
	if os.Geteuid() != 0 {
		return errors.New("the Docker tests run a private dockerd, which needs root")
	}
	if _, err := exec.LookPath("dockerd"); err == nil {
		return nil
	}
	if !testenv.InCI() && os.Getenv(InstallEnv) != "1" {
		return errors.New("dockerd is not installed: set " + InstallEnv + "=1 to install Debian's docker.io with apt-get (CI does)")
	}
	return install(ctx)
}

// install runs apt-get update and installs docker.io (dockerd, containerd,
// runc, docker-proxy) without its service starting.
func install(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	env := append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
	for _, args := range [][]string{
		{"-o", "DPkg::Lock::Timeout=120", "update", "-qq"},
		{"-o", "DPkg::Lock::Timeout=120", "install", "-y", "-qq", "--no-install-recommends", "docker.io", "iproute2"},
	} {
		cmd := exec.CommandContext(ctx, "apt-get", args...)
		cmd.Env = env
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("install docker.io: apt-get %s: %w\n%s", strings.Join(args, " "), err, tail(out))
		}
	}
	if _, err := exec.LookPath("dockerd"); err != nil {
		return fmt.Errorf("docker.io is installed but dockerd is not on PATH: %w", err)
	}
	return nil
}

// Daemon is a private dockerd.
type Daemon struct {
	Dir    string // holds data, exec, sock, pid and log
	Host   string // unix://DIR/sock
	Client *docker.Client

	bridge string
	cmd    *exec.Cmd
	exited chan struct{}
	closed bool
}

// Start runs dockerd under dir (a short path: unix sockets live in it)
// and waits until it answers. On error the partly started daemon is
// returned too: Close it.
func Start(ctx context.Context, dir string) (*Daemon, error) {
	d := &Daemon{Dir: dir, Host: "unix://" + filepath.Join(dir, "sock")}
	var err error
	if d.bridge, err = makeBridge(ctx); err != nil {
		return d, err
	}
	logf, err := os.Create(filepath.Join(dir, "dockerd.log"))
	if err != nil {
		return d, err
	}
	defer logf.Close()
	d.cmd = exec.Command("dockerd",
		"--storage-driver=overlay2", "--iptables=false", "--ip6tables=false",
		"--bridge="+d.bridge,
		"--data-root", filepath.Join(dir, "data"),
		"--exec-root", filepath.Join(dir, "exec"),
		"--pidfile", filepath.Join(dir, "pid"),
		"-H", d.Host)
	d.cmd.Stdout, d.cmd.Stderr = logf, logf
	d.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
	if err := d.cmd.Start(); err != nil {
		return d, fmt.Errorf("start dockerd: %w", err)
	}
	d.exited = make(chan struct{})
	go func() { _ = d.cmd.Wait(); close(d.exited) }()
	if d.Client, err = docker.New(d.Host); err != nil {
		return d, err
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		if _, err = d.Client.Negotiate(ctx); err == nil {
			return d, nil
		}
		select {
		case <-d.exited:
			return d, fmt.Errorf("dockerd exited at start: %s", d.Log())
		case <-ctx.Done():
			return d, ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return d, fmt.Errorf("dockerd did not answer within 60s: %w: %s", err, d.Log())
		}
	}
}

// Log is the end of dockerd's log.
func (d *Daemon) Log() string {
	b, _ := os.ReadFile(filepath.Join(d.Dir, "dockerd.log"))
	return tail(b)
}

// Close removes every container, stops dockerd by its pid (and its
// containerd, should dockerd have left it), unmounts what it mounted and
// deletes its bridge. It is idempotent and safe on a partly started
// daemon.
func (d *Daemon) Close() error {
	if d == nil || d.closed {
		return nil
	}
	d.closed = true
	var errs []error
	if d.cmd != nil && d.cmd.Process != nil {
		if d.Client != nil {
			errs = append(errs, d.removeAll())
		}
		_ = d.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-d.exited:
		case <-time.After(20 * time.Second):
			_ = d.cmd.Process.Kill()
			<-d.exited
			errs = append(errs, errors.New("dockerd did not stop within 20s of SIGTERM: killed"))
		}
		errs = append(errs, killPidFile(filepath.Join(d.Dir, "exec", "containerd", "containerd.pid")))
	}
	if d.Client != nil {
		d.Client.Close()
	}
	errs = append(errs, unmountUnder(d.Dir))
	if d.bridge != "" {
		if out, err := exec.Command("ip", "link", "del", d.bridge).CombinedOutput(); err != nil {
			errs = append(errs, fmt.Errorf("ip link del %s: %w: %s", d.bridge, err, out))
		}
	}
	return errors.Join(errs...)
}

// removeAll force-removes every container of the daemon.
func (d *Daemon) removeAll() error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var list []struct {
		ID string `json:"Id"`
	}
	if _, err := d.Client.Call(ctx, http.MethodGet, "/containers/json", url.Values{"all": {"1"}}, nil, &list, 0); err != nil {
		return fmt.Errorf("list containers: %w", err)
	}
	var errs []error
	for _, c := range list {
		if _, err := d.Client.Call(ctx, http.MethodDelete, docker.ContainerPath(c.ID, ""), url.Values{"force": {"1"}, "v": {"1"}}, nil, nil, 0); err != nil && !docker.IsNotFound(err) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// killPidFile kills the process a pid file names, if it still runs.
func killPidFile(path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || pid <= 1 || syscall.Kill(pid, 0) != nil {
		return nil
	}
	_ = syscall.Kill(pid, syscall.SIGKILL)
	return fmt.Errorf("containerd (pid %d) outlived dockerd: killed", pid)
}

// unmountUnder unmounts whatever is still mounted below dir (the default
// network namespace at exec/netns/default, overlay layers), deepest first.
func unmountUnder(dir string) error {
	b, err := os.ReadFile("/proc/self/mounts")
	if err != nil {
		return err
	}
	var points []string
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) > 1 && (f[1] == dir || strings.HasPrefix(f[1], dir+"/")) {
			points = append(points, f[1])
		}
	}
	var errs []error
	for i := len(points) - 1; i >= 0; i-- {
		if err := syscall.Unmount(points[i], syscall.MNT_DETACH); err != nil && !errors.Is(err, syscall.EINVAL) {
			errs = append(errs, fmt.Errorf("unmount %s: %w", points[i], err))
		}
	}
	return errors.Join(errs...)
}

// makeBridge creates a bridge of the daemon's own on a free 172.30.N.0/24,
// so that this daemon and another on the machine (another test's, the
// system's docker0) never share or delete each other's.
func makeBridge(ctx context.Context) (string, error) {
	name := fmt.Sprintf("mcdt%d", os.Getpid()%100000000)
	routes, err := exec.CommandContext(ctx, "ip", "-4", "route").Output()
	if err != nil {
		return "", fmt.Errorf("ip route: %w", err)
	}
	start := os.Getpid() % 256
	for i := range 256 {
		n := (start + i) % 256
		if strings.Contains(string(routes), fmt.Sprintf("172.30.%d.", n)) {
			continue
		}
		for _, args := range [][]string{
			{"link", "add", name, "type", "bridge"},
			{"addr", "add", fmt.Sprintf("172.30.%d.1/24", n), "dev", name},
			{"link", "set", name, "up"},
		} {
			if out, err := exec.CommandContext(ctx, "ip", args...).CombinedOutput(); err != nil {
				_ = exec.Command("ip", "link", "del", name).Run()
				return "", fmt.Errorf("ip %s: %w: %s", strings.Join(args, " "), err, out)
			}
		}
		return name, nil
	}
	return "", errors.New("no free 172.30.N.0/24 for the test daemon's bridge")
}

func tail(b []byte) string {
	const n = 2000
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return strings.TrimSpace(string(b))
}
