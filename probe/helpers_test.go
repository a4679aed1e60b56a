package probe_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/mcpchaos/mcpchaos/internal/certs"
)

// newMCPServer is the real peer: an mcp-go server with an echo tool, a slow
// tool that waits for its context, and a tool that reports isError.
func newMCPServer() *server.MCPServer {
	s := server.NewMCPServer("probe-test-server", "1.0.0", server.WithToolCapabilities(false))
	s.AddTool(mcp.NewTool("echo", mcp.WithString("message")),
		func(_ context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
			return mcp.NewToolResultText(req.GetString("message", "")), nil
		})
	s.AddTool(mcp.NewTool("slow"),
		func(ctx context.Context, _ mcp.CallToolRequest) (*mcp.CallToolResult, error) {
			select {
			case <-ctx.Done():
				return nil, ctx.Err()
			case <-time.After(10 * time.Second):
				return mcp.NewToolResultText("late"), nil
			}
		})
	s.AddTool(mcp.NewTool("fail"),
		func(context.Context, mcp.CallToolRequest) (*mcp.CallToolResult, error) {
			return mcp.NewToolResultError("downstream unavailable"), nil
		})
	return s
}

// recorder keeps what the server saw of the probe's requests.
type recorder struct {
	mu       sync.Mutex
	headers  []http.Header
	bodies   []string
	handlers http.Handler
}

func (r *recorder) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	req.Body = io.NopCloser(bytes.NewReader(body))
	r.mu.Lock()
	r.headers = append(r.headers, req.Header.Clone())
	r.bodies = append(r.bodies, string(body))
	r.mu.Unlock()
	r.handlers.ServeHTTP(w, req)
}

func (r *recorder) seen() ([]http.Header, []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]http.Header(nil), r.headers...), append([]string(nil), r.bodies...)
}

// quietServer keeps httptest from logging expected TLS handshake failures.
func quietServer(h http.Handler) *httptest.Server {
	ts := httptest.NewUnstartedServer(h)
	ts.Config.ErrorLog = log.New(io.Discard, "", 0)
	return ts
}

// startStreamable serves Streamable HTTP at <url>/mcp.
func startStreamable(t *testing.T, wrap func(http.Handler) http.Handler) (string, *recorder) {
	t.Helper()
	rec := &recorder{handlers: server.NewStreamableHTTPServer(newMCPServer())}
	var h http.Handler = rec
	if wrap != nil {
		h = wrap(h)
	}
	ts := quietServer(h)
	ts.Start()
	t.Cleanup(ts.Close)
	return ts.URL + "/mcp", rec
}

// startSSE serves the HTTP+SSE transport at <url>/sse.
func startSSE(t *testing.T) string {
	t.Helper()
	sse := server.NewSSEServer(newMCPServer())
	ts := quietServer(sse)
	ts.Start()
	t.Cleanup(func() {
		sse.CloseSessions()
		ts.Close()
	})
	return ts.URL + "/sse"
}

// startTLS serves Streamable HTTP over TLS with the given certificate.
func startTLS(t *testing.T, cert certs.Pair) string {
	t.Helper()
	conf, err := cert.ServerConfig(nil)
	if err != nil {
		t.Fatal(err)
	}
	ts := quietServer(server.NewStreamableHTTPServer(newMCPServer()))
	ts.TLS = conf
	ts.StartTLS()
	t.Cleanup(ts.Close)
	return ts.URL + "/mcp"
}

// deadAddress returns a loopback address nothing listens on any more.
func deadAddress(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	return addr
}

// requireBearer answers 401 unless the token matches; the body echoes what
// it got, to prove the probe scrubs it.
func requireBearer(token string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if got := r.Header.Get("Authorization"); got != "Bearer "+token {
				http.Error(w, "bad credentials: "+got, http.StatusUnauthorized)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// newTestCA makes a certificate authority for one test and writes its
// certificate to the returned file, for a module's tls.ca_file.
func newTestCA(t *testing.T) (*certs.CA, string) {
	t.Helper()
	ca, err := certs.NewCA("mcpchaos probe test CA", 72*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(path, ca.CertPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	return ca, path
}

// issue makes a certificate from ca as o says.
func issue(t *testing.T, ca *certs.CA, o certs.Options) certs.Pair {
	t.Helper()
	p, err := ca.Issue(o)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// nxdomainResolver resolves through a DNS server on loopback that answers
// NXDOMAIN to everything, so a DNS failure is tested without traffic
// leaving the machine.
func nxdomainResolver(t *testing.T) *net.Resolver {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = pc.Close() })
	go func() {
		buf := make([]byte, 1500)
		for {
			n, from, err := pc.ReadFrom(buf)
			if err != nil {
				return
			}
			if reply := nxdomain(buf[:n]); reply != nil {
				_, _ = pc.WriteTo(reply, from)
			}
		}
	}()
	addr := pc.LocalAddr().String()
	return &net.Resolver{
		PreferGo: true,
		Dial: func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "udp", addr)
		},
	}
}

// nxdomain answers a DNS query with NXDOMAIN, echoing its question.
func nxdomain(query []byte) []byte {
	if len(query) < 12 {
		return nil
	}
	end := 12
	for end < len(query) && query[end] != 0 {
		end += int(query[end]) + 1
	}
	end += 5 // root label, type, class
	if end > len(query) {
		return nil
	}
	reply := append([]byte(nil), query[:end]...)
	reply[2] = 0x81 | (query[2] & 0x01) // QR, RD copied
	reply[3] = 0x83                     // RA, NXDOMAIN
	copy(reply[4:12], []byte{0, 1, 0, 0, 0, 0, 0, 0})
	return reply
}

// fmtAll prints values every way fmt can.
func fmtAll(values ...any) string {
	var b strings.Builder
	for _, v := range values {
		fmt.Fprintf(&b, "%v %+v %#v %s\n", v, v, v, v)
	}
	return b.String()
}

// dropToolCalls closes the connection on tools/call without answering, as a
// server killed mid-request (OOM kill, crash) does.
func dropToolCalls(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		if !bytes.Contains(body, []byte(`"tools/call"`)) {
			next.ServeHTTP(w, r)
			return
		}
		conn, _, err := http.NewResponseController(w).Hijack()
		if err == nil {
			_ = conn.Close()
		}
	})
}
