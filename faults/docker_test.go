package faults_test

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/config"
	"github.com/mcpchaos/mcpchaos/faults"
	"github.com/mcpchaos/mcpchaos/faults/watchdog"
	"github.com/mcpchaos/mcpchaos/internal/certs"
	"github.com/mcpchaos/mcpchaos/internal/docker"
	"github.com/mcpchaos/mcpchaos/internal/dockertest"
	"github.com/mcpchaos/mcpchaos/internal/testenv"
	"github.com/mcpchaos/mcpchaos/stack/control"
)

// Lease TTLs of the Docker tests: dockerTTL leaves a busy machine time
// to apply a fault; diesTTL is short, so a dead runner's fault ends soon.
const (
	dockerTTL = 5 * time.Second
	diesTTL   = 2 * time.Second
)

// TestDockerDriver faults containers of a private dockerd for real, with
// a real supervisor (no components) as the lease keeper: each fault is
// seen in effect and seen reverted, and a dead runner's stop is undone by
// the keeper at the lease's TTL. Without dockerd it fails in CI (which
// installs docker.io) and skips elsewhere unless MCPCHAOS_TEST_DOCKER=1.
// It needs no embedded stack: MCPCHAOS_TEST_NO_STACK=1 -run TestDocker.
func TestDockerDriver(t *testing.T) {
	ctx := context.Background()
	start := time.Now()
	if err := dockertest.Ensure(ctx); err != nil {
		testenv.Missing(t, "Docker (the docker driver's tests run a private dockerd)", err)
	}
	f := newDockerFixture(t)
	t.Logf("dockerd up and image built in %s", time.Since(start).Round(time.Millisecond))
	t.Cleanup(func() { t.Logf("docker tests took %s in all", time.Since(start).Round(time.Millisecond)) })

	t.Run("stop", func(t *testing.T) {
		t.Parallel()
		ct, port := f.run(t, dockertest.Spec{Restart: "always", Healthcheck: f.health()})
		in := f.injector(t, ct, dockerTTL)
		h, err := in.Inject(ctx, faults.Stop{Target: "web", Duration: d(2 * time.Second)})
		if err != nil {
			t.Fatal(err)
		}
		if now := f.inspect(t, ct.ID); now.State.Running {
			t.Fatalf("after Inject the container is %s, want stopped", now.State.Status)
		}
		if err := getHealth(port); err == nil {
			t.Error("the stopped container still answers")
		}
		if err := h.Wait(ctx); err != nil {
			t.Fatal(err)
		}
		if held := h.RevertedAt().Sub(h.InjectedAt); held < 2*time.Second {
			t.Errorf("reverted %s after injection, before the 2s duration", held)
		}
		now := f.inspect(t, ct.ID)
		if !now.State.Running || now.State.Health == nil || now.State.Health.Status != "healthy" {
			t.Fatalf("after the revert the container is %s (health %+v), want running and healthy", now.State.Status, now.State.Health)
		}
		if err := getHealth(port); err != nil {
			t.Errorf("after the revert: %v", err)
		}
	})

	for _, tc := range []struct{ name, restart, signal string }{
		{"kill without restart policy", "no", ""},
		{"kill TERM with restart always", "always", "TERM"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ct, port := f.run(t, dockertest.Spec{Restart: tc.restart})
			was := started(t, port)
			in := f.injector(t, ct, dockerTTL)
			h, err := in.Inject(ctx, faults.Kill{Target: "web", Signal: tc.signal})
			if err != nil {
				t.Fatal(err)
			}
			if err := h.Wait(ctx); err != nil {
				t.Fatal(err)
			}
			now := f.inspect(t, ct.ID)
			if !now.State.Running || !now.State.StartedAt.After(ct.State.StartedAt) {
				t.Fatalf("after the revert the container is %s, started %s (was %s): want running again", now.State.Status, now.State.StartedAt, ct.State.StartedAt)
			}
			if again := started(t, port); again == was {
				t.Errorf("the server answering is the one that was killed (started %s)", was)
			}
		})
	}

	for _, tc := range []struct {
		name    string
		restart string
		memory  int64
	}{
		{"oom_kill unlimited without restart policy", "", 0},
		{"oom_kill limited with restart unless-stopped", "unless-stopped", 512 << 20},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ct, port := f.run(t, dockertest.Spec{Restart: tc.restart, Memory: tc.memory})
			stop := allocateWhileLimited(t, f.d.Client, ct, port)
			in := f.injector(t, ct, dockerTTL)
			h, err := in.Inject(ctx, faults.OOMKill{Target: "web"})
			stop()
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("OOM kill seen %s after the injection began", h.EffectiveAt.Sub(h.InjectedAt).Round(time.Millisecond))
			if err := h.Wait(ctx); err != nil {
				t.Fatal(err)
			}
			now := f.inspect(t, ct.ID)
			if !now.State.OOMKilled || now.RestartCount == 0 || !now.State.Running {
				t.Errorf("after the fault: OOM-killed %v, restarts %d, %s: want an OOM kill and Docker's restart", now.State.OOMKilled, now.RestartCount, now.State.Status)
			}
			// Docker reads back an unlimited memory limit restored as the
			// kernel's number, and no restart policy as "no".
			if faults.OrUnlimited(now.HostConfig.Memory) != faults.OrUnlimited(tc.memory) || policyName(now) != policyName(ct) {
				t.Errorf("after the revert: memory limit %d, restart policy %+v; want %d (or unlimited) and %+v", now.HostConfig.Memory, now.HostConfig.RestartPolicy, tc.memory, ct.HostConfig.RestartPolicy)
			}
			if err := waitHealth(port, 5*time.Second); err != nil {
				t.Errorf("after the revert: %v", err)
			}
		})
	}

	t.Run("tls_expiry", func(t *testing.T) {
		t.Parallel()
		pair, err := f.ca.Issue(certs.Options{})
		if err != nil {
			t.Fatal(err)
		}
		ct, _ := f.run(t, dockertest.Spec{
			Env:   []string{"TLS_CERT=/certs/cert.pem", "TLS_KEY=/certs/key.pem"},
			Files: map[string][]byte{"/certs/cert.pem": pair.CertPEM, "/certs/key.pem": pair.KeyPEM},
			Ports: map[string]int{"8443/tcp": freePort(t)},
		})
		addr := "127.0.0.1:" + strconv.Itoa(hostPort(t, ct, "8443/tcp"))
		orig := waitServed(t, addr)
		in := f.injector(t, ct, dockerTTL, func(tg *config.Target) {
			tg.CertFile, tg.KeyFile, tg.Address = "/certs/cert.pem", "/certs/key.pem", addr
			tg.CAFile, tg.CAKeyFile = f.caFile, f.caKeyFile
		})
		h, err := in.Inject(ctx, faults.TLSExpiry{Target: "web", Duration: d(time.Second)})
		if err != nil {
			t.Fatal(err)
		}
		// Inject saw the bad certificate served; it is the expired one.
		during := f.certIn(t, ct.ID, "/certs/cert.pem")
		if !during.NotAfter.Before(time.Now()) || during.SerialNumber.Cmp(orig) == 0 {
			t.Fatalf("during the fault the container holds serial %x valid until %s, want a new, expired one", during.SerialNumber, during.NotAfter)
		}
		if s, err := faults.ServedSerial(ctx, addr); err != nil || s.Cmp(during.SerialNumber) != 0 {
			t.Fatalf("during the fault %s serves serial %x (%v), want the swapped %x", addr, s, err, during.SerialNumber)
		}
		if err := h.Wait(ctx); err != nil {
			t.Fatal(err)
		}
		if s, err := faults.ServedSerial(ctx, addr); err != nil || s.Cmp(orig) != 0 {
			t.Fatalf("after the revert %s serves serial %x (%v), want the original %x", addr, s, err, orig)
		}
		for file, want := range map[string][]byte{"/certs/cert.pem": pair.CertPEM, "/certs/key.pem": pair.KeyPEM} {
			got, err := f.d.Client.ReadFile(ctx, ct.ID, file)
			if err != nil || !bytes.Equal(got.Data, want) || got.Header.Mode&0o777 != 0o644 {
				t.Errorf("after the revert %s is %d bytes, mode %o (%v): want the original's, mode 644", file, len(got.Data), got.Header.Mode, err)
			}
		}
	})

	t.Run("runner dies during stop", func(t *testing.T) {
		t.Parallel()
		ct, port := f.run(t, dockertest.Spec{})
		in := f.injector(t, ct, diesTTL)
		h, err := in.Inject(ctx, faults.Stop{Target: "web", Duration: d(5 * time.Minute)})
		if err != nil {
			t.Fatal(err)
		}
		// The runner dies: no more renewals, no self-revert, nobody
		// releases the lease.
		faults.Abandon(h)
		died := time.Now()
		deadline := died.Add(diesTTL + 2*time.Second)
		for !f.inspect(t, ct.ID).State.Running {
			if time.Now().After(deadline) {
				t.Fatalf("the keeper did not start the container within the TTL (%s) + 2s of the runner's death", diesTTL)
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Logf("started again %s after the runner died (TTL %s)", time.Since(died).Round(time.Millisecond), diesTTL)
		if err := waitHealth(port, 5*time.Second); err != nil {
			t.Error(err)
		}
		ls, err := f.keeper.Leases(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var ended *control.Lease
		for i := range ls {
			if ls[i].ID == h.ID {
				ended = &ls[i]
			}
		}
		if ended == nil || ended.State != control.LeaseExpired || ended.RevertError != "" {
			t.Errorf("lease %s at the keeper: %+v, want expired with no revert error", h.ID, ended)
		}
		// The next run's Close finds the lease ended and confirms the revert.
		if err := in.Close(ctx); err != nil {
			t.Errorf("close after the keeper's revert: %v", err)
		}
	})

	t.Run("runner SIGKILLed during stop", func(t *testing.T) {
		t.Parallel()
		ct, port := f.run(t, dockertest.Spec{})
		// The package's SIGKILL child runs childSpecs["stop"] on the
		// target that spec names: here, the container.
		spec := childSpecs["stop"]
		tg := f.target(ct)
		cfg := &config.Config{Faults: config.Faults{Supervisor: f.keeperConf, Targets: map[string]config.Target{spec.TargetName(): tg}}}
		yml, err := config.Marshal(cfg)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "mcpchaos.yaml")
		if err := os.WriteFile(path, yml, 0o600); err != nil {
			t.Fatal(err)
		}
		state := func(want bool) func() error {
			return func() error {
				if now := f.inspect(t, ct.ID); now.State.Running != want {
					return fmt.Errorf("container %s is %s", ct.Name, now.State.Status)
				}
				return nil
			}
		}
		took := killMidFault(t, "stop", path, state(false), state(true))
		if took > childTTL+2*time.Second {
			t.Errorf("the container was started %s after its runner's SIGKILL, over the lease TTL (%s) + 2s", took, childTTL)
		}
		t.Logf("started again %s after the runner's SIGKILL (TTL %s)", took.Round(time.Millisecond), childTTL)
		if err := waitHealth(port, 5*time.Second); err != nil {
			t.Error(err)
		}
	})

	t.Run("refuses", func(t *testing.T) {
		t.Parallel()
		ct, _ := f.run(t, dockertest.Spec{})
		if err := f.d.Client.Stop(ctx, ct.ID, time.Second); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name string
			spec faults.Spec
			edit func(*config.Target)
		}{
			{"a stopped container", faults.Kill{Target: "web"}, nil},
			{"an unknown container", faults.Kill{Target: "web"}, func(tg *config.Target) { tg.Component = "no-such-container" }},
		} {
			var edits []func(*config.Target)
			if tc.edit != nil {
				edits = append(edits, tc.edit)
			}
			if _, err := f.injector(t, ct, dockerTTL, edits...).Inject(ctx, tc.spec); !errors.Is(err, faults.ErrRefused) {
				t.Errorf("%s: %v, want ErrRefused", tc.name, err)
			}
		}
	})
}

