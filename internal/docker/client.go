// Package docker is the small part of the Docker Engine API the docker
// fault driver and its tests use, over plain net/http: a unix socket or
// a loopback TCP address, a negotiated API version, a deadline on every
// call.
package docker

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// DefaultHost is where the Docker daemon listens unless told otherwise.
const DefaultHost = "unix:///var/run/docker.sock"

// PreferredVersion is the API version spoken when the daemon supports it:
// Docker 20.10's, which every field used here has. A daemon that no
// longer accepts it (Docker 29 and later) is spoken to at its oldest.
const PreferredVersion = "1.41"

// DefaultTimeout bounds a call that gives no timeout of its own.
const DefaultTimeout = 15 * time.Second

// maxAnswer bounds how much of an answer is read.
const maxAnswer = 8 << 20

// Client talks to one Docker daemon.
type Client struct {
	host   string
	socket string // unix socket, or "" for TCP
	base   string // http://docker or http://HOST:PORT
	http   *http.Client

	mu      sync.Mutex
	version string
}

// New returns a client for host: unix:///path/to/docker.sock, or
// tcp://HOST:PORT (plain HTTP). Empty is DefaultHost.
func New(host string) (*Client, error) {
	if host == "" {
		host = DefaultHost
	}
	u, err := url.Parse(host)
	if err != nil {
		return nil, fmt.Errorf("docker host %q: %w", host, err)
	}
	c := &Client{host: host}
	tr := &http.Transport{MaxIdleConns: 4, IdleConnTimeout: 30 * time.Second}
	switch u.Scheme {
	case "unix":
		if u.Path == "" {
			return nil, fmt.Errorf("docker host %q: give unix:///path/to/docker.sock", host)
		}
		c.socket, c.base = u.Path, "http://docker"
		tr.DialContext = func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "unix", c.socket)
		}
	case "tcp", "http":
		if u.Host == "" {
			return nil, fmt.Errorf("docker host %q: give tcp://HOST:PORT", host)
		}
		c.base = "http://" + u.Host
	default:
		return nil, fmt.Errorf("docker host %q: use unix:///path/to/docker.sock or tcp://HOST:PORT (TLS to the daemon is not supported)", host)
	}
	c.http = &http.Client{Transport: tr}
	return c, nil
}

// Host is the daemon's address as given.
func (c *Client) Host() string { return c.host }

// Socket is the daemon's unix socket, or "" over TCP.
func (c *Client) Socket() string { return c.socket }

// Addr is the host:port of a TCP daemon, or "" over a unix socket.
func (c *Client) Addr() string {
	if c.socket != "" {
		return ""
	}
	return strings.TrimPrefix(c.base, "http://")
}

// URL is the full URL of an API path at the negotiated version, e.g. for
// a request someone else sends later (a lease's revert).
func (c *Client) URL(path string, q url.Values) string {
	u := c.base + "/v" + c.apiVersion() + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	return u
}

func (c *Client) apiVersion() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version == "" {
		return PreferredVersion
	}
	return c.version
}

// Version is the daemon's GET /version answer.
type Version struct {
	Version       string
	APIVersion    string `json:"ApiVersion"`
	MinAPIVersion string `json:"MinAPIVersion"`
}

// Negotiate asks the daemon its versions and picks the one to speak:
// PreferredVersion, or the daemon's own when older, or its oldest when
// it no longer accepts PreferredVersion.
func (c *Client) Negotiate(ctx context.Context) (Version, error) {
	var v Version
	if _, err := c.do(ctx, http.MethodGet, "/version", nil, nil, "", DefaultTimeout, &v); err != nil {
		return v, err
	}
	pick := PreferredVersion
	switch {
	case v.APIVersion != "" && older(v.APIVersion, PreferredVersion):
		pick = v.APIVersion
	case v.MinAPIVersion != "" && older(PreferredVersion, v.MinAPIVersion):
		pick = v.MinAPIVersion
	}
	c.mu.Lock()
	c.version = pick
	c.mu.Unlock()
	return v, nil
}

// older reports whether API version a is before b ("1.9" < "1.41").
func older(a, b string) bool {
	var am, an, bm, bn int
	_, _ = fmt.Sscanf(a, "%d.%d", &am, &an)
	_, _ = fmt.Sscanf(b, "%d.%d", &bm, &bn)
	return am < bm || (am == bm && an < bn)
}

// Error is an answer outside 2xx.
type Error struct {
	Method, Path string
	StatusCode   int
	Message      string
}

func (e *Error) Error() string {
	return fmt.Sprintf("docker %s %s: HTTP %d: %s", e.Method, e.Path, e.StatusCode, e.Message)
}

// IsNotFound reports whether err is a 404 from the daemon (no such
// container or path).
func IsNotFound(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.StatusCode == http.StatusNotFound
}

// Call sends one request to path at the negotiated version: body, when
// not nil, is JSON-encoded unless it is []byte (sent as contentType).
// A 2xx answer is decoded into out when out is not nil (a *[]byte gets
// the raw answer); ok lists other
// statuses that count as success (304: already started). It returns the
// status.
func (c *Client) Call(ctx context.Context, method, path string, q url.Values, body any, out any, timeout time.Duration, ok ...int) (int, error) {
	var rd io.Reader
	ct := ""
	switch b := body.(type) {
	case nil:
	case []byte:
		rd, ct = bytes.NewReader(b), "application/x-tar"
	default:
		data, err := json.Marshal(b)
		if err != nil {
			return 0, err
		}
		rd, ct = bytes.NewReader(data), "application/json"
	}
	p := "/v" + c.apiVersion() + path
	if len(q) > 0 {
		p += "?" + q.Encode()
	}
	status, err := c.do(ctx, method, p, rd, ok, ct, timeout, out)
	var e *Error
	if errors.As(err, &e) {
		e.Path = path
	}
	return status, err
}

func (c *Client) do(ctx context.Context, method, path string, body io.Reader, ok []int, contentType string, timeout time.Duration, out any) (int, error) {
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return 0, err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, fmt.Errorf("docker %s %s at %s: %w", method, path, c.host, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if err != nil {
		return resp.StatusCode, fmt.Errorf("docker %s %s: read answer: %w", method, path, err)
	}
	if resp.StatusCode/100 != 2 {
		for _, s := range ok {
			if s == resp.StatusCode {
				return s, nil
			}
		}
		var m struct{ Message string }
		if json.Unmarshal(data, &m) != nil || m.Message == "" {
			m.Message = strings.TrimSpace(string(data))
		}
		return resp.StatusCode, &Error{Method: method, Path: path, StatusCode: resp.StatusCode, Message: m.Message}
	}
	if raw, isRaw := out.(*[]byte); isRaw {
		*raw = data
		return resp.StatusCode, nil
	}
	if out != nil && len(data) > 0 {
		if err := json.Unmarshal(data, out); err != nil {
			return resp.StatusCode, fmt.Errorf("docker %s %s: answer is not the JSON expected: %w", method, path, err)
		}
	}
	return resp.StatusCode, nil
}

// Close drops idle connections.
func (c *Client) Close() { c.http.CloseIdleConnections() }
