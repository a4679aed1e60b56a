package control

import (
	"errors"
	"fmt"
	"net/http"
)

// Sentinels for the failures the supervisor answers with; clients compare
// with errors.Is. Each has its own ErrorType and HTTP status (kinds).
var (
	ErrUnauthorized     = errors.New("missing or wrong bearer token: use the token file the stack directory holds (mcpchaos.yaml faults.supervisor.token_file)")
	ErrForbidden        = errors.New("the supervisor only answers loopback clients")
	ErrUnknownComponent = errors.New("unknown component")
	ErrUnknownLease     = errors.New("unknown lease")
	ErrLeaseExists      = errors.New("lease id already active")
	ErrBadRequest       = errors.New("bad request")
	ErrUnavailable      = errors.New("unavailable")
	ErrShuttingDown     = errors.New("the supervisor is shutting down")
)

// ErrorType names which failure an Error is. The server writes it in the
// body as "errorType", so failures that share an HTTP status (an unknown
// lease and an unknown component are both 404) stay apart.
type ErrorType string

// Error types, one per sentinel, plus ErrorInternal for anything else.
const (
	ErrorUnauthorized     ErrorType = "unauthorized"
	ErrorForbidden        ErrorType = "forbidden"
	ErrorUnknownComponent ErrorType = "unknown_component"
	ErrorUnknownLease     ErrorType = "unknown_lease"
	ErrorLeaseExists      ErrorType = "lease_exists"
	ErrorBadRequest       ErrorType = "bad_request"
	ErrorUnavailable      ErrorType = "unavailable"
	ErrorShuttingDown     ErrorType = "shutting_down"
	ErrorInternal         ErrorType = "internal"
)

// kind ties a sentinel to its type and status.
type kind struct {
	sentinel error
	typ      ErrorType
	status   int
}

// kinds lists every sentinel; ErrorInternal has none.
func kinds() []kind {
	return []kind{
		{ErrUnauthorized, ErrorUnauthorized, http.StatusUnauthorized},
		{ErrForbidden, ErrorForbidden, http.StatusForbidden},
		{ErrUnknownComponent, ErrorUnknownComponent, http.StatusNotFound},
		{ErrUnknownLease, ErrorUnknownLease, http.StatusNotFound},
		{ErrLeaseExists, ErrorLeaseExists, http.StatusConflict},
		{ErrBadRequest, ErrorBadRequest, http.StatusBadRequest},
		{ErrUnavailable, ErrorUnavailable, http.StatusServiceUnavailable},
		{ErrShuttingDown, ErrorShuttingDown, http.StatusServiceUnavailable},
	}
}

// Status is the HTTP status the server answers a failure of type t with.
func (t ErrorType) Status() int {
	for _, k := range kinds() {
		if k.typ == t {
			return k.status
		}
	}
	return http.StatusInternalServerError
}

// Error is a failure the supervisor answered with.
type Error struct {
	// StatusCode is the HTTP status.
	StatusCode int `json:"-"`
	// Type is which failure this is; empty when the answer had none (it
	// came from something other than the supervisor, e.g. a proxy).
	Type ErrorType `json:"errorType,omitempty"`
	// Message says what went wrong and what to do.
	Message string `json:"error"`
}

func (e *Error) Error() string {
	if e.Type == "" {
		return fmt.Sprintf("supervisor: %s (HTTP %d)", e.Message, e.StatusCode)
	}
	return fmt.Sprintf("supervisor: %s (HTTP %d, %s)", e.Message, e.StatusCode, e.Type)
}

// Is lets errors.Is match a server Error against its sentinel: by Type, or
// by HTTP status when the answer had no type (then a 404 matches both
// ErrUnknownComponent and ErrUnknownLease).
func (e *Error) Is(target error) bool {
	for _, k := range kinds() {
		if k.sentinel != target {
			continue
		}
		if e.Type == "" {
			return e.StatusCode == k.status
		}
		return e.Type == k.typ
	}
	return false
}

// TypeOf is the type of the first sentinel err wraps, or ErrorInternal.
func TypeOf(err error) ErrorType {
	for _, k := range kinds() {
		if errors.Is(err, k.sentinel) {
			return k.typ
		}
	}
	return ErrorInternal
}

// StatusOf is the HTTP status a server answers err with.
func StatusOf(err error) int { return TypeOf(err).Status() }

// ErrorFor is the answer a server gives for err: its type, that type's
// status and err's text as the message.
func ErrorFor(err error) *Error {
	t := TypeOf(err)
	return &Error{StatusCode: t.Status(), Type: t, Message: err.Error()}
}
