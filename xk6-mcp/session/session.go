package session

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"

	"github.com/mcpchaos/mcpchaos/internal/bytecount"
)

// DefaultProtocolVersion is what a session asks for when Options do not
// pin a version: the newest revision with initialize and Mcp-Session-Id,
// accepting an older one if the server offers it. "auto" lets mcp-go
// negotiate instead (2026-07-28 first, then the handshake).
const DefaultProtocolVersion = mcp.LATEST_LEGACY_PROTOCOL_VERSION

// ProtocolAuto asks mcp-go to negotiate the newest revision both sides
// speak.
const ProtocolAuto = "auto"

// Session is one MCP client session. Its methods are safe for concurrent
// use; the k6 module uses each from one VU.
type Session struct {
	opts     Options
	counters bytecount.Counters
	opened   time.Time

	mu       sync.Mutex
	cl       *client.Client
	cn       *conn
	id       string
	version  string
	closed   bool
	stopLife context.CancelFunc
}

// Dial opens a session: it starts the transport and performs the
// initialize handshake (or server/discover for 2026-07-28). The error is an
// *Error when the server could not be reached or refused.
func Dial(ctx context.Context, o Options) (*Session, error) {
	if errs := o.Validate(); len(errs) > 0 {
		return nil, fmt.Errorf("mcp session options: %w", errors.Join(errs...))
	}
	s := &Session{opts: o, opened: time.Now()}
	if err := s.connect(ctx, SessionOpened); err != nil {
		return nil, err
	}
	return s, nil
}

// ID is the Mcp-Session-Id the server assigned ("" for stdio and for
// stateless 2026-07-28 sessions).
func (s *Session) ID() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.id
}

// ProtocolVersion is the negotiated protocol version.
func (s *Session) ProtocolVersion() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.version
}

// Options returns the options the session was opened with.
func (s *Session) Options() Options { return s.opts }

// BytesMoved returns the wire bytes sent and received so far.
func (s *Session) BytesMoved() (sent, received int64) { return s.counters.Snapshot() }

// connect opens a transport and initializes a client on it, replacing the
// current one (closed by the caller). The handshake is observed as an
// OpInitialize call, failed or not.
func (s *Session) connect(ctx context.Context, kind SessionEventKind) (err error) {
	start := time.Now()
	sent0, recv0 := s.counters.Snapshot()
	sp := s.startSpan(ctx, Request{Op: OpInitialize}, nil)
	ex := newExchange(sp.tc, s.opts.sendsHeader())
	var cerr *Error
	defer func() {
		if err != nil && cerr == nil {
			cerr = &Error{Kind: KindTransport, Server: s.opts.server(), Err: err}
		}
		sp.end(s, ex, false, cerr)
		s.observe(Request{Op: OpInitialize}, &Result{Start: start, Duration: time.Since(start), TraceID: ex.traceID(), SpanID: ex.spanID(), SessionID: s.ID()}, cerr, sent0, recv0)
	}()
	cn, err := openTransport(s.opts, &s.counters)
	if err != nil {
		return fmt.Errorf("mcp connect to %s: %w", s.opts.server(), err)
	}
	cl := client.NewClient(cn.t, s.clientOptions()...)
	// The transport lives as long as the session: the SSE stream hangs off
	// the context Start gets.
	life, stopLife := context.WithCancel(context.WithoutCancel(ctx))
	cctx, cancel := context.WithTimeout(withExchange(sp.ctx, ex), s.opts.connectTimeout())
	defer cancel()
	drop := func() {
		_ = cl.Close()
		cn.release()
		stopLife()
	}
	fail := func(err error) error {
		drop()
		cerr = classify(ctx, err, ex, s.opts.connectTimeout())
		cerr.Server = s.opts.server()
		return cerr
	}
	if err := cl.Start(withExchange(life, ex)); err != nil {
		return fail(err)
	}
	if _, err := cl.Initialize(cctx, s.initializeRequest()); err != nil {
		return fail(err)
	}
	version := cl.ProtocolVersion()
	if want := s.opts.ProtocolVersion; want != "" && want != ProtocolAuto && version != want {
		drop()
		cerr = &Error{Kind: KindMalformed, Server: s.opts.server(), Err: fmt.Errorf("the server negotiated protocol version %s, not the pinned %s", version, want)}
		return fmt.Errorf("mcp connect to %s: the server negotiated protocol version %s, not the pinned %s; pin a version the server supports or use %q", s.opts.server(), version, want, ProtocolAuto)
	}
	cl.OnConnectionLost(func(error) { cn.lost.Store(true) })

	s.mu.Lock()
	s.cl, s.cn, s.id, s.version, s.stopLife = cl, cn, cl.GetSessionId(), version, stopLife
	id := s.id
	s.mu.Unlock()

	if obs := s.opts.Observer; obs != nil {
		obs.ObserveSession(SessionEvent{Kind: kind, Time: start, SessionID: id, Duration: time.Since(start)})
	}
	return nil
}

