package probe

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
)

// sseSession speaks the HTTP+SSE transport of 2024-11-05: a GET event
// stream whose first event names the endpoint to POST messages to; answers
// come back on the stream.
type sseSession struct {
	*conn
	endpoint string
	cancel   context.CancelFunc

	mu      sync.Mutex
	waiting map[int64]chan rpcMessage
	done    chan struct{} // closed when the stream ends
	err     error         // why the stream ended
}

var _ session = (*sseSession)(nil)

// open starts the event stream and waits for the endpoint event.
func (s *sseSession) open(ctx context.Context) error {
	streamCtx, cancel := context.WithCancel(ctx)
	s.cancel = cancel
	req, err := s.newRequest(streamCtx, http.MethodGet, s.target.String(), nil, s.nextTraceparent())
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "text/event-stream")
	resp, err := s.do(req)
	if err != nil {
		return err
	}
	if mt := mediaType(resp); mt != "text/event-stream" {
		resp.Body.Close()
		return unexpectedf("SSE stream Content-Type is %q, not text/event-stream", mt)
	}
	events := newSSEReader(resp.Body)
	ev, err := events.next()
	if err != nil {
		resp.Body.Close()
		return fmt.Errorf("read endpoint event: %w", err)
	}
	if ev.Event != "endpoint" {
		resp.Body.Close()
		return unexpectedf("first SSE event is %q, not endpoint", ev.Event)
	}
	endpoint, err := s.target.Parse(string(ev.Data))
	if err != nil {
		resp.Body.Close()
		return unexpectedf("endpoint event %q is not a URL: %v", snippet(ev.Data), err)
	}
	// The token goes to the endpoint: never to another origin.
	if endpoint.Scheme != s.target.Scheme || endpoint.Host != s.target.Host {
		resp.Body.Close()
		return unexpectedf("endpoint %s is not on the target's origin", endpoint.Redacted())
	}
	s.endpoint = endpoint.String()
	s.tr.logf("endpoint %s", endpoint.Redacted())
	s.waiting = make(map[int64]chan rpcMessage)
	s.done = make(chan struct{})
	go s.pump(resp.Body, events)
	return nil
}

// pump delivers answers from the stream to the calls waiting for them.
func (s *sseSession) pump(body io.ReadCloser, events *sseReader) {
	defer body.Close()
	for {
		ev, err := events.next()
		if err != nil {
			s.mu.Lock()
			s.err = fmt.Errorf("SSE stream ended: %w", err)
			s.mu.Unlock()
			close(s.done)
			return
		}
		if ev.Event != "" && ev.Event != "message" {
			continue
		}
		msg, err := parseMessage(ev.Data)
		if err != nil || msg.Method != "" {
			continue // server requests and notifications: not awaited
		}
		s.mu.Lock()
		for id, ch := range s.waiting {
			if msg.isResponseTo(id) {
				ch <- msg // buffered, one answer per id
				delete(s.waiting, id)
			}
		}
		s.mu.Unlock()
	}
}

func (s *sseSession) post(ctx context.Context, method string, params map[string]any, withID bool) (chan rpcMessage, error) {
	body, id, traceparent, err := s.encode(method, params, withID)
	if err != nil {
		return nil, err
	}
	var answer chan rpcMessage
	if withID {
		answer = make(chan rpcMessage, 1)
		s.mu.Lock()
		s.waiting[id] = answer
		s.mu.Unlock()
	}
	req, err := s.newRequest(ctx, http.MethodPost, s.endpoint, body, traceparent)
	if err != nil {
		return nil, err
	}
	s.tr.logSend(method, id, traceparent)
	resp, err := s.do(req)
	if err != nil {
		return nil, err
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxEventSize))
	_ = resp.Body.Close()
	return answer, nil
}

func (s *sseSession) call(ctx context.Context, method string, params map[string]any) (json.RawMessage, error) {
	if s.endpoint == "" {
		if err := s.open(ctx); err != nil {
			return nil, err
		}
	}
	answer, err := s.post(ctx, method, params, true)
	if err != nil {
		return nil, err
	}
	select {
	case msg := <-answer:
		return msg.outcome()
	case <-s.done:
		select {
		case msg := <-answer: // answered just before the stream ended
			return msg.outcome()
		default:
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		return nil, s.err
	case <-ctx.Done():
		return nil, fmt.Errorf("wait for %s answer: %w", method, ctx.Err())
	}
}

func (s *sseSession) notify(ctx context.Context, method string, params map[string]any) error {
	_, err := s.post(ctx, method, params, false)
	return err
}

func (s *sseSession) close(context.Context) {
	if s.cancel != nil {
		s.cancel()
	}
}
