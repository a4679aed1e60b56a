package session_test

import (
	"context"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/internal/porttest"
	"github.com/mcpchaos/mcpchaos/xk6-mcp/internal/testserver"
	"github.com/mcpchaos/mcpchaos/xk6-mcp/session"
)

// startServer runs an HTTP test server for one test.
func startServer(t *testing.T, kind testserver.Kind, pageSize int) *testserver.Server {
	t.Helper()
	return testserver.Run(t, kind, testserver.Config{PageSize: pageSize})
}

// dial opens a session closed at the end of the test.
func dial(t *testing.T, o session.Options) *session.Session {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	s, err := session.Dial(ctx, o)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// recorder is an Observer that keeps everything.
type recorder struct {
	mu     sync.Mutex
	calls  []session.CallInfo
	events []session.SessionEvent
}

func (r *recorder) ObserveCall(c *session.CallInfo) {
	r.mu.Lock()
	r.calls = append(r.calls, *c)
	r.mu.Unlock()
}

func (r *recorder) ObserveSession(e session.SessionEvent) {
	r.mu.Lock()
	r.events = append(r.events, e)
	r.mu.Unlock()
}

func (r *recorder) eventKinds() []session.SessionEventKind {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []session.SessionEventKind
	for _, e := range r.events {
		out = append(out, e.Kind)
	}
	return out
}

func (r *recorder) lastCall() session.CallInfo {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.calls[len(r.calls)-1]
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func contextWithCancel(t *testing.T) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	return ctx, cancel
}

// killStdio kills a stdio session's server process.
func killStdio(t *testing.T, s *session.Session) {
	t.Helper()
	pid := session.StdioPID(s)
	if pid == 0 {
		t.Fatal("no stdio process")
	}
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
}

func ctxF(f *testing.F) context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	f.Cleanup(cancel)
	return ctx
}

// refusingAddr returns a loopback address that refuses connections for
// the whole test (see internal/porttest).
func refusingAddr(t *testing.T) string {
	t.Helper()
	addr, c, err := porttest.Refusing()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return addr
}
