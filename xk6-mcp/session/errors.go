package session

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/mark3labs/mcp-go/client/transport"
)

// Kind says what went wrong with a call, for errors.As and metric tags.
type Kind int

// The kinds of call failure. A tool result with isError: true is not an
// error: it is a Result with IsError set.
const (
	// KindTransport: the connection failed (refused, reset, closed, DNS,
	// TLS handshake, process exited).
	KindTransport Kind = iota + 1
	// KindTimeout: no answer within the call's timeout.
	KindTimeout
	// KindHTTPStatus: the server answered with an HTTP status other than
	// 200 or 202 and no JSON-RPC error in the body.
	KindHTTPStatus
	// KindJSONRPC: the server answered with a JSON-RPC error object.
	KindJSONRPC
	// KindMalformed: the answer could not be read as a JSON-RPC response
	// (bad JSON, wrong content type, a result that is not an object).
	KindMalformed
	// KindSessionLost: the server no longer knows the session and it
	// could not be re-established (or reconnecting is off).
	KindSessionLost
	// KindCanceled: the caller's context ended (the VU is stopping).
	KindCanceled
)

var kindNames = [...]string{
	KindTransport:   "transport",
	KindTimeout:     "timeout",
	KindHTTPStatus:  "http_status",
	KindJSONRPC:     "jsonrpc",
	KindMalformed:   "malformed",
	KindSessionLost: "session_lost",
	KindCanceled:    "canceled",
}

// String is the kind's lower-case name.
func (k Kind) String() string {
	if k < KindTransport || k > KindCanceled {
		return fmt.Sprintf("Kind(%d)", int(k))
	}
	return kindNames[k]
}

// hint tells the reader what to do about a failure of this kind.
func (k Kind) hint() string {
	switch k {
	case KindTransport:
		return "check that the server is running and reachable at that address"
	case KindTimeout:
		return "raise the timeout option or find out why the server is slow"
	case KindHTTPStatus:
		return "check the URL path, the auth headers and the server's logs"
	case KindJSONRPC:
		return "the server rejected the request; check the method's name and arguments"
	case KindMalformed:
		return "the server did not answer with valid MCP JSON-RPC; check that the URL points at an MCP endpoint"
	case KindSessionLost:
		return "the server forgot the session; enable reconnect or check why the server drops sessions"
	case KindCanceled:
		return "the test is stopping"
	default:
		return ""
	}
}

// Error is a failed MCP call or connection attempt.
type Error struct {
	Kind Kind
	// Op is the operation; zero when connecting.
	Op Op
	// Target is the tool or prompt name or resource URI, if any.
	Target string
	// Server is the URL, or the command for stdio.
	Server string
	// Status is the HTTP status, when there was one that was not 2xx.
	Status int
	// Code and Message are the JSON-RPC error's, for KindJSONRPC.
	Code    int
	Message string
	// Timeout is the deadline that passed, for KindTimeout.
	Timeout time.Duration
	// Err is the underlying error.
	Err error
}

// Type is the error_type metric tag: transport, timeout, http_<status>,
// jsonrpc_<code>, malformed, session_lost or canceled.
func (e *Error) Type() string {
	switch e.Kind {
	case KindHTTPStatus:
		return "http_" + strconv.Itoa(e.Status)
	case KindJSONRPC:
		return "jsonrpc_" + strconv.Itoa(e.Code)
	default:
		return e.Kind.String()
	}
}

// Error names the call, the server, what happened and what to do.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("mcp ")
	if e.Op == 0 {
		b.WriteString("connect")
	} else {
		b.WriteString(e.Op.Method())
	}
	if e.Target != "" {
		b.WriteString(" " + strconv.Quote(e.Target))
	}
	if e.Server != "" {
		b.WriteString(" on " + e.Server)
	}
	b.WriteString(": ")
	switch e.Kind {
	case KindJSONRPC:
		fmt.Fprintf(&b, "JSON-RPC error %d: %s", e.Code, e.Message)
		if e.Status != 0 {
			fmt.Fprintf(&b, " (HTTP %d)", e.Status)
		}
	case KindHTTPStatus:
		fmt.Fprintf(&b, "HTTP %d %s", e.Status, http.StatusText(e.Status))
		if e.Err != nil {
			b.WriteString(": " + e.Err.Error())
		}
	case KindTimeout:
		if e.Timeout > 0 {
			fmt.Fprintf(&b, "timed out after %s", e.Timeout)
		} else {
			b.WriteString("timed out")
		}
		if e.Err != nil {
			b.WriteString(": " + e.Err.Error())
		}
	default:
		b.WriteString(e.Kind.String())
		if e.Err != nil {
			b.WriteString(": " + e.Err.Error())
		}
	}
	if h := e.Kind.hint(); h != "" {
		b.WriteString("; " + h)
	}
	return b.String()
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// errMalformed marks a response that is not valid MCP JSON-RPC.
var errMalformed = errors.New("malformed response")

// classify turns what a call produced into an *Error. parent is the
// caller's context (before the per-call timeout was added).
func classify(parent context.Context, err error, ex *exchange, timeout time.Duration) *Error {
	e := &Error{Err: err, Status: ex.badStatus()}
	_, rpcErr, _ := ex.outcome()
	var netErr net.Error
	switch {
	case rpcErr != nil:
		e.Kind, e.Code, e.Message, e.Err = KindJSONRPC, rpcErr.Code, rpcErr.Message, nil
	case parent.Err() != nil:
		e.Kind = KindCanceled
	case errors.Is(err, context.DeadlineExceeded),
		errors.As(err, &netErr) && netErr.Timeout(),
		strings.Contains(err.Error(), "timeout waiting for SSE response"):
		e.Kind, e.Timeout = KindTimeout, timeout
	case errors.Is(err, transport.ErrSessionTerminated):
		e.Kind = KindSessionLost
	case e.Status != 0:
		e.Kind = KindHTTPStatus
	case isMalformed(err):
		e.Kind = KindMalformed
	default:
		e.Kind = KindTransport
	}
	return e
}

// isMalformed recognizes decoding failures. mcp-go reports some of them
// only as text, so its messages are matched too.
func isMalformed(err error) bool {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	if errors.Is(err, errMalformed) || errors.As(err, &syn) || errors.As(err, &typ) {
		return true
	}
	msg := err.Error()
	for _, s := range []string{
		"failed to decode response", "unexpected content type",
		"response should contain RPC id", "failed to unmarshal", "unexpected end of JSON input",
	} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}
