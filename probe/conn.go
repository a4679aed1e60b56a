package probe

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"

	"github.com/mcpchaos/mcpchaos/internal/traceparent"
)

// clientName is the clientInfo.name the probe announces.
const clientName = "mcpchaos-probe"

// session is one MCP conversation over some transport.
type session interface {
	// call sends a request and returns its result or why it failed.
	call(ctx context.Context, method string, params map[string]any) (json.RawMessage, error)
	// notify sends a notification.
	notify(ctx context.Context, method string, params map[string]any) error
	// close ends the session; best effort, never fails the probe.
	close(ctx context.Context)
}

// conn is what every transport shares for one probe: the HTTP client, the
// request decoration (auth, headers, User-Agent, traceparent, _meta) and
// the request ids.
type conn struct {
	client     *http.Client
	target     *url.URL
	mod        *module
	token      string
	userAgent  string
	version    string              // the probe's own version, for clientInfo
	trace      traceparent.Context // the probe's; each request is a child span
	tr         *tracker
	lastID     int64
	negotiated string // protocol version once known
}

// encode builds a JSON-RPC message (a request when withID) carrying the
// traceparent, and in the stateless core the per-request _meta.
func (c *conn) encode(method string, params map[string]any, withID bool) (body []byte, id int64, tp string, err error) {
	tp = c.nextTraceparent()
	if params == nil {
		params = map[string]any{}
	}
	meta := map[string]any{"traceparent": tp}
	if isModern(c.mod.ProtocolVersion) {
		meta["io.modelcontextprotocol/protocolVersion"] = c.mod.ProtocolVersion
		meta["io.modelcontextprotocol/clientInfo"] = c.clientInfo()
		meta["io.modelcontextprotocol/clientCapabilities"] = map[string]any{}
	}
	params["_meta"] = meta
	msg := rpcRequest{JSONRPC: "2.0", Method: method, Params: params}
	if withID {
		c.lastID++
		id = c.lastID
		msg.ID = &id
	}
	body, err = json.Marshal(msg)
	if err != nil {
		return nil, 0, "", fmt.Errorf("encode %s: %w", method, err)
	}
	return body, id, tp, nil
}

// nextTraceparent is the traceparent of the next request: a new span in
// the probe's trace, sampled so a ParentBased sampler on the server
// records it.
func (c *conn) nextTraceparent() string { return c.trace.Child().String() }

func (c *conn) clientInfo() map[string]any {
	return map[string]any{"name": clientName, "version": c.version}
}

// newRequest builds an HTTP request with the probe's headers: User-Agent,
// traceparent, the module's headers and bearer token, and the MCP headers.
func (c *conn) newRequest(ctx context.Context, httpMethod, u string, body []byte, traceparent string) (*http.Request, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, httpMethod, u, rd)
	if err != nil {
		return nil, fmt.Errorf("build %s request: %w", httpMethod, err)
	}
	for k, v := range c.mod.Headers {
		req.Header.Set(k, v.Reveal())
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	req.Header.Set("User-Agent", c.userAgent)
	if traceparent != "" {
		req.Header.Set("Traceparent", traceparent)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.negotiated != "" {
		req.Header.Set("Mcp-Protocol-Version", c.negotiated)
	}
	return req, nil
}

// do sends req; a non-2xx answer is an *httpStatusError and its body is
// closed.
func (c *conn) do(req *http.Request) (*http.Response, error) {
	resp, err := c.client.Do(req)
	if err != nil {
		return nil, err // a *url.Error: names the method and URL already
	}
	c.tr.logf("%s %s: HTTP %d %s", req.Method, req.URL.Redacted(), resp.StatusCode, resp.Header.Get("Content-Type"))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		defer resp.Body.Close()
		return nil, c.statusError(resp)
	}
	return resp, nil
}

// statusError explains a non-2xx answer. A JSON-RPC error body (the
// stateless core maps error codes onto HTTP statuses) is a JSON-RPC error;
// anything else is an HTTP status failure.
func (c *conn) statusError(resp *http.Response) error {
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if mediaType(resp) == "application/json" {
		if msg, err := parseMessage(body); err == nil && msg.Error != nil {
			_, rpcErr := msg.outcome()
			return fmt.Errorf("HTTP status %d: %w", resp.StatusCode, rpcErr)
		}
	}
	return &httpStatusError{Code: resp.StatusCode, Body: c.tr.redact.redact(snippet(bytes.TrimSpace(body)))}
}

// mediaType is the response's Content-Type without parameters.
func mediaType(resp *http.Response) string {
	mt, _, err := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if err != nil {
		return ""
	}
	return mt
}

// readResponse reads the answer to request id from a JSON body or an SSE
// stream, skipping the notifications and server requests before it.
func readResponse(resp *http.Response, id int64) (json.RawMessage, error) {
	switch mediaType(resp) {
	case "application/json":
		body, err := io.ReadAll(io.LimitReader(resp.Body, maxEventSize+1))
		if err != nil {
			return nil, fmt.Errorf("read response: %w", err)
		}
		if len(body) > maxEventSize {
			return nil, unexpectedf("response larger than %d bytes", maxEventSize)
		}
		return responseFrom(body, id)
	case "text/event-stream":
		events := newSSEReader(resp.Body)
		for {
			ev, err := events.next()
			if err != nil {
				return nil, fmt.Errorf("read SSE response: %w", err)
			}
			if ev.Event != "" && ev.Event != "message" {
				continue
			}
			result, err := responseFrom(ev.Data, id)
			if err == errNotOurs {
				continue
			}
			return result, err
		}
	default:
		return nil, unexpectedf("response Content-Type %q is neither application/json nor text/event-stream", resp.Header.Get("Content-Type"))
	}
}

// errNotOurs marks a message that does not answer the request waited for.
var errNotOurs = fmt.Errorf("%w: not the awaited response", errUnexpected)

// responseFrom parses data and returns the outcome if it answers id.
func responseFrom(data []byte, id int64) (json.RawMessage, error) {
	msg, err := parseMessage(data)
	if err != nil {
		return nil, err
	}
	if !msg.isResponseTo(id) {
		return nil, errNotOurs
	}
	return msg.outcome()
}
