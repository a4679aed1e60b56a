package probe

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
)

// Peer-supplied bytes never panic the parsers; they parse or fail with an
// unexpected_result error.
func FuzzParseMessage(f *testing.F) {
	for _, seed := range []string{
		`{"jsonrpc":"2.0","id":1,"result":{"tools":[]}}`,
		`{"jsonrpc":"2.0","id":"1","error":{"code":-32602,"message":"bad"}}`,
		`{"jsonrpc":"2.0","method":"notifications/message","params":{}}`,
		`[{"jsonrpc":"2.0","id":1,"result":{}}]`,
		`{"jsonrpc":"1.0"}`, `null`, ``, `{"id":1e400}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		msg, err := parseMessage(data)
		if err != nil {
			if !errors.Is(err, errUnexpected) {
				t.Fatalf("parse error is not an unexpected result: %v", err)
			}
			return
		}
		_ = msg.isResponseTo(1)
		_, _ = msg.outcome()
	})
}

func FuzzSSEReader(f *testing.F) {
	for _, seed := range []string{
		"event: endpoint\ndata: /message?sessionId=1\r\n\r\n",
		"data: {\"a\":1}\n\n: comment\ndata:x\ndata:y\n\n",
		"\r\r\rdata\rdata: z\r\r",
		"event: message\n", "data: unterminated",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r := newSSEReader(bytes.NewReader(data))
		for range 1000 {
			ev, err := r.next()
			if err != nil {
				return
			}
			if len(ev.Data) > maxEventSize {
				t.Fatalf("event of %d bytes passed the limit", len(ev.Data))
			}
		}
	})
}

// readResponse takes JSON or SSE bodies of any shape.
func FuzzReadResponse(f *testing.F) {
	f.Add("application/json", []byte(`{"jsonrpc":"2.0","id":1,"result":{}}`))
	f.Add("text/event-stream", []byte("data: {\"jsonrpc\":\"2.0\",\"method\":\"x\"}\n\ndata: {\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}\n\n"))
	f.Add("text/html", []byte("<html>"))
	f.Fuzz(func(t *testing.T, contentType string, body []byte) {
		resp := &http.Response{
			Header: http.Header{"Content-Type": {contentType}},
			Body:   io.NopCloser(bytes.NewReader(body)),
		}
		_, _ = readResponse(resp, 1)
	})
}

func TestSSEReader(t *testing.T) {
	t.Parallel()
	in := "event: endpoint\ndata: /m?s=1\r\n\r\n: ping\n\ndata: a\ndata: b\r\rdata:c\n\n"
	r := newSSEReader(strings.NewReader(in))
	want := []sseEvent{{Event: "endpoint", Data: []byte("/m?s=1")}, {Data: []byte("a\nb")}, {Data: []byte("c")}}
	for i, w := range want {
		got, err := r.next()
		if err != nil || got.Event != w.Event || !bytes.Equal(got.Data, w.Data) {
			t.Fatalf("event %d: %+v, %v; want %+v", i, got, err, w)
		}
	}
	if _, err := r.next(); !errors.Is(err, io.EOF) {
		t.Fatalf("want EOF, got %v", err)
	}
}
