package session

import (
	"context"
	"encoding/json"
	"sync"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/mcpchaos/mcpchaos/internal/traceparent"
)

// exchange is what one wire request left behind: the trace context it
// carried, the HTTP status and JSON-RPC outcome of its answer. It travels
// in the request's context so the HTTP round tripper, the header hook and
// the transport tap can fill it in.
type exchange struct {
	// Context is the request's context when the exchange is itself the
	// context of a call (bind), saving a context.WithValue per call.
	context.Context

	tc          traceparent.Context
	traceparent string
	header      map[string]string

	mu        sync.Mutex
	status    int
	requestID string
	rpcErr    *mcp.JSONRPCErrorDetails
	result    json.RawMessage
}

type exchangeKey struct{}

// newExchange starts an exchange; withHeader puts the traceparent in the
// request's HTTP header.
func newExchange(tc traceparent.Context, withHeader bool) *exchange {
	tp := tc.String()
	ex := &exchange{tc: tc, traceparent: tp}
	if withHeader {
		ex.header = map[string]string{"traceparent": tp}
	}
	return ex
}

// traceID and spanID slice the IDs out of the traceparent, without
// encoding them again.
func (ex *exchange) traceID() string { return ex.traceparent[3:35] }
func (ex *exchange) spanID() string  { return ex.traceparent[36:52] }

func withExchange(ctx context.Context, ex *exchange) context.Context {
	return context.WithValue(ctx, exchangeKey{}, ex)
}

// bind makes the exchange the context of its request, derived from ctx.
func (ex *exchange) bind(ctx context.Context) context.Context {
	ex.Context = ctx
	return ex
}

// Value answers the exchange key itself and delegates the rest.
func (ex *exchange) Value(key any) any {
	if key == (exchangeKey{}) {
		return ex
	}
	if ex.Context == nil {
		return nil
	}
	return ex.Context.Value(key)
}

func exchangeFrom(ctx context.Context) *exchange {
	ex, _ := ctx.Value(exchangeKey{}).(*exchange)
	return ex
}

// headerFor is the transports' per-request header hook: it adds the
// traceparent of the exchange the request belongs to.
func headerFor(ctx context.Context) map[string]string {
	if ex := exchangeFrom(ctx); ex != nil {
		return ex.header
	}
	return nil
}

func (ex *exchange) setStatus(code int) {
	ex.mu.Lock()
	ex.status = code
	ex.mu.Unlock()
}

// setResponse records the JSON-RPC answer to one request.
func (ex *exchange) setResponse(id string, rpcErr *mcp.JSONRPCErrorDetails, result json.RawMessage) {
	ex.mu.Lock()
	ex.requestID, ex.rpcErr, ex.result = id, rpcErr, result
	ex.mu.Unlock()
}

// badStatus returns the last HTTP status if it was not a success.
func (ex *exchange) badStatus() int {
	ex.mu.Lock()
	defer ex.mu.Unlock()
	if ex.status == 0 || ex.status == 200 || ex.status == 202 {
		return 0
	}
	return ex.status
}

func (ex *exchange) outcome() (id string, rpcErr *mcp.JSONRPCErrorDetails, result json.RawMessage) {
	ex.mu.Lock()
	defer ex.mu.Unlock()
	return ex.requestID, ex.rpcErr, ex.result
}
