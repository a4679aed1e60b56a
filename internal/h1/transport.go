package h1

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"time"
)

// Dialer opens a connection; the Transport wraps it in TLS itself.
type Dialer func(ctx context.Context, network, addr string) (net.Conn, error)

// Transport is a synchronous HTTP/1.1 http.RoundTripper: a request takes
// an idle connection (or dials one), and is written and answered on the
// caller's goroutine. Its zero value is not usable; build it with New.
type Transport struct {
	dial    Dialer
	tls     *tls.Config
	maxIdle int
	timeout time.Duration // TLS handshake

	mu     sync.Mutex
	idle   map[string][]*conn
	closed bool
}

var _ http.RoundTripper = (*Transport)(nil)

// Config configures a Transport.
type Config struct {
	// Dial opens connections (net.Dialer's DialContext when nil).
	Dial Dialer
	// TLS is the client TLS configuration for https URLs. Its NextProtos
	// are replaced: the Transport speaks HTTP/1.1 only.
	TLS *tls.Config
	// MaxIdlePerHost is how many idle connections a host keeps (default 4).
	MaxIdlePerHost int
	// HandshakeTimeout bounds the TLS handshake (default 10s).
	HandshakeTimeout time.Duration
}

// New returns a Transport.
func New(c Config) *Transport {
	t := &Transport{dial: c.Dial, maxIdle: c.MaxIdlePerHost, timeout: c.HandshakeTimeout, idle: map[string][]*conn{}}
	if t.dial == nil {
		t.dial = (&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}).DialContext
	}
	if t.maxIdle <= 0 {
		t.maxIdle = 4
	}
	if t.timeout <= 0 {
		t.timeout = 10 * time.Second
	}
	if c.TLS != nil {
		t.tls = c.TLS.Clone()
	} else {
		t.tls = &tls.Config{}
	}
	t.tls.NextProtos = []string{"http/1.1"}
	return t
}

// ErrClosed is returned by requests after Close.
var ErrClosed = errors.New("h1: transport closed")

// RoundTrip sends one request and reads the answer's head; the body is
// read from the connection, which returns to the pool at its end.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL == nil || (req.URL.Scheme != "http" && req.URL.Scheme != "https") {
		closeBody(req)
		return nil, fmt.Errorf("h1: unsupported URL %v", req.URL)
	}
	key := req.URL.Scheme + "://" + hostPort(req.URL)
	ctx := req.Context()
	for {
		c, reused, err := t.get(ctx, key, req)
		if err != nil {
			closeBody(req)
			return nil, err
		}
		resp, err := c.roundTrip(req)
		if err == nil {
			resp.Body = newBody(resp, req, c, t, key)
			return resp, nil
		}
		c.close()
		// A reused connection that the server closed while idle fails
		// before the server read the request; anything else is final.
		if !reused || !errors.Is(err, errStale) || req.GetBody == nil {
			closeBody(req)
			return nil, err
		}
		b, gerr := req.GetBody()
		if gerr != nil {
			return nil, err
		}
		req = req.Clone(ctx)
		req.Body = b
	}
}

// get takes an idle live connection for key or dials a new one.
func (t *Transport) get(ctx context.Context, key string, req *http.Request) (*conn, bool, error) {
	t.mu.Lock()
	if t.closed {
		t.mu.Unlock()
		return nil, false, ErrClosed
	}
	for list := t.idle[key]; len(list) > 0; list = t.idle[key] {
		c := list[len(list)-1]
		t.idle[key] = list[:len(list)-1]
		t.mu.Unlock()
		if c.alive() {
			return c, true, nil
		}
		c.close()
		t.mu.Lock()
	}
	t.mu.Unlock()
	c, err := t.dialConn(ctx, req)
	return c, false, err
}

// put returns a connection to the pool, or closes it if the pool is full.
func (t *Transport) put(key string, c *conn) {
	t.mu.Lock()
	if !t.closed && len(t.idle[key]) < t.maxIdle {
		t.idle[key] = append(t.idle[key], c)
		t.mu.Unlock()
		return
	}
	t.mu.Unlock()
	c.close()
}

