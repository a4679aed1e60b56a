package assertions_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/assertions"
	"github.com/mcpchaos/mcpchaos/config"
)

// A logs backend that replays recorded answers (testdata/<kind>) to the
// exact queries it expects; any other query fails the test.

// The fixed window the replay tests ask about: 10 minutes, so a LogQL
// range is [600000ms], evaluated at its end.
var (
	replaySince = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	replayUntil = replaySince.Add(10 * time.Minute)
)

// route answers one exact query with a recorded fixture and status.
type route struct {
	query   string
	fixture string
	status  int
}

// replay serves routes from testdata/<kind> to a backend of that kind.
// check validates each request and returns its query. It returns the
// backends and the queries received so far.
func replay(t *testing.T, kind string, check func(*http.Request) string, routes ...route) (*assertions.Backends, func() []string) {
	t.Helper()
	var (
		mu   sync.Mutex
		seen []string
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := check(r)
		mu.Lock()
		seen = append(seen, q)
		mu.Unlock()
		for _, rt := range routes {
			if rt.query != q {
				continue
			}
			b, err := os.ReadFile(filepath.Join("testdata", kind, rt.fixture))
			if err != nil {
				t.Error(err)
			}
			w.WriteHeader(max(rt.status, http.StatusOK))
			_, _ = w.Write(b)
			return
		}
		t.Errorf("%s got a query no fixture answers:\n  %s", kind, q)
		http.Error(w, "unexpected query", http.StatusBadRequest)
	}))
	t.Cleanup(srv.Close)
	b, err := assertions.New(config.Backends{Logs: config.Endpoint{Kind: kind, URL: srv.URL}})
	if err != nil {
		t.Fatal(err)
	}
	return b, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), seen...)
	}
}
