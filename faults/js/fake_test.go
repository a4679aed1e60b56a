package faultsjs_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// fakeToxiproxy is the part of toxiproxy's API the toxiproxy driver uses,
// for one proxy; failDelete makes toxic deletion fail (a revert that
// cannot be done).
type fakeToxiproxy struct {
	*httptest.Server
	proxy string

	mu         sync.Mutex
	toxics     []map[string]any
	requests   int
	failDelete bool
}

func newFakeToxiproxy(t *testing.T, proxy string) *fakeToxiproxy {
	f := &fakeToxiproxy{proxy: proxy}
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.Close)
	return f
}

func (f *fakeToxiproxy) serve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests++
	base := "/proxies/" + f.proxy
	switch {
	case r.Method == http.MethodPost && r.URL.Path == "/reset":
		f.toxics = nil
	case r.Method == http.MethodGet && r.URL.Path == "/proxies":
		_ = json.NewEncoder(w).Encode(map[string]any{f.proxy: map[string]any{
			"name": f.proxy, "enabled": true, "toxics": append([]map[string]any{}, f.toxics...)}})
	case r.Method == http.MethodPost && r.URL.Path == base: // enable/disable
	case r.Method == http.MethodGet && r.URL.Path == base+"/toxics":
		_ = json.NewEncoder(w).Encode(append([]map[string]any{}, f.toxics...))
	case r.Method == http.MethodPost && r.URL.Path == base+"/toxics":
		var x map[string]any
		_ = json.NewDecoder(r.Body).Decode(&x)
		f.toxics = append(f.toxics, x)
		_ = json.NewEncoder(w).Encode(x)
	case r.Method == http.MethodDelete && strings.HasPrefix(r.URL.Path, base+"/toxics/"):
		if f.failDelete {
			http.Error(w, "toxiproxy is broken", http.StatusInternalServerError)
			return
		}
		name := strings.TrimPrefix(r.URL.Path, base+"/toxics/")
		for i, x := range f.toxics {
			if x["name"] == name {
				f.toxics = append(f.toxics[:i], f.toxics[i+1:]...)
				w.WriteHeader(http.StatusNoContent)
				return
			}
		}
		http.NotFound(w, r)
	default:
		http.NotFound(w, r)
	}
}

// state is the toxics' names and the number of requests so far.
func (f *fakeToxiproxy) state() (names []string, requests int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, x := range f.toxics {
		names = append(names, x["name"].(string))
	}
	return names, f.requests
}

func (f *fakeToxiproxy) add(name string) {
	f.mu.Lock()
	f.toxics = append(f.toxics, map[string]any{"name": name, "type": "latency"})
	f.mu.Unlock()
}

func (f *fakeToxiproxy) setFailDelete(v bool) {
	f.mu.Lock()
	f.failDelete = v
	f.mu.Unlock()
}
