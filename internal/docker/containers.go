package docker

import (
	"archive/tar"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// Container is what GET /containers/{id}/json says, the parts used here.
type Container struct {
	ID           string `json:"Id"`
	Name         string
	RestartCount int
	State        State
	HostConfig   HostConfig
	Config       struct {
		Healthcheck *Healthcheck
		StopTimeout *int
	}
	NetworkSettings struct {
		Ports map[string][]PortBinding
	}
}

// State is a container's run state.
type State struct {
	Status     string // created, running, paused, restarting, removing, exited, dead
	Running    bool
	Paused     bool
	Restarting bool
	OOMKilled  bool
	Dead       bool
	Pid        int
	ExitCode   int
	Error      string
	StartedAt  time.Time
	FinishedAt time.Time
	Health     *Health
}

// Health is the state of a container's healthcheck.
type Health struct {
	Status        string // starting, healthy, unhealthy
	FailingStreak int
}

// Healthcheck is a container's configured healthcheck.
type Healthcheck struct {
	Test     []string `json:",omitempty"`
	Interval int64    `json:",omitempty"` // nanoseconds
	Timeout  int64    `json:",omitempty"`
	Retries  int      `json:",omitempty"`
}

// HostConfig holds the limits and policy a fault changes.
type HostConfig struct {
	Memory        int64
	MemorySwap    int64
	RestartPolicy RestartPolicy
}

// RestartPolicy is what Docker does when the container exits.
type RestartPolicy struct {
	Name              string // "", no, always, unless-stopped, on-failure
	MaximumRetryCount int
}

// PortBinding is a published port.
type PortBinding struct {
	HostIP   string `json:"HostIp"`
	HostPort string
}

// Update is the body of POST /containers/{id}/update: zero fields are
// left as they are (Docker cannot set a memory limit back to 0).
type Update struct {
	Memory        int64          `json:",omitempty"`
	MemorySwap    int64          `json:",omitempty"`
	RestartPolicy *RestartPolicy `json:",omitempty"`
}

// MemoryStats is the memory part of a one-shot stats answer.
type MemoryStats struct {
	Usage int64 `json:"usage"` // page cache included
	Limit int64 `json:"limit"`
}

// ContainerPath is the API path of container id plus what follows.
func ContainerPath(id, rest string) string { return "/containers/" + url.PathEscape(id) + rest }

// Inspect returns container name's (or id's) state and settings.
func (c *Client) Inspect(ctx context.Context, name string) (Container, error) {
	var ct Container
	_, err := c.Call(ctx, http.MethodGet, ContainerPath(name, "/json"), nil, nil, &ct, 0)
	return ct, err
}

// Memory returns the container's memory statistics now.
func (c *Client) Memory(ctx context.Context, id string) (MemoryStats, error) {
	var s struct {
		MemoryStats MemoryStats `json:"memory_stats"`
	}
	_, err := c.Call(ctx, http.MethodGet, ContainerPath(id, "/stats"), url.Values{"stream": {"false"}, "one-shot": {"true"}}, nil, &s, 0)
	return s.MemoryStats, err
}

// Start starts the container; one already running counts as started.
func (c *Client) Start(ctx context.Context, id string) error {
	_, err := c.Call(ctx, http.MethodPost, ContainerPath(id, "/start"), nil, nil, nil, 0, http.StatusNotModified)
	return err
}

// Stop stops the container the way `docker stop` does (SIGTERM, then
// SIGKILL after its stop timeout), and waits for it; one already stopped
// counts as stopped.
func (c *Client) Stop(ctx context.Context, id string, grace time.Duration) error {
	_, err := c.Call(ctx, http.MethodPost, ContainerPath(id, "/stop"), nil, nil, nil, grace+DefaultTimeout, http.StatusNotModified)
	return err
}

// Kill sends signal (e.g. KILL, TERM) to the container's main process.
func (c *Client) Kill(ctx context.Context, id, signal string) error {
	_, err := c.Call(ctx, http.MethodPost, ContainerPath(id, "/kill"), url.Values{"signal": {signal}}, nil, nil, 0)
	return err
}

// Update changes the container's limits or restart policy.
func (c *Client) Update(ctx context.Context, id string, u Update) error {
	_, err := c.Call(ctx, http.MethodPost, ContainerPath(id, "/update"), nil, u, nil, 0)
	return err
}

// File is one file copied out of a container.
type File struct {
	Header *tar.Header
	Data   []byte
}

// maxFile bounds a file copied out of a container.
const maxFile = 1 << 20

// ReadFile copies the regular file at path out of the container.
func (c *Client) ReadFile(ctx context.Context, id, path string) (File, error) {
	var raw []byte
	if _, err := c.Call(ctx, http.MethodGet, ContainerPath(id, "/archive"), url.Values{"path": {path}}, nil, &raw, 0); err != nil {
		return File{}, err
	}
	tr := tar.NewReader(bytes.NewReader(raw))
	h, err := tr.Next()
	if err != nil {
		return File{}, fmt.Errorf("copy %s out of container %s: %w", path, id, err)
	}
	switch h.Typeflag {
	case tar.TypeReg:
	case tar.TypeSymlink:
		return File{}, fmt.Errorf("%s in container %s is a symlink to %s: name the file itself", path, id, h.Linkname)
	default:
		return File{}, fmt.Errorf("%s in container %s is not a regular file", path, id)
	}
	if h.Size > maxFile {
		return File{}, fmt.Errorf("%s in container %s is %d bytes, more than the %d a certificate or key may have", path, id, h.Size, maxFile)
	}
	data, err := io.ReadAll(tr)
	if err != nil {
		return File{}, fmt.Errorf("copy %s out of container %s: %w", path, id, err)
	}
	return File{Header: h, Data: data}, nil
}

// PutArchivePath is the API path and query that extract a tar into the
// container's root, keeping the tar's owners.
func PutArchivePath(id string) (string, url.Values) {
	return ContainerPath(id, "/archive"), url.Values{"path": {"/"}, "copyUIDGID": {"true"}}
}

// PutArchive extracts a tar (entry names relative to /) into the
// container.
func (c *Client) PutArchive(ctx context.Context, id string, tarball []byte) error {
	p, q := PutArchivePath(id)
	_, err := c.Call(ctx, http.MethodPut, p, q, tarball, nil, 0)
	return err
}

// HostPort is the 127.0.0.1 host port published for the container's
// port ("8080/tcp").
func (ct Container) HostPort(port string) (int, error) {
	for _, b := range ct.NetworkSettings.Ports[port] {
		if n, err := strconv.Atoi(b.HostPort); err == nil {
			return n, nil
		}
	}
	return 0, errors.New("container " + ct.Name + " publishes no host port for " + port)
}
