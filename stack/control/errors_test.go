package control_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/mcpchaos/mcpchaos/stack/control"
)

// sentinels are every error the supervisor answers with.
var sentinels = []error{
	control.ErrUnauthorized, control.ErrForbidden, control.ErrUnknownComponent, control.ErrUnknownLease,
	control.ErrLeaseExists, control.ErrBadRequest, control.ErrUnavailable, control.ErrShuttingDown,
}

func TestErrorForGivesEachSentinelItsOwnType(t *testing.T) {
	t.Parallel()
	seen := map[control.ErrorType]error{}
	for _, s := range sentinels {
		e := control.ErrorFor(fmt.Errorf("lease x: %w", s))
		if e.Type == control.ErrorInternal || seen[e.Type] != nil {
			t.Errorf("%v: type %q, already taken by %v", s, e.Type, seen[e.Type])
		}
		seen[e.Type] = s
		if e.StatusCode != control.StatusOf(s) || e.StatusCode != e.Type.Status() || e.Message != "lease x: "+s.Error() {
			t.Errorf("%v: %+v", s, e)
		}
	}
	if e := control.ErrorFor(errors.New("disk full")); e.Type != control.ErrorInternal || e.StatusCode != http.StatusInternalServerError {
		t.Errorf("an error without a sentinel: %+v, want internal and 500", e)
	}
}

// TestErrorWithoutTypeFallsBackToStatus: an answer with no errorType (from
// a proxy, say) matches the sentinels of its status, all of them; one with
// a type matches only its own.
func TestErrorWithoutTypeFallsBackToStatus(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		status int
		body   string
		want   []error
	}{
		{"plain 404", http.StatusNotFound, "404 page not found", []error{control.ErrUnknownComponent, control.ErrUnknownLease}},
		{"plain 503", http.StatusServiceUnavailable, "upstream down", []error{control.ErrUnavailable, control.ErrShuttingDown}},
		{"plain 502", http.StatusBadGateway, "bad gateway", nil},
		{"JSON 404 without a type", http.StatusNotFound, `{"error":"gone"}`, []error{control.ErrUnknownComponent, control.ErrUnknownLease}},
		{"typed 404", http.StatusNotFound, `{"error":"lease \"x\": unknown lease","errorType":"unknown_lease"}`, []error{control.ErrUnknownLease}},
		{"typed 503", http.StatusServiceUnavailable, `{"error":"the supervisor is shutting down","errorType":"shutting_down"}`, []error{control.ErrShuttingDown}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				w.WriteHeader(tt.status)
				_, _ = w.Write([]byte(tt.body))
			}))
			t.Cleanup(srv.Close)
			_, err := control.NewClient(srv.URL, "tok").Release(context.Background(), "x")
			var e *control.Error
			if !errors.As(err, &e) || e.StatusCode != tt.status {
				t.Fatalf("error %v, want a *control.Error with HTTP %d", err, tt.status)
			}
			for _, s := range sentinels {
				want := false
				for _, w := range tt.want {
					want = want || w == s
				}
				if errors.Is(err, s) != want {
					t.Errorf("errors.Is(%v, %q) = %v, want %v", err, s, !want, want)
				}
			}
		})
	}
}
