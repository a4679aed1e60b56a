package testserver

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"sync"
)

// Request is what one HTTP POST to the server carried.
type Request struct {
	Method          string // JSON-RPC method
	HeaderParent    string // traceparent header
	MetaParent      string // params._meta.traceparent
	SessionID       string // Mcp-Session-Id header
	ProtocolVersion string // MCP-Protocol-Version header
	Header          http.Header
}

// Recorder keeps the requests an HTTP server received.
type Recorder struct {
	mu   sync.Mutex
	reqs []Request
}

// Requests returns a copy of what was recorded.
func (r *Recorder) Requests() []Request {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Request(nil), r.reqs...)
}

// Of returns the recorded requests of one JSON-RPC method.
func (r *Recorder) Of(method string) []Request {
	var out []Request
	for _, q := range r.Requests() {
		if q.Method == method {
			out = append(out, q)
		}
	}
	return out
}

// Reset forgets what was recorded.
func (r *Recorder) Reset() {
	r.mu.Lock()
	r.reqs = nil
	r.mu.Unlock()
}

// read records a POST's JSON-RPC envelope and restores its body.
func (r *Recorder) read(req *http.Request) (Request, []byte) {
	body, _ := io.ReadAll(req.Body)
	req.Body = io.NopCloser(bytes.NewReader(body))
	var env struct {
		Method string `json:"method"`
		Params struct {
			Meta struct {
				Traceparent string `json:"traceparent"`
			} `json:"_meta"`
		} `json:"params"`
	}
	_ = json.Unmarshal(body, &env)
	q := Request{
		Method:          env.Method,
		HeaderParent:    req.Header.Get("traceparent"),
		MetaParent:      env.Params.Meta.Traceparent,
		SessionID:       req.Header.Get("Mcp-Session-Id"),
		ProtocolVersion: req.Header.Get("Mcp-Protocol-Version"),
		Header:          req.Header.Clone(),
	}
	r.mu.Lock()
	r.reqs = append(r.reqs, q)
	r.mu.Unlock()
	return q, body
}