// TestDockerDriverRefusesWithoutDocker: what the driver refuses before it
// asks any daemon.
func TestDockerDriverRefusesWithoutDocker(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		spec   faults.Spec
		target config.Target
	}{
		{"latency", faults.Latency{Target: "web", Latency: d(time.Second), Duration: d(time.Second)}, config.Target{Component: "web"}},
		{"no component", faults.Stop{Target: "web", Duration: d(time.Second)}, config.Target{}},
		{"remote daemon", faults.Stop{Target: "web", Duration: d(time.Second)}, config.Target{Component: "web", DockerHost: "tcp://192.0.2.1:2375"}},
		{"ssh daemon", faults.Stop{Target: "web", Duration: d(time.Second)}, config.Target{Component: "web", DockerHost: "ssh://host"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.target.Driver = "docker"
			cfg := &config.Config{Faults: config.Faults{Targets: map[string]config.Target{"web": tc.target}}}
			in, err := faults.New(cfg, faults.WithKeeper(control.NewClient("http://127.0.0.1:1", "unused")))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := in.Inject(context.Background(), tc.spec); !errors.Is(err, faults.ErrRefused) {
				t.Errorf("%v, want ErrRefused", err)
			}
		})
	}
}

// dockerFixture is what the subtests share: the daemon with the test
// server's image, the keeper and the test CA.
type dockerFixture struct {
	d      *dockertest.Daemon
	keeper *control.Client
	// keeperConf is how a runner in another process reaches the keeper.
	keeperConf        config.Supervisor
	ca                *certs.CA
	caFile, caKeyFile string

	mu  sync.Mutex
	seq int
}

