package h1_test

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/internal/h1"
)

// countingServer counts the connections clients open to it.
func countingServer(t *testing.T, tlsOn bool, h http.HandlerFunc) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var conns atomic.Int64
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	if tlsOn {
		srv.StartTLS()
	} else {
		srv.Start()
	}
	t.Cleanup(srv.Close)
	return srv, &conns
}

func get(t *testing.T, tr http.RoundTripper, ctx context.Context, url string) (string, error) {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, strings.NewReader(`{"q":1}`))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := tr.RoundTrip(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return string(b), err
}

func TestRoundTrip(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		tls       bool
		handler   http.HandlerFunc
		want      string
		wantConns int64
	}{
		{
			name:      "fixed length bodies reuse one connection",
			handler:   func(w http.ResponseWriter, r *http.Request) { b, _ := io.ReadAll(r.Body); fmt.Fprintf(w, "got %s", b) },
			want:      `got {"q":1}`,
			wantConns: 1,
		},
		{
			name: "chunked bodies reuse one connection",
			handler: func(w http.ResponseWriter, _ *http.Request) {
				io.WriteString(w, "a")
				w.(http.Flusher).Flush()
				io.WriteString(w, "b")
			},
			want:      "ab",
			wantConns: 1,
		},
		{
			name: "Connection: close dials again",
			handler: func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Connection", "close")
				io.WriteString(w, "bye")
			},
			want:      "bye",
			wantConns: 3,
		},
		{
			name: "informational answers are skipped",
			handler: func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Link", "</style.css>; rel=preload")
				w.WriteHeader(http.StatusEarlyHints)
				io.WriteString(w, "final")
			},
			want:      "final",
			wantConns: 1,
		},
		{
			name:      "TLS",
			tls:       true,
			handler:   func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, r.Proto) },
			want:      "HTTP/1.1",
			wantConns: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv, conns := countingServer(t, tt.tls, tt.handler)
			cfg := h1.Config{}
			if tt.tls {
				cfg.TLS = srv.Client().Transport.(*http.Transport).TLSClientConfig
			}
			tr := h1.New(cfg)
			t.Cleanup(tr.Close)
			for i := range 3 {
				got, err := get(t, tr, context.Background(), srv.URL)
				if err != nil {
					t.Fatalf("request %d: %v", i, err)
				}
				if got != tt.want {
					t.Fatalf("request %d: body %q, want %q", i, got, tt.want)
				}
			}
			if n := conns.Load(); n != tt.wantConns {
				t.Errorf("%d connections, want %d", n, tt.wantConns)
			}
		})
	}
}

// TestIdleConnectionClosedByServer: a server that hangs up on an idle
// connection without saying so costs a new dial, not an error.
func TestIdleConnectionClosedByServer(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	var accepted atomic.Int64
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			accepted.Add(1)
			go func() {
				defer c.Close()
				req, err := http.ReadRequest(bufio.NewReader(c))
				if err != nil {
					return
				}
				io.Copy(io.Discard, req.Body)
				io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
			}()
		}
	}()
	tr := h1.New(h1.Config{})
	t.Cleanup(tr.Close)
	url := "http://" + ln.Addr().String() + "/"
	for i := range 3 {
		got, err := get(t, tr, context.Background(), url)
		if err != nil || got != "ok" {
			t.Fatalf("request %d: %q, %v", i, got, err)
		}
		time.Sleep(20 * time.Millisecond) // let the close arrive
	}
	if n := accepted.Load(); n != 3 {
		t.Errorf("%d connections, want 3", n)
	}
}

func TestCancelUnblocksWaitingRequest(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	srv, _ := countingServer(t, false, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	t.Cleanup(func() { close(release) })
	tr := h1.New(h1.Config{})
	t.Cleanup(tr.Close)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := get(t, tr, ctx, srv.URL)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want context.DeadlineExceeded", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %s to give up", d)
	}
}

