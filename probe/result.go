package probe

import (
	"errors"
	"time"
)

// Result is the outcome of one probe.
type Result struct {
	Target string
	Module string
	// Success is true when every step passed.
	Success bool
	// Duration of the whole probe.
	Duration time.Duration
	// Phases holds the time spent in each phase reached.
	Phases map[Phase]time.Duration
	// Err is nil on success; a probe failure is an *Error (errors.As);
	// ErrUnknownModule and ErrInvalidTarget mark bad input, and a bearer
	// token that cannot be read is a plain error.
	Err error
	// ProtocolVersion is the negotiated MCP revision ("" if not reached).
	ProtocolVersion string
	// ToolsListed reports whether tools/list succeeded; ToolsCount is the
	// number of tools it returned, over all pages.
	ToolsListed bool
	ToolsCount  int
	// CertExpiry is the earliest NotAfter of the certificates the server
	// presented (zero without TLS), recorded even when verification failed.
	CertExpiry time.Time
	// TraceID is the W3C trace id all of the probe's requests carried.
	TraceID string
	// Events is the probe's debug log.
	Events []Event
}

// Event is one line of a probe's debug log.
type Event struct {
	At      time.Duration // since the probe started
	Phase   Phase
	Message string
}

// Failure returns the failed phase and reason, if the probe failed in one.
func (r Result) Failure() (*Error, bool) {
	var pe *Error
	if errors.As(r.Err, &pe) {
		return pe, true
	}
	return nil, false
}
