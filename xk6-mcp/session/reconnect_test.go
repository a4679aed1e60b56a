package session_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/internal/poll"
	"github.com/mcpchaos/mcpchaos/xk6-mcp/internal/testserver"
	"github.com/mcpchaos/mcpchaos/xk6-mcp/session"
)

// TestReconnect: a server that forgets the session answers 404; the
// session re-initializes, retries the call and reports it.
func TestReconnect(t *testing.T) {
	t.Parallel()
	srv := startServer(t, testserver.StreamableHTTP, 0)
	obs := &recorder{}
	s := dial(t, session.Options{Transport: session.StreamableHTTP, URL: srv.URL, Observer: obs})
	ctx := ctxT(t)
	first := s.ID()
	if _, err := s.CallTool(ctx, testserver.ToolEcho, nil); err != nil {
		t.Fatal(err)
	}
	srv.Forget()
	res, err := s.CallTool(ctx, testserver.ToolEcho, map[string]any{"text": "again"})
	if err != nil {
		t.Fatalf("call after the server forgot the session: %v", err)
	}
	if !res.Reconnected || res.SessionID == first || res.SessionID != s.ID() {
		t.Errorf("reconnected %v, session %q (was %q, now %q)", res.Reconnected, res.SessionID, first, s.ID())
	}
	if !slices.Equal(obs.eventKinds(), []session.SessionEventKind{session.SessionOpened, session.SessionReconnected}) {
		t.Errorf("session events %v", obs.eventKinds())
	}
	if calls := srv.Recorder.Of("tools/call"); len(calls) != 3 || calls[1].SessionID != first || calls[2].SessionID != res.SessionID {
		t.Errorf("server saw tools/call with sessions %+v", calls)
	}
}

// TestNoReconnect: with reconnecting off, the loss is the error.
func TestNoReconnect(t *testing.T) {
	t.Parallel()
	srv := startServer(t, testserver.StreamableHTTP, 0)
	s := dial(t, session.Options{Transport: session.StreamableHTTP, URL: srv.URL, NoReconnect: true})
	srv.Forget()
	_, err := s.CallTool(ctxT(t), testserver.ToolEcho, nil)
	var e *session.Error
	if !errors.As(err, &e) || e.Type() != "session_lost" {
		t.Fatalf("got %v, want session_lost", err)
	}
}

// TestStdioRespawn: a stdio server that died is started again on the
// next call.
func TestStdioRespawn(t *testing.T) {
	t.Parallel()
	obs := &recorder{}
	s := dial(t, session.Options{Transport: session.Stdio, Command: stdioServer, Observer: obs})
	ctx := ctxT(t)
	if _, err := s.CallTool(ctx, testserver.ToolSlow, map[string]any{"ms": 1}); err != nil {
		t.Fatal(err)
	}
	killStdio(t, s)
	// Calls made while the process dies fail; a later one reconnects.
	var res session.Result
	err := poll.Until(ctx, 10*time.Millisecond, "the stdio session to come back", func(ctx context.Context) (bool, error) {
		var err error
		res, err = s.CallTool(ctx, testserver.ToolEcho, map[string]any{"text": "back"})
		return err == nil, err
	})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Reconnected && !slices.Contains(obs.eventKinds(), session.SessionReconnected) {
		t.Errorf("no reconnect reported: %v", obs.eventKinds())
	}
}
