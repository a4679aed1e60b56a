package session_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/xk6-mcp/session"
)

// fuzzServer answers initialize properly and tools/call with whatever the
// fuzzer chose; "ID" in the body becomes the request's id.
func fuzzServer(answer func() (int, string, []byte)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.WriteHeader(http.StatusOK)
			return
		}
		body, _ := io.ReadAll(r.Body)
		var env struct {
			ID     json.RawMessage `json:"id"`
			Method string          `json:"method"`
		}
		_ = json.Unmarshal(body, &env)
		switch env.Method {
		case "initialize":
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Mcp-Session-Id", "fuzz")
			_, _ = w.Write([]byte(`{"jsonrpc":"2.0","id":` + string(env.ID) + `,"result":{"protocolVersion":"2025-11-25","capabilities":{"tools":{}},"serverInfo":{"name":"fuzz","version":"1"}}}`))
		case "tools/call":
			status, ctype, b := answer()
			w.Header().Set("Content-Type", ctype)
			w.WriteHeader(status)
			_, _ = w.Write(bytes.ReplaceAll(b, []byte("ID"), env.ID))
		default:
			w.WriteHeader(http.StatusAccepted)
		}
	})
}

// FuzzCallToolResponse feeds arbitrary answers to tools/call through the
// whole client stack: the call must fail with a *session.Error or succeed
// with an object result, and never panic.
func FuzzCallToolResponse(f *testing.F) {
	for _, seed := range []struct {
		status uint16
		ctype  uint8
		body   string
	}{
		{200, 0, `{"jsonrpc":"2.0","id":ID,"result":{"content":[{"type":"text","text":"hi"}],"isError":false}}`},
		{200, 0, `{"jsonrpc":"2.0","id":ID,"result":{"content":[{"type":"image","data":"AAA=","mimeType":"image/png"},{"type":"resource","resource":{"uri":"x://y","text":"t"}}],"structuredContent":{"a":[1,2,{"b":null}]},"isError":true}}`},
		{200, 0, `{"jsonrpc":"2.0","id":ID,"error":{"code":-32601,"message":"nope","data":{"x":1}}}`},
		{200, 0, `{"jsonrpc":"2.0","id":ID,"error":"bare string"}`},
		{200, 0, `{"jsonrpc":"2.0","id":ID,"result":null}`},
		{200, 0, `{"jsonrpc":"2.0","id":ID,"result":{"content":"not a list"}}`},
		{200, 0, `{"jsonrpc":"2.0","id":ID,"result":{"content":[{"type":"text"}]}}`},
		{200, 0, `{"jsonrpc":"2.0","result":{}}`},
		{200, 0, `[]`},
		{200, 1, "event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":ID,\"result\":{\"content\":[]}}\n\n"},
		{200, 1, "data: {\"jsonrpc\":\"2.0\",\"id\":ID,\"res"},
		{500, 0, `{"jsonrpc":"2.0","id":ID,"error":{"code":-32603,"message":"boom"}}`},
		{503, 2, "down"},
		{404, 0, ""},
	} {
		f.Add(seed.status, seed.ctype, []byte(seed.body))
	}
	var current struct {
		sync.Mutex
		status int
		ctype  string
		body   []byte
	}
	srv := httptest.NewServer(fuzzServer(func() (int, string, []byte) {
		current.Lock()
		defer current.Unlock()
		return current.status, current.ctype, current.body
	}))
	f.Cleanup(srv.Close)
	ctx := ctxF(f)
	s, err := session.Dial(ctx, session.Options{Transport: session.StreamableHTTP, URL: srv.URL, Timeout: time.Second})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { _ = s.Close() })
	ctypes := []string{"application/json", "text/event-stream", "text/plain"}
	f.Fuzz(func(t *testing.T, status uint16, ctype uint8, body []byte) {
		current.Lock()
		current.status = 200 + int(status)%400
		current.ctype = ctypes[int(ctype)%len(ctypes)]
		current.body = body
		current.Unlock()
		res, err := s.CallTool(ctx, "t", map[string]any{"k": "v"})
		if err != nil {
			var e *session.Error
			if !errors.As(err, &e) || e.Type() == "" {
				t.Fatalf("error %v (%T) is not a classified *session.Error", err, err)
			}
			return
		}
		if _, err := res.Object(); err != nil {
			t.Fatalf("a successful call's result does not decode: %v (%q)", err, res.Raw)
		}
	})
}
