package session

import (
	"bytes"
	"context"
	"fmt"

	"github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"
)

// tap sits between the mcp-go client and its transport. It records each
// answer's JSON-RPC error (with its code, which mcp-go's error values may
// drop) and raw result in the request's exchange, and rejects results that
// are not JSON objects as malformed before mcp-go decodes them.
type tap struct {
	inner transport.Interface
}

var (
	_ transport.BidirectionalInterface = (*tap)(nil)
	_ transport.HTTPConnection         = (*httpTap)(nil)
)

func (t *tap) Start(ctx context.Context) error { return t.inner.Start(ctx) }

func (t *tap) SendRequest(ctx context.Context, req transport.JSONRPCRequest) (*transport.JSONRPCResponse, error) {
	resp, err := t.inner.SendRequest(ctx, req)
	ex := exchangeFrom(ctx)
	if ex != nil {
		if resp != nil {
			ex.setResponse(req.ID.String(), resp.Error, resp.Result)
		} else {
			ex.setResponse(req.ID.String(), nil, nil)
		}
	}
	if err == nil && resp == nil {
		return nil, fmt.Errorf("%w: no response to %s", errMalformed, req.Method)
	}
	if err == nil && resp.Error == nil && !isObject(resp.Result) {
		return nil, fmt.Errorf("%w: the result of %s is not a JSON object: %.200q", errMalformed, req.Method, resp.Result)
	}
	return resp, err
}

func (t *tap) SendNotification(ctx context.Context, n mcp.JSONRPCNotification) error {
	return t.inner.SendNotification(ctx, n)
}

func (t *tap) SetNotificationHandler(h func(mcp.JSONRPCNotification)) {
	t.inner.SetNotificationHandler(h)
}

func (t *tap) SetRequestHandler(h transport.RequestHandler) {
	if b, ok := t.inner.(transport.BidirectionalInterface); ok {
		b.SetRequestHandler(h)
	}
}

func (t *tap) Close() error { return t.inner.Close() }

func (t *tap) GetSessionId() string { return t.inner.GetSessionId() }

// httpTap is the tap of the HTTP transports, which mcp-go finds by type
// assertion to send the protocol version header and to pick the protocol
// era.
type httpTap struct {
	tap
}

func (t *httpTap) SetProtocolVersion(v string) {
	if h, ok := t.inner.(transport.HTTPConnection); ok {
		h.SetProtocolVersion(v)
	}
}

// RequiresLegacyProtocol forwards the Streamable HTTP transport's answer.
func (t *httpTap) RequiresLegacyProtocol() bool {
	l, ok := t.inner.(interface{ RequiresLegacyProtocol() bool })
	return ok && l.RequiresLegacyProtocol()
}

// SetConnectionLostHandler forwards to the SSE transport.
func (t *httpTap) SetConnectionLostHandler(h func(error)) {
	if s, ok := t.inner.(interface{ SetConnectionLostHandler(func(error)) }); ok {
		s.SetConnectionLostHandler(h)
	}
}

// isObject reports whether raw looks like a JSON object; mcp-go's decoder
// checks the rest.
func isObject(raw []byte) bool {
	raw = bytes.TrimSpace(raw)
	return len(raw) >= 2 && raw[0] == '{' && raw[len(raw)-1] == '}'
}
