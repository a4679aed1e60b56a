package everything

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"time"
)

// Package and Version pin the server.
const (
	Package = "@modelcontextprotocol/server-everything"
	Version = "2026.8.31"
)

// ErrNoNPM means npm is not on PATH, so the server cannot be installed.
var ErrNoNPM = errors.New("npm is not on PATH: install Node.js 20+ with npm to run the @modelcontextprotocol/server-everything tests")

// CacheDir is <repository root>/.cache/npm, found from the working
// directory (go test runs in the package's folder).
func CacheDir() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, ".cache", "npm"), nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}

// Install makes sure the pinned server is installed under cacheDir and
// returns its entry point (dist/index.js). Concurrent installs (test
// packages run in parallel) wait for each other on a lock file.
func Install(ctx context.Context, cacheDir string) (string, error) {
	entry := filepath.Join(cacheDir, "node_modules", filepath.FromSlash(Package), "dist", "index.js")
	stamp := filepath.Join(cacheDir, ".everything-"+Version)
	if ok(entry, stamp) {
		return entry, nil
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		return "", ErrNoNPM
	}
	if _, err := exec.LookPath("node"); err != nil {
		return "", fmt.Errorf("node is not on PATH: install Node.js 20+ to run %s", Package)
	}
	if err := os.MkdirAll(cacheDir, 0o755); err != nil {
		return "", err
	}
	unlock, err := lock(filepath.Join(cacheDir, ".everything.lock"))
	if err != nil {
		return "", err
	}
	defer unlock()
	if ok(entry, stamp) {
		return entry, nil
	}
	cmd := exec.CommandContext(ctx, npm, "install", "--prefix", cacheDir, "--no-audit", "--no-fund", "--loglevel=error", Package+"@"+Version)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("npm install %s@%s into %s: %w\n%s", Package, Version, cacheDir, err, out)
	}
	if err := os.WriteFile(stamp, []byte(Version+"\n"), 0o644); err != nil {
		return "", err
	}
	return entry, nil
}

func ok(entry, stamp string) bool {
	_, e1 := os.Stat(entry)
	_, e2 := os.Stat(stamp)
	return e1 == nil && e2 == nil
}

// lock takes an exclusive flock on path.
func lock(path string) (func(), error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	return func() {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		_ = f.Close()
	}, nil
}

// Server is a running server-everything over Streamable HTTP.
type Server struct {
	// URL is the MCP endpoint, http://127.0.0.1:PORT/mcp (or /sse).
	URL  string
	cmd  *exec.Cmd
	done chan struct{}
}

// Transports the server runs over HTTP, with their endpoint paths.
var paths = map[string]string{"streamableHttp": "/mcp", "sse": "/sse"}

// StartHTTP runs the server's streamableHttp or sse transport on a free
// loopback port and waits until it accepts connections.
func StartHTTP(ctx context.Context, entry, transport string) (*Server, error) {
	path, known := paths[transport]
	if !known {
		return nil, fmt.Errorf("server-everything transport %q: use streamableHttp or sse", transport)
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command("node", entry, transport)
	cmd.Env = append(os.Environ(), "PORT="+strconv.Itoa(port))
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", entry, err)
	}
	s := &Server{URL: fmt.Sprintf("http://127.0.0.1:%d%s", port, path), cmd: cmd, done: make(chan struct{})}
	go func() {
		_ = cmd.Wait()
		close(s.done)
	}()
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	for {
		c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
		if err == nil {
			_ = c.Close()
			return s, nil
		}
		select {
		case <-s.done:
			return nil, fmt.Errorf("%s exited before listening on %s", Package, addr)
		case <-ctx.Done():
			_ = s.Close()
			return nil, fmt.Errorf("%s did not listen on %s: %w", Package, addr, ctx.Err())
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// Close kills the server's process group and waits for it.
func (s *Server) Close() error {
	_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
	<-s.done
	return nil
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}
