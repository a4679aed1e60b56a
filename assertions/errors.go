package assertions

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"syscall"
)

// Sentinels for errors.Is.
var (
	// ErrNoBackend: the expectation needs a backend mcpchaos.yaml does
	// not configure (backends.<name>.url).
	ErrNoBackend = errors.New("backend not configured")
	// ErrBadExpectation: the expectation itself is invalid (no alert
	// name, a negative deadline, an unknown operator); nothing was asked.
	ErrBadExpectation = errors.New("invalid expectation")
)

// ErrorType classifies an APIError.
type ErrorType string

const (
	// ErrUnreachable: the backend did not answer (refused, timed out,
	// DNS). Retrying may help.
	ErrUnreachable ErrorType = "unreachable"
	// ErrServer: the backend answered 5xx. Retrying may help.
	ErrServer ErrorType = "server"
	// ErrRejected: the backend refused the request (4xx: a query that
	// does not parse, a bad parameter). Retrying cannot help.
	ErrRejected ErrorType = "rejected"
	// ErrBadResponse: the answer could not be decoded.
	ErrBadResponse ErrorType = "bad_response"
)

// APIError is a backend call that failed. Every backend returns it, for
// errors.As; an expectation that meets one reports Error ("could not
// evaluate").
type APIError struct {
	// Backend names the system ("prometheus", "victorialogs", ...).
	Backend string
	Type    ErrorType
	// URL is the request's URL without credentials.
	URL string
	// Status is the HTTP status (0 when there was no answer).
	Status int
	// Msg is the backend's own error text, or the transport's.
	Msg string
	Err error
}

func (e *APIError) Error() string {
	switch e.Type {
	case ErrUnreachable:
		return fmt.Sprintf("%s unreachable at %s: %s (is it running? check backends.%s.url in mcpchaos.yaml)", e.Backend, e.URL, e.Msg, e.Backend)
	case ErrRejected:
		return fmt.Sprintf("%s rejected the request (HTTP %d) %s: %s", e.Backend, e.Status, e.URL, e.Msg)
	case ErrBadResponse:
		return fmt.Sprintf("%s gave an answer that could not be read, %s: %s", e.Backend, e.URL, e.Msg)
	}
	return fmt.Sprintf("%s failed (HTTP %d) %s: %s", e.Backend, e.Status, e.URL, e.Msg)
}

func (e *APIError) Unwrap() error { return e.Err }

// Retryable reports whether asking again may succeed: the backend was
// unreachable or failed, rather than refused the request.
func (e *APIError) Retryable() bool { return e.Type == ErrUnreachable || e.Type == ErrServer }

// retryable reports whether err is worth polling through.
func retryable(err error) bool {
	var ae *APIError
	if errors.As(err, &ae) {
		return ae.Retryable()
	}
	return !errors.Is(err, ErrBadExpectation) && !errors.Is(err, ErrNoBackend)
}

// transportError classifies a request that got no HTTP answer.
func transportError(backend, u string, err error) *APIError {
	msg := err.Error()
	var ne net.Error
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		msg = "connection refused"
	case errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()):
		msg = "timed out"
	}
	return &APIError{Backend: backend, Type: ErrUnreachable, URL: u, Msg: msg, Err: err}
}

// statusError classifies a non-2xx answer.
func statusError(backend, u string, status int, msg string) *APIError {
	t := ErrServer
	if status >= 400 && status < 500 && status != http.StatusTooManyRequests {
		t = ErrRejected
	}
	return &APIError{Backend: backend, Type: t, URL: u, Status: status, Msg: msg}
}
