// Package promtest runs a real Prometheus for tests of k6/x/assertions
// and of the scripts that use it: the pinned build from the install cache
// ($MCPCHAOS_CACHE, $MCPCHAOS_BIN_PROMETHEUS), on a free loopback port,
// scraping itself every second. It is lighter than the embedded stack
// when a test needs Prometheus's query API and nothing else.
package promtest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"

	"github.com/mcpchaos/mcpchaos/internal/poll"
	"github.com/mcpchaos/mcpchaos/internal/syncbuf"
	"github.com/mcpchaos/mcpchaos/stack/install"
)

// epReady answers 200 once Prometheus serves queries.
const epReady = "/-/ready"

// readyTimeout bounds Prometheus's start.
const readyTimeout = 60 * time.Second

// config scrapes Prometheus itself, at the address given for %s.
const config = `global:
  scrape_interval: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: prometheus
    static_configs:
      - targets: ['%s']
`

// ErrNoBinary: the install cache has no Prometheus build (and none may be
// built here); tests skip, or fail in CI.
var ErrNoBinary = errors.New("promtest: no prometheus binary")

// Server is a running Prometheus.
type Server struct {
	// URL is its base URL, http://127.0.0.1:PORT.
	URL string
	cmd *exec.Cmd
	out *syncbuf.Buffer
	ran chan struct{}
}

// Start runs Prometheus with its files in dir (which the caller
// removes) and waits until it is ready. It returns the partial Server
// on failure too; Close is safe on it.
func Start(ctx context.Context, dir string) (*Server, error) {
	bin, err := install.Ensure(ctx, install.Options{LookupEnv: os.LookupEnv}, "prometheus")
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrNoBinary, err)
	}
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	cfg := filepath.Join(dir, "prometheus.yml")
	if err := os.WriteFile(cfg, fmt.Appendf(nil, config, addr), 0o644); err != nil {
		return nil, fmt.Errorf("promtest: %w", err)
	}
	s := &Server{URL: "http://" + addr, out: &syncbuf.Buffer{}, ran: make(chan struct{})}
	s.cmd = exec.Command(bin,
		"--config.file="+cfg,
		"--storage.tsdb.path="+filepath.Join(dir, "data"),
		"--web.listen-address="+addr,
		// The outputs' tests push here (--out experimental-prometheus-rw, opentelemetry).
		"--web.enable-remote-write-receiver",
		"--web.enable-otlp-receiver",
	)
	s.cmd.Stdout, s.cmd.Stderr = s.out, s.out
	// Dies with the test binary, however that ends.
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := s.cmd.Start(); err != nil {
		return nil, fmt.Errorf("promtest: start %s: %w", bin, err)
	}
	go func() { _ = s.cmd.Wait(); close(s.ran) }()
	if err := s.waitReady(ctx); err != nil {
		return s, err
	}
	return s, nil
}

// waitReady polls epReady until it answers 200, or Prometheus exits.
func (s *Server) waitReady(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		select {
		case <-s.ran:
			cancel()
		case <-ctx.Done():
		}
	}()
	err := poll.Within(ctx, readyTimeout, 100*time.Millisecond, "prometheus at "+s.URL+" to be ready", func(ctx context.Context) (bool, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.URL+epReady, nil)
		if err != nil {
			return false, err
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return false, err
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK, fmt.Errorf("HTTP %d", resp.StatusCode)
	})
	if err != nil {
		return fmt.Errorf("promtest: %w\n%s", err, s.out.String())
	}
	return nil
}

// Close stops Prometheus and waits for it; safe to call twice and on a
// partial Server.
func (s *Server) Close() error {
	if s == nil || s.cmd == nil || s.cmd.Process == nil {
		return nil
	}
	select {
	case <-s.ran:
		return nil
	default:
	}
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return err
	}
	select {
	case <-s.ran:
	case <-time.After(10 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.ran
	}
	return nil
}

// freeAddr is a loopback address with a port free just now.
func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("promtest: %w", err)
	}
	defer l.Close()
	return l.Addr().String(), nil
}
