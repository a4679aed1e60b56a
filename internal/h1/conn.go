package h1

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"syscall"
	"time"
)

// conn is one HTTP/1.1 connection, used by one request at a time.
type conn struct {
	nc  net.Conn // what requests are written to (TLS if https)
	raw net.Conn // the TCP connection under it
	br  *bufio.Reader
	bw  *bufio.Writer

	// watch stops the context watch of the request in progress; a body
	// may be closed on another goroutine than the one reading it.
	mu    sync.Mutex
	watch func() bool
}

// errStale marks a reused connection that the server had closed: the
// request never reached it, so it may be sent again.
var errStale = errors.New("h1: the server closed the idle connection")

// past is a deadline that has passed: setting it unblocks reads and writes.
var past = time.Unix(1, 0)

// roundTrip writes req and reads the response head. The request's
// context is watched until the response body is closed.
func (c *conn) roundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if ctx.Done() != nil {
		stop := context.AfterFunc(ctx, func() { _ = c.nc.SetDeadline(past) })
		c.mu.Lock()
		c.watch = stop
		c.mu.Unlock()
	}
	if err := req.Write(c.bw); err != nil {
		return nil, c.fail(ctx, err, true)
	}
	if err := c.bw.Flush(); err != nil {
		return nil, c.fail(ctx, err, true)
	}
	for {
		resp, err := http.ReadResponse(c.br, req)
		if err != nil {
			return nil, c.fail(ctx, err, false)
		}
		// Informational answers (103 Early Hints, ...) precede the real
		// one, as net/http's Transport skips them.
		if resp.StatusCode >= 100 && resp.StatusCode < 200 && resp.StatusCode != http.StatusSwitchingProtocols {
			continue
		}
		return resp, nil
	}
}

// fail explains a failed exchange: the context's end if it ended, stale
// if the request could not be written to a connection the server had
// already closed (so it never saw the request).
func (c *conn) fail(ctx context.Context, err error, writing bool) error {
	c.stopWatch()
	if cerr := ctx.Err(); cerr != nil {
		return fmt.Errorf("h1: %w", cerr)
	}
	if writing && (errors.Is(err, io.EOF) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE)) {
		return fmt.Errorf("%w: %w", errStale, err)
	}
	return err
}

// stopWatch ends the context watch; false if it had already fired, so
// the connection's deadline has passed and it cannot be reused.
func (c *conn) stopWatch() bool {
	c.mu.Lock()
	stop := c.watch
	c.watch = nil
	c.mu.Unlock()
	if stop == nil {
		return true
	}
	return stop()
}

func (c *conn) close() {
	c.stopWatch()
	_ = c.nc.Close()
}

// alive reports whether an idle connection is still open: the server
// has not closed it nor sent anything unasked.
func (c *conn) alive() bool {
	if c.br.Buffered() > 0 {
		return false
	}
	return peekOpen(unwrap(c.raw))
}

// unwrap finds the TCP connection under wrappers that expose it.
func unwrap(nc net.Conn) net.Conn {
	for {
		w, ok := nc.(interface{ NetConn() net.Conn })
		if !ok {
			return nc
		}
		nc = w.NetConn()
	}
}
