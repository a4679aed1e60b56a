package faults_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/config"
	"github.com/mcpchaos/mcpchaos/faults"
	"github.com/mcpchaos/mcpchaos/internal/duration"
	"github.com/mcpchaos/mcpchaos/internal/poll"
	"github.com/mcpchaos/mcpchaos/stack/control"
	"github.com/mcpchaos/mcpchaos/xk6-mcp/session"
)

func d(v time.Duration) duration.Duration { return duration.Duration(v) }

// TestLatencyFault: 500 ms of latency on the downstream raises a search
// call's latency by 500 ms ±10%, and is gone after the revert.
func TestLatencyFault(t *testing.T) {
	cfg := liveStack(t)
	ctx := context.Background()
	in, events := newInjector(t, cfg)
	s := dial(ctx, t, cfg)
	base := medianSearch(ctx, t, s, 7)
	h, err := in.Inject(ctx, faults.Latency{Target: "downstream", Latency: d(500 * time.Millisecond), Duration: d(time.Minute)})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(toxics(t, cfg), h.ID) {
		t.Fatalf("toxic %s not on the proxy after Inject", h.ID)
	}
	slow := medianSearch(ctx, t, s, 7)
	if added := slow - base; added < 450*time.Millisecond || added > 550*time.Millisecond {
		t.Errorf("latency fault added %s to search (median %s -> %s), want 500ms ±10%%", added, base, slow)
	}
	if err := h.Revert(ctx); err != nil {
		t.Fatal(err)
	}
	if left := toxics(t, cfg); len(left) != 0 {
		t.Errorf("toxics left after revert: %v", left)
	}
	if after := medianSearch(ctx, t, s, 7); after > base+100*time.Millisecond {
		t.Errorf("search still slow after revert: median %s (before the fault %s)", after, base)
	}
	if got := eventsOf(t, events); !slices.Equal(got, []string{"inject", "effective", "revert", "reverted"}) {
		t.Errorf("events %v", got)
	}
	if h.EffectiveAt.Before(h.InjectedAt) || h.RevertedAt().Before(h.EffectiveAt) {
		t.Errorf("times out of order: injected %v effective %v reverted %v", h.InjectedAt, h.EffectiveAt, h.RevertedAt())
	}
}

// TestResetFault: connection resets make every search fail; after the
// revert calls succeed again (once the server's breaker lets them).
func TestResetFault(t *testing.T) {
	cfg := liveStack(t)
	ctx := context.Background()
	in, _ := newInjector(t, cfg)
	s := dial(ctx, t, cfg)
	if _, ok, err := search(ctx, s, "before-reset"); !ok {
		t.Fatalf("search before the fault: %v", err)
	}
	h, err := in.Inject(ctx, faults.Errors{Target: "downstream", Mode: faults.ModeReset, Duration: d(time.Minute)})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		if r, ok, _ := search(ctx, s, fmt.Sprintf("during-reset-%d", i)); ok {
			t.Fatalf("search %d succeeded during a reset fault: %s", i, r.Raw)
		}
	}
	if err := h.Revert(ctx); err != nil {
		t.Fatal(err)
	}
	eventually(t, 60*time.Second, "search succeeds after the reset fault", func() (bool, string) {
		r, ok, err := search(ctx, s, "after-reset")
		return ok, fmt.Sprint(err, string(r.Raw))
	})
}

// TestHTTPErrorFault: the downstream's behaviour settings answer errors
// while the fault holds, and are put back after.
func TestHTTPErrorFault(t *testing.T) {
	cfg := liveStack(t)
	ctx := context.Background()
	in, _ := newInjector(t, cfg)
	s := dial(ctx, t, cfg)
	h, err := in.Inject(ctx, faults.Errors{Target: "downstream", Mode: faults.ModeHTTP, Status: 502, Duration: d(time.Minute)})
	if err != nil {
		t.Fatal(err)
	}
	if r, ok, _ := search(ctx, s, "during-http-errors"); ok {
		t.Fatalf("search succeeded during an HTTP error fault: %s", r.Raw)
	}
	if err := h.Revert(ctx); err != nil {
		t.Fatal(err)
	}
	var b struct {
		ErrorRate float64 `json:"error_rate"`
	}
	getJSON(t, cfg.Faults.Targets["downstream"].BehaviourURL, &b)
	if b.ErrorRate != 0 {
		t.Errorf("error_rate %v after revert", b.ErrorRate)
	}
	eventually(t, 60*time.Second, "search succeeds after the HTTP error fault", func() (bool, string) {
		r, ok, err := search(ctx, s, "after-http-errors")
		return ok, fmt.Sprint(err, string(r.Raw))
	})
}