const dockerImage = "mcpchaos-faults-test:latest"

func newDockerFixture(t *testing.T) *dockerFixture {
	t.Helper()
	ctx := context.Background()
	// A short directory: dockerd's and containerd's unix sockets live in it.
	dir, err := os.MkdirTemp("", "mcdt-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	d, err := dockertest.Start(ctx, dir)
	t.Cleanup(func() {
		if err := d.Close(); err != nil {
			t.Errorf("docker teardown: %v", err)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := d.BuildServerImage(ctx, dockerImage); err != nil {
		t.Fatal(err)
	}
	f := &dockerFixture{d: d}
	f.keeper, f.keeperConf = startKeeper(t)
	if f.ca, err = certs.NewCA("mcpchaos docker test CA", time.Hour); err != nil {
		t.Fatal(err)
	}
	f.caFile, f.caKeyFile = filepath.Join(dir, "ca.pem"), filepath.Join(dir, "ca-key.pem")
	if err := f.ca.WriteFiles(f.caFile, f.caKeyFile); err != nil {
		t.Fatal(err)
	}
	return f
}

// run starts a test server container (its HTTP port published) that the
// test removes at its end; it returns the container and the HTTP port.
func (f *dockerFixture) run(t *testing.T, s dockertest.Spec) (docker.Container, int) {
	t.Helper()
	f.mu.Lock()
	f.seq++
	s.Name = fmt.Sprintf("web-%d", f.seq)
	f.mu.Unlock()
	s.Image = dockerImage
	if s.Ports == nil {
		s.Ports = map[string]int{}
	}
	s.Ports["8080/tcp"] = freePort(t)
	ct, err := f.d.Run(context.Background(), s)
	t.Cleanup(func() {
		if ct.ID != "" {
			_, _ = f.d.Client.Call(context.Background(), http.MethodDelete, docker.ContainerPath(ct.ID, ""), url.Values{"force": {"1"}}, nil, nil, 0)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	port := hostPort(t, ct, "8080/tcp")
	if err := waitHealth(port, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	return ct, port
}

// health is a healthcheck that needs no shell in the container.
func (f *dockerFixture) health() *docker.Healthcheck {
	return &docker.Healthcheck{Test: []string{"CMD", "/server", "-health"}, Interval: int64(300 * time.Millisecond), Timeout: int64(2 * time.Second), Retries: 3}
}

// injector injects on target "web", the container ct, with the keeper;
// the test closes it at its end.
func (f *dockerFixture) injector(t *testing.T, ct docker.Container, ttl time.Duration, edits ...func(*config.Target)) *faults.Injector {
	t.Helper()
	tg := f.target(ct)
	for _, e := range edits {
		e(&tg)
	}
	cfg := &config.Config{Faults: config.Faults{Targets: map[string]config.Target{"web": tg}}}
	var log bytes.Buffer
	in, err := faults.New(cfg, faults.WithKeeper(f.keeper), faults.WithLeaseTTL(ttl), faults.WithEventLog(&log))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := in.Close(context.Background()); err != nil {
			t.Errorf("close injector: %v", err)
		}
		if t.Failed() {
			t.Logf("event log:\n%s", log.String())
		}
	})
	return in
}

// target is a docker target on container ct.
func (f *dockerFixture) target(ct docker.Container) config.Target {
	return config.Target{Driver: "docker", Component: strings.TrimPrefix(ct.Name, "/"), DockerHost: f.d.Host}
}

func (f *dockerFixture) inspect(t *testing.T, id string) docker.Container {
	t.Helper()
	ct, err := f.d.Client.Inspect(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return ct
}

// startKeeper runs the fault watchdog (a supervisor with no components,
// the keeper of runs without an embedded stack) in this process.
func startKeeper(t *testing.T) (*control.Client, config.Supervisor) {
	t.Helper()
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- watchdog.Serve(ctx, watchdog.Options{Dir: dir, Idle: time.Hour}) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("keeper: %v", err)
			}
		case <-time.After(30 * time.Second):
			t.Error("keeper did not stop within 30s")
		}
	})
	deadline := time.Now().Add(5 * time.Second)
	for {
		c, st, err := watchdog.Open(ctx, dir)
		if err == nil {
			return c, config.Supervisor{URL: st.URL, TokenFile: st.TokenFile}
		}
		if time.Now().After(deadline) {
			t.Fatalf("keeper did not answer within 5s: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// allocateWhileLimited asks the server for memory while its limit differs
// from the original (the OOM fault's load), until the returned stop.
func allocateWhileLimited(t *testing.T, c *docker.Client, ct docker.Container, port int) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		hc := http.Client{Timeout: 2 * time.Second}
		for ctx.Err() == nil {
			now, err := c.Inspect(ctx, ct.ID)
			if err == nil && now.HostConfig.Memory != ct.HostConfig.Memory && now.State.Running {
				if resp, err := hc.Get(fmt.Sprintf("http://127.0.0.1:%d/alloc?mb=2", port)); err == nil {
					resp.Body.Close()
				}
			}
			select {
			case <-ctx.Done():
			case <-time.After(50 * time.Millisecond):
			}
		}
	}()
	var once sync.Once
	stop = func() { once.Do(func() { cancel(); <-done }) }
	t.Cleanup(stop)
	return stop
}

func policyName(ct docker.Container) string {
	if n := ct.HostConfig.RestartPolicy.Name; n != "" {
		return n
	}
	return "no"
}

func hostPort(t *testing.T, ct docker.Container, port string) int {
	t.Helper()
	p, err := ct.HostPort(port)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// freePort is a 127.0.0.1 port free now (published ports stay the same
// across a container's restarts only when given).
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

func getHealth(port int) error {
	hc := http.Client{Timeout: time.Second}
	resp, err := hc.Get(fmt.Sprintf("http://127.0.0.1:%d/health", port))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET /health: HTTP %d", resp.StatusCode)
	}
	return nil
}

func waitHealth(port int, d time.Duration) error {
	deadline := time.Now().Add(d)
	for {
		err := getHealth(port)
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the server on port %d did not answer within %s: %w", port, d, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// started is when the server answering on port started.
func started(t *testing.T, port int) string {
	t.Helper()
	if err := waitHealth(port, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/started", port))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return strings.TrimSpace(string(b))
}

// waitServed is the serial addr serves, once it serves one.
func waitServed(t *testing.T, addr string) *big.Int {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		s, err := faults.ServedSerial(context.Background(), addr)
		if err == nil {
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("no TLS handshake at %s within 10s: %v", addr, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// certIn is the certificate in a container's file.
func (f *dockerFixture) certIn(t *testing.T, id, path string) *x509.Certificate {
	t.Helper()
	file, err := f.d.Client.ReadFile(context.Background(), id, path)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := pem.Decode(file.Data)
	if b == nil {
		t.Fatalf("%s in container %s is not PEM", path, id)
	}
	c, err := x509.ParseCertificate(b.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
