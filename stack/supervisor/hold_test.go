package supervisor

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/stack/control"
)

// revertRecorder is a loopback HTTP server that counts the revert
// requests a hold lease sends.
type revertRecorder struct {
	mu     sync.Mutex
	bodies []string
}

func (r *revertRecorder) serve(t *testing.T, status int) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		b, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.bodies = append(r.bodies, req.Method+" "+req.URL.Path+" "+string(b))
		r.mu.Unlock()
		w.WriteHeader(status)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func (r *revertRecorder) got() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.bodies...)
}

// TestHoldLeaseRevertsByHTTPAndRenews: a supervisor with no components
// keeps a hold lease whose revert is an HTTP request; renewing moves its
// expiry, and without renewal it reverts at the TTL.
func TestHoldLeaseRevertsByHTTPAndRenews(t *testing.T) {
	t.Parallel()
	_, c := runSupervisor(t, testManifest(t))
	ctx := context.Background()
	var rec revertRecorder
	url := rec.serve(t, http.StatusNotFound) // 404: already gone, listed as OK
	revert := control.Action{Op: control.OpHTTP, Request: &control.Request{Method: http.MethodDelete, URL: url + "/proxies/downstream/toxics/x", OKStatus: []int{404}}}
	l, err := c.Lease(ctx, control.LeaseRequest{Action: control.Action{Op: control.OpHold}, Revert: &revert, TTL: control.Duration(time.Second)})
	if err != nil {
		t.Fatal(err)
	}
	for range 3 { // 1.5 s in all: past the first TTL
		time.Sleep(500 * time.Millisecond)
		if _, err := c.Renew(ctx, l.ID, time.Second); err != nil {
			t.Fatalf("renew: %v", err)
		}
	}
	if n := len(rec.got()); n != 0 {
		t.Fatalf("reverted %d times while renewed", n)
	}
	deadline := time.Now().Add(10 * time.Second)
	for len(rec.got()) == 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if got := rec.got(); len(got) != 1 || got[0] != "DELETE /proxies/downstream/toxics/x " {
		t.Fatalf("revert requests %q, want one DELETE", got)
	}
	if _, err := c.Renew(ctx, l.ID, time.Second); !errors.Is(err, control.ErrUnknownLease) {
		t.Errorf("renew after expiry: %v, want ErrUnknownLease", err)
	}
	ls, err := c.Leases(ctx)
	if err != nil || len(ls) != 1 || ls[0].State != control.LeaseExpired || ls[0].RevertError != "" {
		t.Errorf("leases %+v (%v), want one expired without a revert error", ls, err)
	}
}

func TestHTTPRevertRefusesRemoteAndReportsFailure(t *testing.T) {
	t.Parallel()
	_, c := runSupervisor(t, testManifest(t))
	ctx := context.Background()
	for _, u := range []string{"http://192.0.2.1/x", "file:///etc/passwd", ""} {
		a := control.Action{Op: control.OpHTTP, Request: &control.Request{Method: http.MethodDelete, URL: u}}
		if _, err := c.Do(ctx, a); !errors.Is(err, control.ErrBadRequest) {
			t.Errorf("http action to %q: %v, want ErrBadRequest", u, err)
		}
	}
	var rec revertRecorder
	url := rec.serve(t, http.StatusInternalServerError)
	ok := revertRecorder{}
	okURL := ok.serve(t, http.StatusNoContent)
	if _, err := c.Do(ctx, control.Action{Op: control.OpHTTP, Request: &control.Request{Method: http.MethodPut, URL: okURL + "/x", Body: "{}"}}); err != nil || len(ok.got()) != 1 {
		t.Errorf("http action to loopback: %v, %d requests", err, len(ok.got()))
	}
	revert := control.Action{Op: control.OpHTTP, Request: &control.Request{Method: http.MethodPost, URL: url + "/undo"}}
	l, err := c.Lease(ctx, control.LeaseRequest{Action: control.Action{Op: control.OpHold}, Revert: &revert, TTL: control.Duration(time.Minute)})
	if err != nil {
		t.Fatal(err)
	}
	ended, err := c.Release(ctx, l.ID)
	if err != nil {
		t.Fatal(err)
	}
	if ended.RevertError == "" {
		t.Errorf("a revert answered with HTTP 500 reported no error: %+v", ended)
	}
}
