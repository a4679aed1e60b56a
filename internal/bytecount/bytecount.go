// Package bytecount counts the wire bytes that connections and pipes move,
// for the data_sent and data_received metrics of the modules that make
// network calls (k6/http, k6/x/mcp).
package bytecount

import (
	"io"
	"net"
	"sync/atomic"
)

// Counters hold bytes sent and received. Safe for concurrent use.
type Counters struct {
	Sent, Received atomic.Int64
}

// Snapshot returns both counts.
func (c *Counters) Snapshot() (sent, received int64) {
	return c.Sent.Load(), c.Received.Load()
}

// Conn wraps conn so its reads and writes are counted in c.
func (c *Counters) Conn(conn net.Conn) net.Conn { return &countedConn{Conn: conn, c: c} }

// Reader wraps r so its reads count as received.
func (c *Counters) Reader(r io.Reader) io.Reader { return countedReader{r: r, c: c} }

// WriteCloser wraps w so its writes count as sent.
func (c *Counters) WriteCloser(w io.WriteCloser) io.WriteCloser { return countedWriter{w: w, c: c} }

type countedConn struct {
	net.Conn
	c *Counters
}

// NetConn returns the wrapped connection, as tls.Conn's NetConn does.
func (cc *countedConn) NetConn() net.Conn { return cc.Conn }

func (cc *countedConn) Read(p []byte) (int, error) {
	n, err := cc.Conn.Read(p)
	cc.c.Received.Add(int64(n))
	return n, err
}

func (cc *countedConn) Write(p []byte) (int, error) {
	n, err := cc.Conn.Write(p)
	cc.c.Sent.Add(int64(n))
	return n, err
}

type countedReader struct {
	r io.Reader
	c *Counters
}

func (r countedReader) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	r.c.Received.Add(int64(n))
	return n, err
}

type countedWriter struct {
	w io.WriteCloser
	c *Counters
}

func (w countedWriter) Write(p []byte) (int, error) {
	n, err := w.w.Write(p)
	w.c.Sent.Add(int64(n))
	return n, err
}

func (w countedWriter) Close() error { return w.w.Close() }
