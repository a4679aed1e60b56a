package probe

import (
	"errors"
	"fmt"
)

// ErrUnknownModule is returned for a module name the config does not define.
var ErrUnknownModule = errors.New("unknown probe module")

// ErrInvalidTarget is returned for a target that is not an http(s) URL.
var ErrInvalidTarget = errors.New("invalid probe target")

// errUnexpected marks an answer the module does not accept.
var errUnexpected = errors.New("unexpected result")

// httpStatusError is a non-2xx HTTP answer.
type httpStatusError struct {
	Code int
	Body string // first bytes, secrets scrubbed
}

func (e *httpStatusError) Error() string {
	if e.Body == "" {
		return fmt.Sprintf("HTTP status %d", e.Code)
	}
	return fmt.Sprintf("HTTP status %d: %s", e.Code, e.Body)
}

// rpcError is a JSON-RPC error object in a response.
type rpcError struct {
	Code    int
	Message string
}

func (e *rpcError) Error() string {
	return fmt.Sprintf("JSON-RPC error %d: %s", e.Code, e.Message)
}

// toolError is a tools/call result with isError: true.
type toolError struct {
	Text string
}

func (e *toolError) Error() string { return "tool returned isError: " + e.Text }

func unexpectedf(format string, args ...any) error {
	return fmt.Errorf("%w: %s", errUnexpected, fmt.Sprintf(format, args...))
}
