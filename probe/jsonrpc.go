package probe

import (
	"bytes"
	"encoding/json"
	"strconv"
)

// rpcRequest is an outgoing JSON-RPC request or notification (no id).
type rpcRequest struct {
	JSONRPC string         `json:"jsonrpc"`
	ID      *int64         `json:"id,omitempty"`
	Method  string         `json:"method"`
	Params  map[string]any `json:"params,omitempty"`
}

// rpcMessage is any incoming JSON-RPC message: response, request or
// notification.
type rpcMessage struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id,omitempty"`
	Method  string          `json:"method,omitempty"`
	Result  json.RawMessage `json:"result,omitempty"`
	Error   *rpcErrorBody   `json:"error,omitempty"`
}

type rpcErrorBody struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

// parseMessage decodes one JSON-RPC message. Anything else (a batch, a
// non-object, a wrong version) is an unexpected result, never a panic.
func parseMessage(data []byte) (rpcMessage, error) {
	data = bytes.TrimSpace(data)
	if len(data) == 0 || data[0] != '{' {
		return rpcMessage{}, unexpectedf("not a JSON-RPC object: %q", snippet(data))
	}
	var m rpcMessage
	if err := json.Unmarshal(data, &m); err != nil {
		return rpcMessage{}, unexpectedf("invalid JSON-RPC message: %v", err)
	}
	if m.JSONRPC != "2.0" {
		return rpcMessage{}, unexpectedf("jsonrpc is %q, not 2.0", m.JSONRPC)
	}
	return m, nil
}

// isResponseTo reports whether m answers request id. Servers echo the id
// as sent (a number) but a string form is tolerated.
func (m rpcMessage) isResponseTo(id int64) bool {
	if m.Method != "" || len(m.ID) == 0 {
		return false
	}
	want := strconv.FormatInt(id, 10)
	raw := string(bytes.TrimSpace(m.ID))
	return raw == want || raw == strconv.Quote(want)
}

// outcome turns a response into its result or a JSON-RPC error.
func (m rpcMessage) outcome() (json.RawMessage, error) {
	if m.Error != nil {
		return nil, &rpcError{Code: m.Error.Code, Message: m.Error.Message}
	}
	if len(m.Result) == 0 || string(m.Result) == "null" {
		return nil, unexpectedf("response has neither result nor error")
	}
	return m.Result, nil
}

// snippet shortens peer-supplied text for an error message.
func snippet(b []byte) string {
	const max = 200
	if len(b) > max {
		return string(b[:max]) + "…"
	}
	return string(b)
}