// TestOOMKillFault: a real kernel OOM kill (137, counted), the server is
// restarted, the limit cleared, and calls succeed again; with a duration
// the restarts are OOM-killed too (a crash loop) until it ends.
func TestOOMKillFault(t *testing.T) {
	cfg := liveStack(t)
	for _, tt := range []struct {
		name  string
		spec  faults.OOMKill
		kills int
	}{
		{"one kill", faults.OOMKill{Target: "mcp-server"}, 1},
		{"crash loop", faults.OOMKill{Target: "mcp-server", Duration: d(4 * time.Second)}, 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
			defer cancel()
			in, _ := newInjector(t, cfg)
			sup := supervisorOf(t, cfg)
			before := componentOf(ctx, t, sup, "mcp-server")
			stopLoad := allocateLoad(ctx, t, cfg)
			h, err := in.Inject(ctx, tt.spec)
			stopLoad()
			if err != nil {
				t.Fatal(err)
			}
			if err := h.Wait(ctx); err != nil {
				t.Fatalf("recovery after the OOM kill: %v", err)
			}
			c := componentOf(ctx, t, sup, "mcp-server")
			if c.OOMKills < before.OOMKills+tt.kills || c.LastExit == nil || c.LastExit.Code != 137 || c.MemoryLimitBytes != 0 {
				t.Errorf("after the fault: oom kills %d (before %d, want %d more), last exit %+v, limit %d", c.OOMKills, before.OOMKills, tt.kills, c.LastExit, c.MemoryLimitBytes)
			}
			s := dial(ctx, t, cfg)
			if _, ok, err := search(ctx, s, "after-oom"); !ok {
				t.Errorf("search after the restart: %v", err)
			}
		})
	}
}

