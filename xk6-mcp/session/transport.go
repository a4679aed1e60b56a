package session

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"sync/atomic"
	"time"

	"github.com/mark3labs/mcp-go/client/transport"

	"github.com/mcpchaos/mcpchaos/internal/bytecount"
	"github.com/mcpchaos/mcpchaos/internal/h1"
)

// statusRecorder notes each HTTP response's status in the exchange of the
// request it answers.
type statusRecorder struct {
	base http.RoundTripper
}

func (s statusRecorder) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := s.base.RoundTrip(req)
	if resp != nil {
		if ex := exchangeFrom(req.Context()); ex != nil {
			ex.setStatus(resp.StatusCode)
		}
	}
	return resp, err
}

// newHTTPClient builds the session's own HTTP client: its connections are
// counted, its TLS is the session's, and nothing is shared with other
// sessions (as k6 VUs do not share connections). Without a proxy it is
// the synchronous HTTP/1.1 transport of internal/h1, which spares a load
// loop net/http's two goroutines per connection and the channel hand-offs
// per request; through a proxy it is net/http's. The returned func closes
// idle connections.
func newHTTPClient(o Options, c *bytecount.Counters) (*http.Client, func(), error) {
	tlsConf, err := o.TLS.config()
	if err != nil {
		return nil, nil, err
	}
	dialer := &net.Dialer{Timeout: o.connectTimeout(), KeepAlive: 30 * time.Second}
	dial := func(ctx context.Context, network, addr string) (net.Conn, error) {
		conn, err := dialer.DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		return c.Conn(conn), nil
	}
	if !usesProxy(o.URL) {
		tr := h1.New(h1.Config{Dial: dial, TLS: tlsConf, MaxIdlePerHost: 4, HandshakeTimeout: o.connectTimeout()})
		return &http.Client{Transport: statusRecorder{base: tr}}, tr.Close, nil
	}
	tr := &http.Transport{
		Proxy:               http.ProxyFromEnvironment,
		DialContext:         dial,
		TLSClientConfig:     tlsConf,
		TLSHandshakeTimeout: o.connectTimeout(),
		MaxIdleConnsPerHost: 4,
		IdleConnTimeout:     90 * time.Second,
	}
	return &http.Client{Transport: statusRecorder{base: tr}}, tr.CloseIdleConnections, nil
}

// usesProxy reports whether the environment's proxy settings
// (HTTP_PROXY, HTTPS_PROXY, NO_PROXY) route the URL through a proxy.
func usesProxy(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	p, err := http.ProxyFromEnvironment(&http.Request{URL: u})
	return err != nil || p != nil
}

// headers merges the configured headers and the bearer token.
func (o Options) headers() map[string]string {
	h := make(map[string]string, len(o.Headers)+1)
	for k, v := range o.Headers {
		h[k] = v
	}
	if o.BearerToken != "" {
		h["Authorization"] = "Bearer " + o.BearerToken
	}
	return h
}

// conn is one live transport with what must be released with it.
type conn struct {
	t       transport.Interface
	release func() // after t.Close
	// exited closes when a stdio server's process ends; lost is set when
	// an SSE stream breaks. Either way the session must be replaced.
	exited <-chan struct{}
	lost   atomic.Bool
	pid    int // stdio server's process
}

// dead reports whether the transport cannot carry calls any more.
func (c *conn) dead() bool {
	if c.lost.Load() {
		return true
	}
	select {
	case <-c.exited:
		return true
	default:
		return false
	}
}

// openTransport builds the transport the options name, wrapped in a tap.
func openTransport(o Options, c *bytecount.Counters) (*conn, error) {
	switch o.Transport {
	case StreamableHTTP:
		hc, release, err := newHTTPClient(o, c)
		if err != nil {
			return nil, err
		}
		t, err := transport.NewStreamableHTTP(o.URL,
			transport.WithHTTPBasicClient(hc),
			transport.WithHTTPHeaders(o.headers()),
			transport.WithHTTPHeaderFunc(headerFor),
			transport.WithHTTPLogger(o.logger()),
		)
		if err != nil {
			return nil, fmt.Errorf("streamable HTTP transport for %s: %w", o.URL, err)
		}
		return &conn{t: &httpTap{tap{inner: t}}, release: release}, nil
	case SSE:
		hc, release, err := newHTTPClient(o, c)
		if err != nil {
			return nil, err
		}
		t, err := transport.NewSSE(o.URL,
			transport.WithHTTPClient(hc),
			transport.WithHeaders(o.headers()),
			transport.WithHeaderFunc(headerFor),
			// Calls carry their own deadline; this is only a backstop.
			transport.WithResponseTimeout(24*time.Hour),
			transport.WithEndpointTimeout(o.connectTimeout()),
			transport.WithSSELogger(o.logger()),
		)
		if err != nil {
			return nil, fmt.Errorf("SSE transport for %s: %w", o.URL, err)
		}
		return &conn{t: &httpTap{tap{inner: t}}, release: release}, nil
	case Stdio:
		return openStdio(o, c)
	default:
		return nil, fmt.Errorf("transport %q: use %s, %s or %s", o.Transport, StreamableHTTP, SSE, Stdio)
	}
}
