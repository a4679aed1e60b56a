package supervisor

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/stack/control"
)

// apiOnly is a supervisor that answers its API over real HTTP but runs no
// component: New without Serve.
func apiOnly(t *testing.T) (*Supervisor, *httptest.Server, *control.Client) {
	t.Helper()
	s, err := New(testManifest(t, childSpec(t, "c", "serve")), slog.New(slog.NewTextHandler(io.Discard, nil)))
	t.Cleanup(func() { _ = s.Close() })
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s.handler())
	t.Cleanup(srv.Close)
	t.Cleanup(s.leases.close) // first: end what a test leased
	return s, srv, control.NewClient(srv.URL, testToken)
}

// TestAPIErrorsMatchOnlyTheirSentinel provokes every failure the API
// answers with from the real handler and checks that the client's error
// matches its own sentinel and no other, the ones that share an HTTP
// status (404, 503) included.
func TestAPIErrorsMatchOnlyTheirSentinel(t *testing.T) {
	t.Parallel()
	s, srv, c := apiOnly(t)
	ctx := context.Background()
	harmless := &control.Action{Op: control.OpStop, Component: "c"} // a revert that needs no process
	foreign := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.RemoteAddr = "192.0.2.1:4242" // as if from another host
		s.handler().ServeHTTP(w, r)
	}))
	t.Cleanup(foreign.Close)

	got := map[error]error{} // sentinel -> what the client returned
	_, got[control.ErrUnauthorized] = control.NewClient(srv.URL, "wrong").Status(ctx)
	got[control.ErrForbidden] = control.NewClient(foreign.URL, testToken).Health(ctx)
	_, got[control.ErrUnknownComponent] = c.Component(ctx, "nope")
	_, got[control.ErrUnknownLease] = c.Release(ctx, "nope")
	dup := control.LeaseRequest{ID: "dup", Action: *harmless, Revert: harmless, TTL: control.Duration(time.Hour)}
	if _, err := c.Lease(ctx, dup); err != nil {
		t.Fatal(err)
	}
	_, got[control.ErrLeaseExists] = c.Lease(ctx, dup)
	_, got[control.ErrBadRequest] = c.Do(ctx, control.Action{Op: "explode", Component: "c"})
	_, got[control.ErrUnavailable] = c.Do(ctx, control.Action{Op: control.OpSignal, Component: "c"}) // no process runs
	s.leases.close()
	_, got[control.ErrShuttingDown] = c.Lease(ctx, control.LeaseRequest{Action: *harmless, Revert: harmless, TTL: control.Duration(time.Hour)})

	for want, err := range got {
		var e *control.Error
		if !errors.As(err, &e) || e.Type != control.TypeOf(want) || e.StatusCode != control.StatusOf(want) {
			t.Errorf("%q: got %v (%+v), want type %s, HTTP %d", want, err, e, control.TypeOf(want), control.StatusOf(want))
			continue
		}
		for other := range got {
			if errors.Is(err, other) != (other == want) {
				t.Errorf("errors.Is(%v, %q) = %v", err, other, other != want)
			}
		}
	}
	if len(got) != 8 {
		t.Fatalf("provoked %d sentinels, want all 8", len(got))
	}
}

// TestLeaseTTLNumberIsMilliseconds: a JS fault's {ttl: 30000} is a 30s
// lease (it was 30µs when numbers were nanoseconds).
func TestLeaseTTLNumberIsMilliseconds(t *testing.T) {
	t.Parallel()
	_, srv, _ := apiOnly(t)
	body := `{"action":{"op":"stop","component":"c"},"revert":{"op":"stop","component":"c"},"ttl":30000}`
	req, _ := http.NewRequest(http.MethodPost, srv.URL+control.PathLeases, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+testToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("HTTP %d: %s", resp.StatusCode, data)
	}
	if !strings.Contains(string(data), `"ttl":"30s"`) {
		t.Fatalf("lease %s, want ttl \"30s\"", data)
	}
}
