package dockertest

import (
	"archive/tar"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/mcpchaos/mcpchaos/internal/docker"
)

// ServerPackage is the test server's import path (see testserver).
const ServerPackage = "github.com/mcpchaos/mcpchaos/internal/dockertest/testserver"

// BuildServerImage compiles the test server as a static binary and
// builds image tag FROM scratch with it as /server; nothing is pulled.
func (d *Daemon) BuildServerImage(ctx context.Context, tag string) error {
	bin := filepath.Join(d.Dir, "testserver")
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-o", bin, ServerPackage)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("build the test server: %w: %s", err, out)
	}
	exe, err := os.ReadFile(bin)
	if err != nil {
		return err
	}
	files := map[string][]byte{
		"Dockerfile": []byte("FROM scratch\nCOPY server /server\nENTRYPOINT [\"/server\"]\n"),
		"server":     exe,
	}
	tb, err := tarOf(files)
	if err != nil {
		return err
	}
	var out []byte
	_, err = d.Client.Call(ctx, http.MethodPost, "/build", url.Values{"t": {tag}, "rm": {"1"}, "forcerm": {"1"}}, tb, &out, 2*time.Minute)
	if err != nil {
		return fmt.Errorf("build image %s: %w", tag, err)
	}
	// A failed step still answers 200, with an error in the stream.
	for _, line := range strings.Split(string(out), "\n") {
		var m struct {
			Error string `json:"error"`
		}
		if json.Unmarshal([]byte(line), &m) == nil && m.Error != "" {
			return fmt.Errorf("build image %s: %s", tag, m.Error)
		}
	}
	return nil
}

// Spec is a container to run.
type Spec struct {
	Name  string
	Image string
	Env   []string
	// Ports publishes container ports ("8080/tcp") on 127.0.0.1 at the
	// host port given (0: one Docker picks, anew at each start).
	Ports       map[string]int
	Restart     string // "", no, always, unless-stopped, on-failure
	Healthcheck *docker.Healthcheck
	Memory      int64
	// Files are put in the container before it starts, by absolute path.
	Files map[string][]byte
}

// Run creates a container, puts its files in, starts it and returns it
// as inspected once started.
func (d *Daemon) Run(ctx context.Context, s Spec) (docker.Container, error) {
	exposed := map[string]struct{}{}
	bindings := map[string][]docker.PortBinding{}
	for p, host := range s.Ports {
		exposed[p] = struct{}{}
		b := docker.PortBinding{HostIP: "127.0.0.1"}
		if host > 0 {
			b.HostPort = strconv.Itoa(host)
		}
		bindings[p] = []docker.PortBinding{b}
	}
	body := map[string]any{
		"Image":        s.Image,
		"Env":          s.Env,
		"ExposedPorts": exposed,
		"Labels":       map[string]string{Label: "1"},
		"Healthcheck":  s.Healthcheck,
		"StopTimeout":  2,
		"HostConfig": map[string]any{
			"PortBindings":  bindings,
			"RestartPolicy": docker.RestartPolicy{Name: s.Restart},
			"Memory":        s.Memory,
		},
	}
	var created struct {
		ID string `json:"Id"`
	}
	if _, err := d.Client.Call(ctx, http.MethodPost, "/containers/create", url.Values{"name": {s.Name}}, body, &created, 0); err != nil {
		return docker.Container{}, fmt.Errorf("create container %s: %w", s.Name, err)
	}
	if len(s.Files) > 0 {
		tb, err := tarOf(s.Files)
		if err == nil {
			err = d.Client.PutArchive(ctx, created.ID, tb)
		}
		if err != nil {
			return docker.Container{}, fmt.Errorf("put files in container %s: %w", s.Name, err)
		}
	}
	if err := d.Client.Start(ctx, created.ID); err != nil {
		return docker.Container{}, fmt.Errorf("start container %s: %w", s.Name, err)
	}
	return d.Client.Inspect(ctx, created.ID)
}

// tarOf is a tar of files by path (relative, or absolute for a
// container's root); "server" is executable.
func tarOf(files map[string][]byte) ([]byte, error) {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for name, b := range files {
		mode := int64(0o644)
		if name == "server" {
			mode = 0o755
		}
		h := &tar.Header{Name: strings.TrimPrefix(name, "/"), Mode: mode, Size: int64(len(b)), ModTime: time.Now().Truncate(time.Second)}
		if err := tw.WriteHeader(h); err != nil {
			return nil, err
		}
		if _, err := tw.Write(b); err != nil {
			return nil, err
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
