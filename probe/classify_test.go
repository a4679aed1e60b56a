package probe

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"syscall"
	"testing"
	"time"
)

func TestClassify(t *testing.T) {
	t.Parallel()
	wrap := func(err error) error { return &url.Error{Op: "Post", URL: "http://x", Err: err} }
	tests := []struct {
		name   string
		err    error
		phase  Phase
		ctxErr error
		want   Reason
	}{
		{"probe deadline passed", errors.New("anything"), PhaseCallTool, context.DeadlineExceeded, ReasonTimeout},
		{"deadline in the error", wrap(context.DeadlineExceeded), PhaseInitialize, nil, ReasonTimeout},
		{"expired certificate", wrap(fmt.Errorf("verify: %w", x509.CertificateInvalidError{Reason: x509.Expired})), PhaseTLS, nil, ReasonTLSExpired},
		{"unknown authority", wrap(x509.UnknownAuthorityError{}), PhaseTLS, nil, ReasonTLSUntrusted},
		{"wrong host name", wrap(x509.HostnameError{Host: "x"}), PhaseTLS, nil, ReasonTLSUntrusted},
		{"no such host", wrap(&net.DNSError{Err: "no such host", IsNotFound: true}), PhaseDNS, nil, ReasonDNS},
		{"DNS timeout", wrap(&net.DNSError{Err: "timeout", IsTimeout: true}), PhaseDNS, nil, ReasonTimeout},
		{"refused", wrap(&net.OpError{Op: "dial", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}), PhaseConnect, nil, ReasonRefused},
		{"reset mid-answer", wrap(syscall.ECONNRESET), PhaseCallTool, nil, ReasonRefused},
		{"stream cut", fmt.Errorf("read: %w", io.ErrUnexpectedEOF), PhaseListTools, nil, ReasonRefused},
		{"HTTP 401", &httpStatusError{Code: http.StatusUnauthorized}, PhaseInitialize, nil, ReasonHTTPStatus},
		{"JSON-RPC error", fmt.Errorf("HTTP status 400: %w", &rpcError{Code: -32602}), PhaseCallTool, nil, ReasonJSONRPCError},
		{"tool error", &toolError{Text: "boom"}, PhaseCallTool, nil, ReasonToolError},
		{"unexpected", unexpectedf("bad"), PhaseListTools, nil, ReasonUnexpectedResult},
		{"already classified", &Error{Phase: PhaseDNS, Reason: ReasonDNS}, PhaseInitialize, nil, ReasonDNS},
		{"unknown error while connecting", errors.New("?"), PhaseConnect, nil, ReasonRefused},
		{"unknown error in TLS", errors.New("?"), PhaseTLS, nil, ReasonTLSUntrusted},
		{"unknown error in a step", errors.New("?"), PhaseInitialize, nil, ReasonUnexpectedResult},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := classify(tt.err, tt.phase, tt.ctxErr); got != tt.want {
				t.Errorf("classify(%v) = %s, want %s", tt.err, got, tt.want)
			}
		})
	}
}

func TestProbeTimeout(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		header  string
		module  time.Duration
		want    time.Duration
		wantErr bool
	}{
		{"no header: module timeout", "", 10 * time.Second, 10 * time.Second, false},
		{"scrape timeout minus offset", "5", 10 * time.Second, 4500 * time.Millisecond, false},
		{"capped by the module timeout", "30", 10 * time.Second, 10 * time.Second, false},
		{"too short for the offset", "0.2", 10 * time.Second, 200 * time.Millisecond, false},
		{"not a number", "soon", 10 * time.Second, 0, true},
		{"negative", "-1", 10 * time.Second, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := http.Header{}
			if tt.header != "" {
				h.Set(scrapeTimeoutHeader, tt.header)
			}
			got, err := probeTimeout(h, tt.module, DefaultTimeoutOffset)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("probeTimeout(%q) = %v, %v; want %v (error %v)", tt.header, got, err, tt.want, tt.wantErr)
			}
		})
	}
}
