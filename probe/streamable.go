package probe

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"time"
)

// streamableSession speaks Streamable HTTP: every message is a POST to the
// target; a request's answer is JSON or an SSE stream; the session id from
// initialize is carried on later requests (not in the stateless core).
type streamableSession struct {
	*conn
	sessionID string
}

var _ session = (*streamableSession)(nil)

func (s *streamableSession) post(ctx context.Context, method string, params map[string]any, withID bool) (*http.Response, int64, error) {
	body, id, traceparent, err := s.encode(method, params, withID)
	if err != nil {
		return nil, 0, err
	}
	req, err := s.newRequest(ctx, http.MethodPost, s.target.String(), body, traceparent)
	if err != nil {
		return nil, 0, err
	}
	req.Header.Set("Accept", "application/json, text/event-stream")
	if s.sessionID != "" {
		req.Header.Set("Mcp-Session-Id", s.sessionID)
	}
	if isModern(s.mod.ProtocolVersion) {
		req.Header.Set("Mcp-Method", method)
		if name, ok := params["name"].(string); ok && method == "tools/call" {
			req.Header.Set("Mcp-Name", name)
		}
	}
	s.tr.logSend(method, id, traceparent)
	resp, err := s.do(req)
	return resp, id, err
}

func (s *streamableSession) call(ctx context.Context, method string, params map[string]any) (json.RawMessage, error) {
	resp, id, err := s.post(ctx, method, params, true)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if method == "initialize" {
		s.sessionID = resp.Header.Get("Mcp-Session-Id")
	}
	return readResponse(resp, id)
}

func (s *streamableSession) notify(ctx context.Context, method string, params map[string]any) error {
	resp, _, err := s.post(ctx, method, params, false)
	if err != nil {
		return err
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxEventSize))
	return resp.Body.Close()
}

// close deletes the session so probes do not pile up sessions on the
// server. It is best effort and bounded.
func (s *streamableSession) close(ctx context.Context) {
	if s.sessionID == "" || ctx.Err() != nil {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	req, err := s.newRequest(ctx, http.MethodDelete, s.target.String(), nil, s.nextTraceparent())
	if err != nil {
		return
	}
	req.Header.Set("Mcp-Session-Id", s.sessionID)
	resp, err := s.client.Do(req)
	if err != nil {
		return
	}
	_ = resp.Body.Close()
}