// TestStreamClosedEarly: closing an endless event stream returns at once
// and its connection is not reused.
func TestStreamClosedEarly(t *testing.T) {
	t.Parallel()
	srv, conns := countingServer(t, false, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		for {
			if _, err := io.WriteString(w, "data: tick\n\n"); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				return
			case <-time.After(10 * time.Millisecond):
			}
		}
	})
	tr := h1.New(h1.Config{})
	t.Cleanup(tr.Close)
	for i := range 2 {
		req, _ := http.NewRequest(http.MethodGet, srv.URL, nil)
		resp, err := tr.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		line, err := bufio.NewReader(resp.Body).ReadString('\n')
		if err != nil || line != "data: tick\n" {
			t.Fatalf("stream %d: %q, %v", i, line, err)
		}
		done := make(chan error, 1)
		go func() { done <- resp.Body.Close() }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatal("closing the stream's body blocked")
		}
	}
	if n := conns.Load(); n != 2 {
		t.Errorf("%d connections, want 2 (a stream closed early is not reused)", n)
	}
}

// TestCloseWhileReading: a stream's body closed on another goroutine
// ends the blocked read instead of waiting for the stream's end.
func TestCloseWhileReading(t *testing.T) {
	t.Parallel()
	srv, _ := countingServer(t, false, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	})
	tr := h1.New(h1.Config{})
	t.Cleanup(tr.Close)
	req, _ := http.NewRequest(http.MethodGet, srv.URL, nil)
	resp, err := tr.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	read := make(chan error, 1)
	go func() {
		_, err := io.ReadAll(resp.Body)
		read <- err
	}()
	time.Sleep(20 * time.Millisecond)
	if err := resp.Body.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	select {
	case err := <-read:
		if err == nil {
			t.Error("the blocked read ended without an error")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the blocked read did not end")
	}
}

func TestErrors(t *testing.T) {
	t.Parallel()
	tr := h1.New(h1.Config{})
	tr.Close()
	tests := []struct {
		name, url string
		tr        *h1.Transport
		want      string
	}{
		{"unsupported scheme", "ftp://127.0.0.1/", h1.New(h1.Config{}), "unsupported URL"},
		{"closed transport", "http://127.0.0.1:1/", tr, "transport closed"},
		{"refused", "http://127.0.0.1:1/", h1.New(h1.Config{}), "refused"},
		{"TLS to an untrusted server", "", h1.New(h1.Config{TLS: &tls.Config{}}), "certificate"},
	}
	untrusted, _ := countingServer(t, true, func(http.ResponseWriter, *http.Request) {})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			url := tt.url
			if url == "" {
				url = untrusted.URL
			}
			_, err := get(t, tt.tr, context.Background(), url)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

// rawServer answers every request on a connection with reply, then
// closes the connection.
func rawServer(t *testing.T, reply string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				if req, err := http.ReadRequest(bufio.NewReader(c)); err == nil {
					io.Copy(io.Discard, req.Body)
					io.WriteString(c, reply)
				}
			}()
		}
	}()
	return "http://" + ln.Addr().String() + "/"
}

// TestMalformedAnswers: broken HTTP from the server is an error, never a
// panic or a hang.
func TestMalformedAnswers(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, reply string }{
		{"not HTTP", "SSH-2.0-OpenSSH_9.6\r\n"},
		{"nothing", ""},
		{"bad status line", "HTTP/1.1 abc OK\r\n\r\n"},
		{"truncated head", "HTTP/1.1 200 OK\r\nContent-Le"},
		{"short body", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"},
		{"bad chunk", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tr := h1.New(h1.Config{})
			t.Cleanup(tr.Close)
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			if got, err := get(t, tr, ctx, rawServer(t, tt.reply)); err == nil {
				t.Fatalf("got %q and no error", got)
			}
		})
	}
}

func TestHostPort(t *testing.T) {
	t.Parallel()
	for raw, want := range map[string]string{
		"http://example.com/mcp":     "example.com:80",
		"https://example.com/mcp":    "example.com:443",
		"http://127.0.0.1:8080/mcp":  "127.0.0.1:8080",
		"https://[::1]/mcp":          "[::1]:443",
		"http://[::1]:9000/mcp":      "[::1]:9000",
		"https://Example.COM:8443/x": "Example.COM:8443",
	} {
		u, err := url.Parse(raw)
		if err != nil {
			t.Fatal(err)
		}
		if got := h1.HostPort(u); got != want {
			t.Errorf("HostPort(%s) = %s, want %s", raw, got, want)
		}
	}
}
