package supervisor

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/mcpchaos/mcpchaos/internal/loopback"
	"github.com/mcpchaos/mcpchaos/stack/control"
)

// requestTimeout bounds one OpHTTP request.
const requestTimeout = 15 * time.Second

// sendRequest performs an OpHTTP request: to a loopback address, or over
// a unix socket. Anything else is refused: the supervisor only undoes
// what a fault did on this machine.
func sendRequest(ctx context.Context, r *control.Request) error {
	if r == nil || r.Method == "" || r.URL == "" {
		return fmt.Errorf("http action needs request.method and request.url: %w", control.ErrBadRequest)
	}
	u, err := url.Parse(r.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return fmt.Errorf("http action url %q: give an http:// URL: %w", r.URL, control.ErrBadRequest)
	}
	tr := &http.Transport{DisableKeepAlives: true}
	if r.Socket != "" {
		tr.DialContext = func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "unix", r.Socket)
		}
	} else if !loopback.Host(u.Hostname()) {
		return fmt.Errorf("http action url %q: only loopback addresses or a unix socket: %w", r.URL, control.ErrBadRequest)
	}
	ctx, cancel := context.WithTimeout(ctx, requestTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, r.Method, r.URL, strings.NewReader(r.Body))
	if err != nil {
		return fmt.Errorf("http action: %v: %w", err, control.ErrBadRequest)
	}
	if r.Body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		return fmt.Errorf("%s %s: %w", r.Method, r.URL, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if resp.StatusCode/100 == 2 || slices.Contains(r.OKStatus, resp.StatusCode) {
		return nil
	}
	return fmt.Errorf("%s %s: HTTP %d: %s", r.Method, r.URL, resp.StatusCode, strings.TrimSpace(string(body)))
}
