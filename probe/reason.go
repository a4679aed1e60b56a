package probe

import "fmt"

// Phase names one step of a probe. The values are the `phase` label of
// probe_mcp_phase_duration_seconds and probe_mcp_failed_phase.
type Phase string

// The phases of one probe, in the order they run. dns, connect and tls are
// measured with net/http/httptrace on the first connection; initialize,
// list_tools and call_tool are the MCP round trips with the connection setup
// time taken out.
const (
	PhaseDNS        Phase = "dns"
	PhaseConnect    Phase = "connect"
	PhaseTLS        Phase = "tls"
	PhaseInitialize Phase = "initialize"
	PhaseListTools  Phase = "list_tools"
	PhaseCallTool   Phase = "call_tool"
)

// Phases returns every phase in probe order.
func Phases() []Phase {
	return []Phase{PhaseDNS, PhaseConnect, PhaseTLS, PhaseInitialize, PhaseListTools, PhaseCallTool}
}

// Reason is why a phase failed: the `reason` label of probe_mcp_failed_phase.
// The set is small and fixed so that alert rules can match on it.
type Reason string

// Failure reasons.
const (
	// ReasonDNS: the target's host name did not resolve.
	ReasonDNS Reason = "dns"
	// ReasonRefused: the connection was refused, reset or closed by the peer
	// (nothing listening, process killed, OOM-killed, restarting).
	ReasonRefused Reason = "refused"
	// ReasonTimeout: the probe deadline passed (module timeout or Prometheus
	// scrape timeout) while the phase was in progress.
	ReasonTimeout Reason = "timeout"
	// ReasonTLSExpired: a certificate of the server's chain is expired or not
	// yet valid.
	ReasonTLSExpired Reason = "tls_expired"
	// ReasonTLSUntrusted: any other TLS failure: unknown authority, wrong
	// host name, handshake error.
	ReasonTLSUntrusted Reason = "tls_untrusted"
	// ReasonHTTPStatus: the server answered with a non-2xx HTTP status
	// (401 for a wrong bearer token, 404 for a lost session, 5xx).
	ReasonHTTPStatus Reason = "http_status"
	// ReasonJSONRPCError: the server answered with a JSON-RPC error object.
	ReasonJSONRPCError Reason = "jsonrpc_error"
	// ReasonToolError: the canary tools/call result had isError: true.
	ReasonToolError Reason = "tool_error"
	// ReasonUnexpectedResult: the answer was well-formed transport-wise but
	// not what the module expects: bad JSON, wrong content type, unsupported
	// protocol version, a missing tool, a result not matching expect_result.
	ReasonUnexpectedResult Reason = "unexpected_result"
)

// Reasons returns every failure reason.
func Reasons() []Reason {
	return []Reason{
		ReasonDNS, ReasonRefused, ReasonTimeout, ReasonTLSExpired, ReasonTLSUntrusted,
		ReasonHTTPStatus, ReasonJSONRPCError, ReasonToolError, ReasonUnexpectedResult,
	}
}

// Error is a failed probe: the phase that failed, why, and the underlying
// error. Use errors.As to get it from Result.Err.
type Error struct {
	Phase  Phase
	Reason Reason
	Err    error
}

func (e *Error) Error() string {
	return fmt.Sprintf("phase %s failed (%s): %v", e.Phase, e.Reason, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }
