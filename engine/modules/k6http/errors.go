package k6http

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"syscall"
)

// k6's error codes for the failures this client tells apart
// (https://grafana.com/docs/k6/latest/javascript-api/error-codes/);
// HTTP 4xx and 5xx statuses get 1000+status.
const (
	codeGeneric          = 1000
	codeCanceled         = 1001 // not k6's: the VU stopped mid-request; never reported
	codeInvalidURL       = 1020
	codeTimeout          = 1050
	codeDNS              = 1100
	codeNoIP             = 1101
	codeTCP              = 1200
	codeBrokenPipe       = 1201
	codeDialTimeout      = 1211
	codeRefused          = 1212
	codeReset            = 1220
	codeTLS              = 1300
	codeUnknownAuthority = 1310
	codeHostnameMismatch = 1311
)

// errorCode classifies a request error.
func errorCode(ctx context.Context, err error) int {
	var (
		dnsErr   *net.DNSError
		opErr    *net.OpError
		uaErr    x509.UnknownAuthorityError
		hostErr  x509.HostnameError
		certErr  *tls.CertificateVerificationError
		recErr   tls.RecordHeaderError
		alertErr tls.AlertError
	)
	switch {
	case errors.Is(err, errTooManyRedirects):
		return codeGeneric
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded):
		return codeTimeout
	case errors.Is(err, context.Canceled) || ctx.Err() != nil:
		return codeCanceled
	case errors.As(err, &dnsErr):
		if dnsErr.IsNotFound {
			return codeNoIP
		}
		return codeDNS
	case errors.As(err, &hostErr):
		return codeHostnameMismatch
	case errors.As(err, &uaErr):
		return codeUnknownAuthority
	case errors.As(err, &certErr), errors.As(err, &recErr), errors.As(err, &alertErr):
		return codeTLS
	case errors.Is(err, syscall.ECONNREFUSED):
		return codeRefused
	case errors.Is(err, syscall.ECONNRESET):
		return codeReset
	case errors.Is(err, syscall.EPIPE):
		return codeBrokenPipe
	case errors.As(err, &opErr):
		if opErr.Op == "dial" && opErr.Timeout() {
			return codeDialTimeout
		}
		return codeTCP
	}
	return codeGeneric
}
