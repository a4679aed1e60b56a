package control

import (
	"errors"
	"fmt"
	"net/http"
)

// Error is a failure the supervisor answered with.
type Error struct {
	// StatusCode is the HTTP status.
	StatusCode int `json:"-"`
	// Message says what went wrong and what to do.
	Message string `json:"error"`
}

func (e *Error) Error() string {
	return fmt.Sprintf("supervisor: %s (HTTP %d)", e.Message, e.StatusCode)
}

// Sentinels the server maps to HTTP statuses; clients compare with errors.Is.
var (
	ErrUnauthorized     = errors.New("missing or wrong bearer token: use the token file the stack directory holds (mcpchaos.yaml faults.supervisor.token_file)")
	ErrUnknownComponent = errors.New("unknown component")
	ErrUnknownLease     = errors.New("unknown lease")
	ErrLeaseExists      = errors.New("lease id already active")
	ErrBadRequest       = errors.New("bad request")
	ErrUnavailable      = errors.New("unavailable")
	ErrShuttingDown     = errors.New("the supervisor is shutting down")
)

// Is lets errors.Is match a server Error against the sentinel its status
// stands for.
func (e *Error) Is(target error) bool {
	switch target {
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized
	case ErrUnknownComponent, ErrUnknownLease:
		return e.StatusCode == http.StatusNotFound
	case ErrLeaseExists:
		return e.StatusCode == http.StatusConflict
	case ErrBadRequest:
		return e.StatusCode == http.StatusBadRequest
	case ErrUnavailable, ErrShuttingDown:
		return e.StatusCode == http.StatusServiceUnavailable
	}
	return false
}

// StatusOf is the HTTP status a server answers err with.
func StatusOf(err error) int {
	switch {
	case errors.Is(err, ErrUnauthorized):
		return http.StatusUnauthorized
	case errors.Is(err, ErrUnknownComponent), errors.Is(err, ErrUnknownLease):
		return http.StatusNotFound
	case errors.Is(err, ErrLeaseExists):
		return http.StatusConflict
	case errors.Is(err, ErrBadRequest):
		return http.StatusBadRequest
	case errors.Is(err, ErrUnavailable), errors.Is(err, ErrShuttingDown):
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}
