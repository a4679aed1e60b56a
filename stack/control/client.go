package control

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"
)

// Client talks to one supervisor.
type Client struct {
	base  string
	token string
	http  *http.Client
}

// NewClient returns a client for the supervisor at baseURL
// (http://127.0.0.1:PORT) with its bearer token.
func NewClient(baseURL, token string) *Client {
	return &Client{
		base:  strings.TrimSuffix(baseURL, "/"),
		token: token,
		http:  &http.Client{Timeout: 30 * time.Second},
	}
}

// NewClientFromFile reads the token from tokenFile (mcpchaos.yaml's
// faults.supervisor.token_file).
func NewClientFromFile(baseURL, tokenFile string) (*Client, error) {
	b, err := os.ReadFile(tokenFile)
	if err != nil {
		return nil, fmt.Errorf("read supervisor token: %w (is the stack up? `mcpchaos stack up` writes it)", err)
	}
	return NewClient(baseURL, strings.TrimSpace(string(b))), nil
}

// URL is the supervisor's base URL.
func (c *Client) URL() string { return c.base }

// Health returns nil when the supervisor answers.
func (c *Client) Health(ctx context.Context) error {
	return c.do(ctx, http.MethodGet, PathHealth, nil, nil)
}

// Status returns every component's status.
func (c *Client) Status(ctx context.Context) (Status, error) {
	var s Status
	err := c.do(ctx, http.MethodGet, PathStatus, nil, &s)
	return s, err
}

// Component returns one component's status.
func (c *Client) Component(ctx context.Context, name string) (Component, error) {
	var s Component
	err := c.do(ctx, http.MethodGet, PathComponents+"/"+url.PathEscape(name), nil, &s)
	return s, err
}

// Do applies a at once, with no lease. It returns the component's status
// afterwards.
func (c *Client) Do(ctx context.Context, a Action) (Component, error) {
	var s Component
	err := c.do(ctx, http.MethodPost, PathActions, a, &s)
	return s, err
}

// Lease applies req.Action and returns the lease the supervisor will
// revert at expiry.
func (c *Client) Lease(ctx context.Context, req LeaseRequest) (Lease, error) {
	var l Lease
	err := c.do(ctx, http.MethodPost, PathLeases, req, &l)
	return l, err
}

// Renew extends an active lease to ttl from now: a runner renews while it
// lives, so that a killed runner's fault ends within one TTL.
func (c *Client) Renew(ctx context.Context, id string, ttl time.Duration) (Lease, error) {
	var l Lease
	err := c.do(ctx, http.MethodPost, PathLeases+"/"+url.PathEscape(id)+"/renew", RenewRequest{TTL: Duration(ttl)}, &l)
	return l, err
}

// Release reverts the lease now.
func (c *Client) Release(ctx context.Context, id string) (Lease, error) {
	var l Lease
	err := c.do(ctx, http.MethodDelete, PathLeases+"/"+url.PathEscape(id), nil, &l)
	return l, err
}

// Leases lists active leases and recently ended ones.
func (c *Client) Leases(ctx context.Context) ([]Lease, error) {
	var ls []Lease
	err := c.do(ctx, http.MethodGet, PathLeases, nil, &ls)
	return ls, err
}

// Shutdown asks the supervisor to revert leases, stop every component and
// exit. It returns when the request is accepted, not when it is done.
func (c *Client) Shutdown(ctx context.Context) error {
	return c.do(ctx, http.MethodPost, PathShutdown, nil, nil)
}

// Notifications lists the Alertmanager webhook deliveries the sink holds,
// oldest first.
func (c *Client) Notifications(ctx context.Context) ([]Notification, error) {
	var ns []Notification
	err := c.do(ctx, http.MethodGet, PathWebhookAlerts, nil, &ns)
	return ns, err
}

func (c *Client) do(ctx context.Context, method, path string, body, out any) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return fmt.Errorf("supervisor %s %s: %w", method, path, err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return fmt.Errorf("supervisor %s %s: %w", method, path, err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("supervisor %s %s: %w (is the stack up? see `mcpchaos stack status`)", method, c.base+path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		return fmt.Errorf("supervisor %s %s: read answer: %w", method, path, err)
	}
	if resp.StatusCode/100 != 2 {
		e := &Error{StatusCode: resp.StatusCode}
		if json.Unmarshal(data, e) != nil || e.Message == "" {
			e.Message = strings.TrimSpace(string(data))
		}
		return e
	}
	if out == nil || len(data) == 0 {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("supervisor %s %s: decode answer: %w", method, path, err)
	}
	return nil
}
