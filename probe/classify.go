package probe

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"syscall"
)

// classify maps a probe error to its reason. probeCtxErr is the probe
// context's error: once the deadline passed, whatever broke is a timeout.
func classify(err error, phase Phase, probeCtxErr error) Reason {
	var (
		pe      *Error
		status  *httpStatusError
		rpc     *rpcError
		tool    *toolError
		invalid x509.CertificateInvalidError
		dnsErr  *net.DNSError
		netErr  net.Error
	)
	switch {
	case errors.As(err, &pe):
		return pe.Reason
	case probeCtxErr != nil, errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		return ReasonTimeout
	case errors.As(err, &invalid) && invalid.Reason == x509.Expired:
		return ReasonTLSExpired
	case isTLSError(err):
		return ReasonTLSUntrusted
	case errors.As(err, &dnsErr):
		if dnsErr.IsTimeout {
			return ReasonTimeout
		}
		return ReasonDNS
	case errors.As(err, &status):
		return ReasonHTTPStatus
	case errors.As(err, &rpc):
		return ReasonJSONRPCError
	case errors.As(err, &tool):
		return ReasonToolError
	case errors.Is(err, errUnexpected):
		return ReasonUnexpectedResult
	case errors.As(err, &netErr) && netErr.Timeout():
		return ReasonTimeout
	case isConnectionLost(err):
		return ReasonRefused
	}
	return reasonForPhase(phase)
}

func isTLSError(err error) bool {
	var (
		unknown  x509.UnknownAuthorityError
		hostname x509.HostnameError
		invalid  x509.CertificateInvalidError
		verify   *tls.CertificateVerificationError
		record   tls.RecordHeaderError
		alert    tls.AlertError
	)
	return errors.As(err, &unknown) || errors.As(err, &hostname) || errors.As(err, &invalid) ||
		errors.As(err, &verify) || errors.As(err, &record) || errors.As(err, &alert)
}

// isConnectionLost: nothing listening, or the peer went away mid-answer.
func isConnectionLost(err error) bool {
	return errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, syscall.EPIPE) || errors.Is(err, syscall.ECONNABORTED) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
}

// reasonForPhase is the fallback for an error of no known kind.
func reasonForPhase(phase Phase) Reason {
	switch phase {
	case PhaseDNS:
		return ReasonDNS
	case PhaseConnect:
		return ReasonRefused
	case PhaseTLS:
		return ReasonTLSUntrusted
	}
	return ReasonUnexpectedResult
}