// settled waits until the component's memory stops growing (a server
// restarted by an earlier test warms up for a few seconds), so that an
// OOM limit just above its usage is one an idle server does not meet.
func settled(ctx context.Context, t *testing.T, sup *control.Client, name string) {
	t.Helper()
	last := int64(-1)
	err := poll.Within(ctx, 30*time.Second, time.Second, name+"'s memory to settle", func(ctx context.Context) (bool, error) {
		c, err := sup.Component(ctx, name)
		if err != nil {
			return false, err
		}
		grew := c.MemoryUsageBytes - last
		last = c.MemoryUsageBytes
		return c.Ready && grew < 64<<10 && grew > -64<<10, fmt.Errorf("ready %v, usage %d bytes (%+d in a second)", c.Ready, c.MemoryUsageBytes, grew)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// allocateLoad keeps asking the server for memory until stopped, so an
// OOM limit is met; calls fail while the server is down, and reconnect.
func allocateLoad(ctx context.Context, t *testing.T, cfg *config.Config) func() {
	t.Helper()
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for ctx.Err() == nil {
			o := session.OptionsFromConfig(cfg.MCP, nil, "")
			s, err := session.Dial(ctx, o)
			if err != nil {
				time.Sleep(100 * time.Millisecond)
				continue
			}
			for ctx.Err() == nil {
				if _, err := s.CallTool(ctx, "allocate", map[string]any{"mib": 32, "hold_ms": 2000}); err != nil {
					break
				}
			}
			_ = s.Close()
		}
	}()
	return func() { cancel(); wg.Wait() }
}

// TestTLSExpiryFault: a fresh handshake fails with an expired
// certificate while the fault holds; the revert restores a valid one.
func TestTLSExpiryFault(t *testing.T) {
	cfg := liveStack(t)
	ctx := context.Background()
	in, _ := newInjector(t, cfg)
	addr := strings.TrimPrefix(strings.Split(strings.TrimPrefix(cfg.MCP.URL, "https://"), "/")[0], "")
	verify := func() error {
		pem, err := os.ReadFile(cfg.MCP.TLS.CAFile)
		if err != nil {
			return err
		}
		pool := x509.NewCertPool()
		pool.AppendCertsFromPEM(pem)
		c, err := tls.Dial("tcp", addr, &tls.Config{RootCAs: pool, ServerName: "127.0.0.1"})
		if err == nil {
			c.Close()
		}
		return err
	}
	if err := verify(); err != nil {
		t.Fatalf("handshake before the fault: %v", err)
	}
	h, err := in.Inject(ctx, faults.TLSExpiry{Target: "mcp-server-tls", Mode: faults.TLSExpired, Duration: d(time.Minute)})
	if err != nil {
		t.Fatal(err)
	}
	var invalid x509.CertificateInvalidError
	if err := verify(); !errors.As(err, &invalid) || invalid.Reason != x509.Expired {
		t.Errorf("handshake during the fault: %v, want an expired-certificate error", err)
	}
	if err := h.Revert(ctx); err != nil {
		t.Fatal(err)
	}
	if err := verify(); err != nil {
		t.Errorf("handshake after the revert: %v", err)
	}
}

// TestStopShipperFault: no line reaches VictoriaLogs while the shipper is
// stopped; after the revert every line written meanwhile arrives exactly
// once (counted against the server's own log file).
func TestStopShipperFault(t *testing.T) {
	cfg := liveStack(t)
	ctx := context.Background()
	in, _ := newInjector(t, cfg)
	s := dial(ctx, t, cfg)
	h, err := in.Inject(ctx, faults.Stop{Target: "log-shipper", Duration: d(time.Minute)})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for i := range 20 {
		r, ok, err := search(ctx, s, fmt.Sprintf("during-outage-%d", i))
		if !ok {
			t.Fatalf("search during the outage: %v", err)
		}
		ids = append(ids, r.TraceID)
	}
	filter := "service:mcp-server trace_id:in(" + strings.Join(ids, ",") + ")"
	time.Sleep(3 * time.Second) // long enough for a running shipper to ship
	if n := logCount(t, cfg, filter); n != 0 {
		t.Fatalf("%d lines reached VictoriaLogs while the shipper was stopped", n)
	}
	if err := h.Revert(ctx); err != nil {
		t.Fatal(err)
	}
	logFile := filepath.Join(live.st.State.Dir, "logs", "mcp-server.json")
	want := 0
	for _, id := range ids {
		want += linesWith(t, logFile, id)
	}
	if want < len(ids) {
		t.Fatalf("the server's log file has %d lines for %d calls", want, len(ids))
	}
	eventually(t, 60*time.Second, "every outage line in VictoriaLogs", func() (bool, string) {
		n := logCount(t, cfg, filter)
		return n >= want, fmt.Sprintf("%d of %d", n, want)
	})
	time.Sleep(3 * time.Second) // a duplicate would arrive by now
	if n := logCount(t, cfg, filter); n != want {
		t.Errorf("%d lines in VictoriaLogs for %d in the file: duplicated", n, want)
	}
}

// TestBadSpecsInjectNothing: every problem is named and nothing reaches
// a target.
func TestBadSpecsInjectNothing(t *testing.T) {
	cfg := liveStack(t)
	ctx := context.Background()
	remote := *cfg
	remote.Faults.Toxiproxy.URL = "http://192.0.2.1:8474" // TEST-NET: refused before any I/O
	for _, tc := range []struct {
		name string
		spec faults.Spec
		cfg  *config.Config
		is   error
		want []string
	}{
		{"negative duration", faults.Latency{Target: "downstream", Latency: d(time.Second), Duration: d(-time.Second)}, cfg, faults.ErrBadSpec, []string{"duration", "positive"}},
		{"missing duration", faults.Stop{Target: "log-shipper"}, cfg, faults.ErrBadSpec, []string{"duration: missing"}},
		{"every problem at once", faults.Latency{Toxicity: 2}, cfg, faults.ErrBadSpec, []string{"target: missing", "latency: missing", "toxicity 2", "duration: missing"}},
		{"unknown mode", faults.Errors{Target: "downstream", Mode: "explode", Duration: d(time.Second)}, cfg, faults.ErrBadSpec, []string{`mode "explode"`}},
		{"unlisted target", faults.Stop{Target: "prometheus", Duration: d(time.Second)}, cfg, faults.ErrUnknownTarget, []string{`"prometheus"`, "known: downstream"}},
		{"wrong driver for the fault", faults.OOMKill{Target: "downstream"}, cfg, faults.ErrRefused, []string{"injects only"}},
		{"remote address", faults.Latency{Target: "downstream", Latency: d(time.Second), Duration: d(time.Second)}, &remote, faults.ErrRefused, []string{"192.0.2.1", "allow_non_loopback"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in, events := newInjector(t, tc.cfg)
			h, err := in.Inject(ctx, tc.spec)
			if h != nil || !errors.Is(err, tc.is) {
				t.Fatalf("Inject = %v, %v; want %v", h, err, tc.is)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
			if events.Len() != 0 {
				t.Errorf("events written for a refused fault: %s", events)
			}
		})
	}
	if left := toxics(t, cfg); len(left) != 0 {
		t.Errorf("toxics left: %v", left)
	}
}

// TestUnconfirmedFaultIsRevertedAtOnce: an OOM limit the idle server
// never meets cannot be confirmed; Inject says so and the limit is gone.
func TestUnconfirmedFaultIsRevertedAtOnce(t *testing.T) {
	cfg := liveStack(t)
	ctx := context.Background()
	settled(ctx, t, supervisorOf(t, cfg), "mcp-server")
	in, events := newInjector(t, cfg, faults.WithProofTimeouts(2*time.Second, 0))
	h, err := in.Inject(ctx, faults.OOMKill{Target: "mcp-server"})
	if h != nil || !errors.Is(err, faults.ErrNotEffective) || !strings.Contains(err.Error(), "no OOM kill") {
		t.Fatalf("Inject = %v, %v; want ErrNotEffective naming what was seen", h, err)
	}
	sup := supervisorOf(t, cfg)
	if c, err := sup.Component(ctx, "mcp-server"); err != nil || c.MemoryLimitBytes != 0 {
		t.Errorf("memory limit %d (%v) after the unconfirmed fault", c.MemoryLimitBytes, err)
	}
	if got := eventsOf(t, events); !slices.Equal(got, []string{"inject", "not_effective", "revert", "reverted"}) {
		t.Errorf("events %v", got)
	}
}

// TestMissingProxyInjectsNothing: a toxic the proxy refuses leaves no
// lease behind.
func TestMissingProxyInjectsNothing(t *testing.T) {
	cfg := liveStack(t)
	ctx := context.Background()
	bad := *cfg
	bad.Faults.Targets = map[string]config.Target{"nowhere": {Driver: "toxiproxy", Proxy: "no-such-proxy"}}
	in, _ := newInjector(t, &bad)
	_, err := in.Inject(ctx, faults.Latency{Target: "nowhere", Latency: d(time.Second), Duration: d(time.Minute)})
	var nr *faults.NotRevertedError
	if err == nil || !strings.Contains(err.Error(), "no-such-proxy") || errors.As(err, &nr) {
		t.Fatalf("Inject on a missing proxy: %v", err)
	}
	sup := supervisorOf(t, cfg)
	ls, err := sup.Leases(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range ls {
		if l.State == control.LeaseActive {
			t.Errorf("lease left active: %+v", l)
		}
	}
}

// TestSweepClearsLeftovers: a toxic left by an earlier run is removed,
// and the sweep says so; a clean toxiproxy is left alone, silently.
func TestSweepClearsLeftovers(t *testing.T) {
	cfg := liveStack(t)
	ctx := context.Background()
	in, _ := newInjector(t, cfg)
	if done, err := in.Sweep(ctx); err != nil || len(done) != 0 {
		t.Fatalf("sweep of a clean stack: %q, %v", done, err)
	}
	body := strings.NewReader(`{"name":"mcpchaos-earlier-1-latency","type":"latency","stream":"downstream","attributes":{"latency":1000}}`)
	resp, err := http.Post(cfg.Faults.Toxiproxy.URL+"/proxies/downstream/toxics", "application/json", body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("add a leftover toxic: %v %v", resp, err)
	}
	resp.Body.Close()
	done, err := in.Sweep(ctx)
	if err != nil || len(done) != 1 || !strings.Contains(done[0], "mcpchaos-earlier-1-latency") {
		t.Fatalf("sweep: %q, %v", done, err)
	}
	if left := toxics(t, cfg); len(left) != 0 {
		t.Errorf("toxics after the sweep: %v", left)
	}
}

// TestKillFault: SIGKILL crashes the server; the fault ends once the
// supervisor has restarted it and it answers again.
func TestKillFault(t *testing.T) {
	cfg := liveStack(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	in, _ := newInjector(t, cfg)
	sup := supervisorOf(t, cfg)
	before := componentOf(ctx, t, sup, "mcp-server")
	h, err := in.Inject(ctx, faults.Kill{Target: "mcp-server"})
	if err != nil {
		t.Fatal(err)
	}
	if err := h.Wait(ctx); err != nil {
		t.Fatalf("recovery after the kill: %v", err)
	}
	c := componentOf(ctx, t, sup, "mcp-server")
	if c.PID == before.PID || c.Restarts <= before.Restarts || c.LastExit == nil || c.LastExit.Code != 137 {
		t.Errorf("after the kill: pid %d (was %d), restarts %d (were %d), last exit %+v", c.PID, before.PID, c.Restarts, before.Restarts, c.LastExit)
	}
	s := dial(ctx, t, cfg)
	if _, ok, err := search(ctx, s, "after-kill"); !ok {
		t.Errorf("search after the restart: %v", err)
	}
}

// TestLeaseRenewedWhileProofPending: a proof slower than the lease TTL
// keeps its lease: renewals start when the lease is taken, not once the
// fault is proven. The target is a behaviour endpoint that shows a change
// only 3 s (three TTLs) after it was made, and records every revert.
func TestLeaseRenewedWhileProofPending(t *testing.T) {
	cfg := liveStack(t)
	ctx := context.Background()
	var mu sync.Mutex
	var puts []string
	var changedAt time.Time
	rate := 0.0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		if r.Method == http.MethodPut {
			var b struct {
				ErrorRate float64 `json:"error_rate"`
			}
			_ = json.NewDecoder(r.Body).Decode(&b)
			puts = append(puts, fmt.Sprint(b.ErrorRate))
			rate, changedAt = b.ErrorRate, time.Now()
		}
		shown := rate
		if time.Since(changedAt) < 3*time.Second {
			shown = 1 - rate // the old value, for a while
		}
		fmt.Fprintf(w, `{"error_rate": %v, "error_status": 500}`, shown)
	}))
	defer srv.Close()
	slow := *cfg
	slow.Faults.Targets = map[string]config.Target{"slow": {Driver: "toxiproxy", Proxy: "downstream", BehaviourURL: srv.URL}}
	rate, changedAt = 0, time.Now().Add(-time.Hour)
	in, _ := newInjector(t, &slow, faults.WithLeaseTTL(time.Second))
	h, err := in.Inject(ctx, faults.Errors{Target: "slow", Mode: faults.ModeHTTP, Duration: d(time.Minute)})
	if err != nil {
		t.Fatalf("Inject: %v", err)
	}
	mu.Lock()
	got := slices.Clone(puts)
	mu.Unlock()
	if !slices.Equal(got, []string{"1"}) {
		t.Fatalf("behaviour PUTs while the proof was pending: %v, want only the fault's (a revert means the lease expired)", got)
	}
	if waited := h.EffectiveAt.Sub(h.InjectedAt); waited < 3*time.Second {
		t.Fatalf("proven after %s: the test's endpoint shows changes after 3s", waited)
	}
	if err := h.Revert(ctx); err != nil {
		t.Fatal(err)
	}
}
