package testserver

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/mark3labs/mcp-go/server"
)

// Kind is an HTTP transport the server speaks.
type Kind string

// The HTTP transports.
const (
	StreamableHTTP Kind = "streamable-http"
	SSE            Kind = "sse"
)

// Server is a running HTTP MCP server on 127.0.0.1.
type Server struct {
	// URL is the endpoint clients connect to (/mcp or /sse).
	URL      string
	Recorder *Recorder
	Faults   *Faults

	sessions *sessions
	srv      *http.Server
	done     chan struct{}
}

// Config tweaks a server.
type Config struct {
	// PageSize paginates lists (0: no pagination).
	PageSize int
	// Plain serves without the recorder and fault switch (the benchmark's
	// no-op server).
	Plain bool
	// Addr to listen on; 127.0.0.1:0 when empty.
	Addr string
	// TLS, if set, serves HTTPS.
	TLS *tls.Config
}

// Start serves the test MCP server over kind on loopback.
func Start(kind Kind, cfg Config) (*Server, error) {
	addr := cfg.Addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen %s: %w", addr, err)
	}
	base := "http://" + ln.Addr().String()
	if cfg.TLS != nil {
		ln = tls.NewListener(ln, cfg.TLS)
		base = "https://" + ln.Addr().String()
	}
	s := &Server{Recorder: &Recorder{}, Faults: &Faults{}, sessions: &sessions{live: map[string]bool{}}, done: make(chan struct{})}
	mcpServer := New(cfg.PageSize)
	var h http.Handler
	switch kind {
	case StreamableHTTP:
		mux := http.NewServeMux()
		mux.Handle("/mcp", server.NewStreamableHTTPServer(mcpServer, server.WithSessionIdManager(s.sessions)))
		h = mux
		s.URL = base + "/mcp"
	case SSE:
		h = server.NewSSEServer(mcpServer, server.WithBaseURL(base))
		s.URL = base + "/sse"
	default:
		_ = ln.Close()
		return nil, fmt.Errorf("test server transport %q: use %s or %s", kind, StreamableHTTP, SSE)
	}
	if !cfg.Plain {
		h = s.wrap(h)
	}
	s.srv = &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ErrorLog: log.New(io.Discard, "", 0)}
	go func() {
		defer close(s.done)
		_ = s.srv.Serve(ln)
	}()
	return s, nil
}

// wrap records POSTs and applies faults to tools/call.
func (s *Server) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			next.ServeHTTP(w, r)
			return
		}
		q, body := s.Recorder.read(r)
		if q.Method == "tools/call" && s.Faults.serve(w, r, body) {
			return
		}
		next.ServeHTTP(w, r)
	})
}

// Forget drops every Streamable HTTP session, as a restarted server
// would: their next request gets HTTP 404.
func (s *Server) Forget() { s.sessions.forget() }

// Close stops the server.
func (s *Server) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	err := s.srv.Shutdown(ctx)
	if errors.Is(err, context.DeadlineExceeded) {
		err = s.srv.Close()
	}
	<-s.done
	return err
}

// sessions is a session ID manager that can forget.
type sessions struct {
	mu   sync.Mutex
	live map[string]bool
}

var _ server.SessionIdManager = (*sessions)(nil)

func (m *sessions) Generate() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	id := "s-" + hex.EncodeToString(b[:])
	m.mu.Lock()
	m.live[id] = true
	m.mu.Unlock()
	return id
}

func (m *sessions) Validate(id string) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.live[id] {
		return false, fmt.Errorf("session %s not found", id)
	}
	return false, nil
}

func (m *sessions) Terminate(id string) (bool, error) {
	m.mu.Lock()
	delete(m.live, id)
	m.mu.Unlock()
	return false, nil
}

func (m *sessions) forget() {
	m.mu.Lock()
	clear(m.live)
	m.mu.Unlock()
}
