package modules

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httputil"
)

// DebugTransport is --http-debug for an HTTP module: it logs every
// request and response on logger at info level, as k6 prints them, with
// headers only (mode "headers") or bodies too ("full"). Mode "" returns
// next unchanged. Bodies are read into memory to be dumped, so "full" is
// for debugging, not for load.
func DebugTransport(next http.RoundTripper, mode string, logger *slog.Logger) http.RoundTripper {
	if mode == "" || logger == nil {
		return next
	}
	return &debugTransport{next: next, full: mode == "full", logger: logger}
}

type debugTransport struct {
	next   http.RoundTripper
	full   bool
	logger *slog.Logger
}

// RoundTrip implements http.RoundTripper.
func (d *debugTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	// DumpRequestOut sends the request through a fake connection: give
	// it a copy without the caller's context (its httptrace hooks would
	// see that connection) and with a copy of the body.
	dump := req.Clone(context.Background())
	if d.full && req.Body != nil && req.Body != http.NoBody {
		b, err := io.ReadAll(req.Body)
		_ = req.Body.Close()
		if err != nil {
			return nil, err
		}
		req.Body, dump.Body = io.NopCloser(bytes.NewReader(b)), io.NopCloser(bytes.NewReader(b))
	}
	if b, err := httputil.DumpRequestOut(dump, d.full); err == nil {
		d.logger.Info("Request:\n"+string(b), "source", "http-debug")
	}
	resp, err := d.next.RoundTrip(req)
	if err != nil {
		return resp, err
	}
	if b, err := httputil.DumpResponse(resp, d.full); err == nil {
		d.logger.Info("Response:\n"+string(b), "source", "http-debug")
	}
	return resp, nil
}
