package k6http

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"time"

	"github.com/mcpchaos/mcpchaos/engine/modules"
	"github.com/mcpchaos/mcpchaos/internal/bytecount"
)

// userAgent is sent unless the script sets its own.
const userAgent = "mcpchaos-k6http/1 (k6-compatible)"

// client is one VU's HTTP client. Its requests may run concurrently
// (http.batch, http.asyncRequest): each request takes the bytes counted
// since the last one finished, so data_sent and data_received add up to
// the wire's total even when requests overlap.
type client struct {
	http       *http.Client
	transport  *http.Transport
	bytes      bytecount.Counters
	configured bool
	hosts      *modules.HostMap
	// limit paces every request, batch and async ones too (--max-rps);
	// nil does not limit.
	limit *modules.Limiter
}

// configure applies the run's HTTP options before the first request
// (they are known only after init code, when the client already exists).
func (c *client) configure(opts modules.HTTPOptions) error {
	if c.configured {
		return nil
	}
	hosts, err := modules.ParseHosts(opts.Hosts)
	if err != nil {
		return err
	}
	c.configured = true
	c.hosts = hosts
	c.transport.TLSClientConfig.InsecureSkipVerify = opts.InsecureSkipTLSVerify
	c.transport.DisableKeepAlives = opts.NoConnectionReuse
	if total, perHost := opts.BatchLimits(); perHost > c.transport.MaxIdleConnsPerHost || perHost == 0 {
		// Keep a batch's connections for the next batch.
		c.transport.MaxIdleConnsPerHost = max(perHost, total, c.transport.MaxIdleConnsPerHost)
	}
	c.http.Transport = modules.DebugTransport(c.transport, opts.Debug, opts.DebugLogger)
	return nil
}

func newClient() *client {
	c := &client{}
	dialer := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}
	c.transport = &http.Transport{
		Proxy: http.ProxyFromEnvironment,
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			if to, ok := c.hosts.Resolve(addr); ok {
				addr = to // options.hosts; TLS still checks the URL's name
			}
			conn, err := dialer.DialContext(ctx, network, addr)
			if err != nil {
				return nil, err
			}
			return c.bytes.Conn(conn), nil
		},
		ForceAttemptHTTP2:   true,
		MaxIdleConnsPerHost: 4,
		IdleConnTimeout:     90 * time.Second,
		TLSHandshakeTimeout: 10 * time.Second,
		TLSClientConfig:     &tls.Config{MinVersion: tls.VersionTLS12},
	}
	c.http = &http.Client{Transport: c.transport}
	return c
}

func (c *client) close() { c.transport.CloseIdleConnections() }

// result is what one request produced.
type result struct {
	status     int
	proto      string
	url        string // final URL after redirects
	headers    http.Header
	body       []byte
	err        error
	errorCode  int
	timings    timings
	sent, recv int64
	end        time.Time
	remoteAddr string
	canceled   bool // the VU is stopping: no metrics
}

var errTooManyRedirects = errors.New("stopped after too many redirects")

// do runs the request under ctx and the request's timeout, reading the
// whole body; jar keeps the cookies (params.cookies replace some of its
// own for this request). do may run on any goroutine.
func (c *client) do(ctx context.Context, r *request, jar http.CookieJar) *result {
	res := &result{url: r.url.String()}
	_ = c.limit.Wait(ctx) // when ctx ends, the request below sees it
	ctx, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()
	tr := &tracer{}
	ctx = httptrace.WithClientTrace(ctx, tr.trace(&res.remoteAddr))

	var body io.Reader
	if r.hasBody {
		body = bytes.NewReader(r.body)
	}
	hreq, err := http.NewRequestWithContext(ctx, r.method, r.url.String(), body)
	if err != nil {
		return c.finish(ctx, res, tr, err)
	}
	hreq.Header = r.headers.Clone()
	if _, set := hreq.Header["User-Agent"]; !set {
		hreq.Header.Set("User-Agent", userAgent)
	}
	for _, ck := range r.cookies {
		hreq.AddCookie(ck)
	}
	hc := *c.http
	hc.Jar = requestJar{base: jar, replace: r.replace}
	hc.CheckRedirect = func(_ *http.Request, via []*http.Request) error {
		if len(via) > r.redirects {
			return errTooManyRedirects
		}
		return nil
	}
	if r.redirects == 0 {
		hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	}
	tr.start = time.Now()
	resp, err := hc.Do(hreq)
	if err != nil {
		return c.finish(ctx, res, tr, err)
	}
	defer resp.Body.Close()
	res.status, res.proto, res.headers = resp.StatusCode, resp.Proto, resp.Header
	res.url = resp.Request.URL.String()
	if r.responseType == responseNone {
		_, err = io.Copy(io.Discard, resp.Body)
	} else {
		res.body, err = io.ReadAll(resp.Body)
	}
	return c.finish(ctx, res, tr, err)
}

func (c *client) finish(ctx context.Context, res *result, tr *tracer, err error) *result {
	res.end = time.Now()
	if tr.start.IsZero() {
		tr.start = res.end
	}
	res.timings = tr.timings(res.end)
	res.sent, res.recv = c.bytes.Sent.Swap(0), c.bytes.Received.Swap(0)
	if err != nil {
		res.status = 0
		res.err = err
		res.errorCode = errorCode(ctx, err)
		res.canceled = res.errorCode == codeCanceled
	} else if res.status >= 400 && res.status < 600 {
		res.errorCode = 1000 + res.status
	}
	return res
}