// CloseIdleConnections closes the pooled connections; connections in use
// close when their response ends.
func (t *Transport) CloseIdleConnections() {
	t.mu.Lock()
	idle := t.idle
	t.idle = map[string][]*conn{}
	t.mu.Unlock()
	for _, list := range idle {
		for _, c := range list {
			c.close()
		}
	}
}

// Close closes idle connections and refuses further requests.
func (t *Transport) Close() {
	t.mu.Lock()
	t.closed = true
	t.mu.Unlock()
	t.CloseIdleConnections()
}

func (t *Transport) dialConn(ctx context.Context, req *http.Request) (*conn, error) {
	addr := hostPort(req.URL)
	nc, err := t.dial(ctx, "tcp", addr)
	if err != nil {
		return nil, err
	}
	raw := nc
	if req.URL.Scheme == "https" {
		cfg := t.tls
		if cfg.ServerName == "" {
			cfg = cfg.Clone()
			cfg.ServerName = req.URL.Hostname()
		}
		tc := tls.Client(nc, cfg)
		hctx, cancel := context.WithTimeout(ctx, t.timeout)
		err := tc.HandshakeContext(hctx)
		cancel()
		if err != nil {
			_ = nc.Close()
			return nil, err
		}
		nc = tc
	}
	return &conn{nc: nc, raw: raw, br: bufio.NewReaderSize(nc, 4096), bw: bufio.NewWriterSize(nc, 4096)}, nil
}

// hostPort is the URL's dial address, with the scheme's default port.
func hostPort(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = "80"
		if u.Scheme == "https" {
			port = "443"
		}
	}
	return net.JoinHostPort(u.Hostname(), port)
}

func closeBody(req *http.Request) {
	if req.Body != nil {
		_ = req.Body.Close()
	}
}

// maxDrain is how much of an unread fixed-length body Close reads to keep
// the connection; longer or streamed bodies close it instead.
const maxDrain = 64 << 10

// body returns its connection to the pool when read to the end and
// closed, and closes it when closed early. Close may run on another
// goroutine than Read (to abort a stream), so the flags are atomic.
type body struct {
	rc     io.ReadCloser
	c      *conn
	t      *Transport
	key    string
	length int64 // Content-Length, -1 when unknown (chunked, streams)
	read   atomic.Int64
	keep   atomic.Bool
	eof    atomic.Bool
	done   atomic.Bool
}

func newBody(resp *http.Response, req *http.Request, c *conn, t *Transport, key string) *body {
	b := &body{rc: resp.Body, c: c, t: t, key: key, length: resp.ContentLength}
	b.keep.Store(!resp.Close && !req.Close)
	return b
}

// Read stops watching the request's context as soon as the last byte is
// in: callers (mcp-go among them) cancel it before they close the body,
// and a connection whose deadline the cancel set cannot be reused.
func (b *body) Read(p []byte) (int, error) {
	if b.done.Load() {
		return 0, errors.New("h1: read on closed body")
	}
	n, err := b.rc.Read(p)
	read := b.read.Add(int64(n))
	switch {
	case err == io.EOF || (err == nil && b.length >= 0 && read >= b.length):
		b.end()
	case err != nil:
		b.keep.Store(false)
	}
	return n, err
}

// end notes that the whole body arrived.
func (b *body) end() {
	if b.eof.CompareAndSwap(false, true) && !b.c.stopWatch() {
		b.keep.Store(false)
	}
}

// Close keeps the connection when the whole body was read (a JSON decoder
// stops at the value's end, so a short fixed-length rest is read here).
// A stream closed early closes its connection first: net/http's body
// would otherwise read it to its end.
func (b *body) Close() error {
	if !b.done.CompareAndSwap(false, true) {
		return nil
	}
	if !b.eof.Load() && b.keep.Load() && b.length >= 0 && b.length-b.read.Load() <= maxDrain {
		if _, err := io.Copy(io.Discard, b.rc); err == nil {
			b.end()
		}
	}
	if !b.eof.Load() || !b.keep.Load() {
		b.c.close()
		_ = b.rc.Close()
		return nil
	}
	err := b.rc.Close()
	if err == nil && b.c.br.Buffered() == 0 {
		b.t.put(b.key, b.c)
	} else {
		b.c.close()
	}
	return err
}