func (s *Session) clientOptions() []client.ClientOption {
	switch v := s.opts.ProtocolVersion; v {
	case ProtocolAuto:
		return nil
	case "":
		return []client.ClientOption{client.WithProtocolVersion(DefaultProtocolVersion)}
	default:
		return []client.ClientOption{client.WithProtocolVersion(v)}
	}
}

func (s *Session) initializeRequest() mcp.InitializeRequest {
	var r mcp.InitializeRequest
	r.Params.ClientInfo = mcp.Implementation{Name: s.opts.ClientName, Version: s.opts.ClientVersion}
	if r.Params.ClientInfo.Name == "" {
		r.Params.ClientInfo = mcp.Implementation{Name: "mcpchaos", Version: "1"}
	}
	switch v := s.opts.ProtocolVersion; v {
	case ProtocolAuto:
	case "":
		r.Params.ProtocolVersion = DefaultProtocolVersion
	default:
		r.Params.ProtocolVersion = v
	}
	return r
}

// current returns the live client, replacing a dead transport first.
func (s *Session) current(ctx context.Context) (*client.Client, bool, error) {
	s.mu.Lock()
	cl, cn, closed := s.cl, s.cn, s.closed
	s.mu.Unlock()
	if closed {
		return nil, false, ErrClosed
	}
	if !cn.dead() || s.opts.NoReconnect {
		return cl, false, nil
	}
	if err := s.reconnect(ctx, cl); err != nil {
		return nil, false, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cl, true, nil
}

// reconnect replaces the client that failed, unless another call already
// did.
func (s *Session) reconnect(ctx context.Context, failed *client.Client) error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return ErrClosed
	}
	if s.cl != failed {
		s.mu.Unlock()
		return nil
	}
	old, oldConn, oldStop := s.cl, s.cn, s.stopLife
	s.mu.Unlock()
	_ = old.Close()
	oldConn.release()
	oldStop()
	return s.connect(ctx, SessionReconnected)
}

// ErrClosed is returned by calls on a closed session.
var ErrClosed = errors.New("mcp session is closed")

// Close ends the session (an HTTP DELETE for a Streamable HTTP session,
// EOF and then a kill for a stdio server). It is idempotent.
func (s *Session) Close() error {
	s.mu.Lock()
	if s.closed || s.cl == nil {
		s.closed = true
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	cl, cn, stop, id := s.cl, s.cn, s.stopLife, s.id
	s.mu.Unlock()
	err := cl.Close()
	cn.release()
	stop()
	if obs := s.opts.Observer; obs != nil {
		obs.ObserveSession(SessionEvent{Kind: SessionClosed, Time: time.Now(), SessionID: id, Duration: time.Since(s.opened)})
	}
	if err != nil {
		return fmt.Errorf("mcp close session on %s: %w", s.opts.server(), err)
	}
	return nil
}
