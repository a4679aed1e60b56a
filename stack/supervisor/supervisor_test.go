package supervisor

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/stack/control"
)

func TestRestartPolicies(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		mode         string
		policy       string
		wantRestarts bool
		wantReason   string
		wantCode     int
	}{
		{"always restarts a crash", "crash", RestartAlways, true, control.ReasonExited, 3},
		{"on-failure restarts a crash", "crash", RestartOnFailure, true, control.ReasonExited, 3},
		{"on-failure leaves a clean exit", "ok", RestartOnFailure, false, control.ReasonExited, 0},
		{"never leaves a crash", "crash", RestartNever, false, control.ReasonExited, 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			spec := childSpec(t, "c", tc.mode)
			spec.Restart = tc.policy
			_, c := runSupervisor(t, testManifest(t, spec))
			if tc.wantRestarts {
				awaitComponent(t, c, "c", "two restarts", func(st control.Component) bool { return st.Restarts >= 2 })
			} else {
				awaitComponent(t, c, "c", "state exited", func(st control.Component) bool { return st.State == control.StateExited })
				assertStays(t, c, "c", "exited without restarts", func(st control.Component) bool {
					return st.Restarts == 0 && st.State == control.StateExited
				})
			}
			e := component(t, c, "c").LastExit
			if e == nil || e.Reason != tc.wantReason || e.Code != tc.wantCode {
				t.Fatalf("last exit %+v, want %s code %d", e, tc.wantReason, tc.wantCode)
			}
		})
	}
}

func TestStopHoldsUntilStart(t *testing.T) {
	t.Parallel()
	addr := freeAddr(t)
	spec := childSpec(t, "shipper", "serve")
	spec.Env = append(spec.Env, childAddrEnv+"="+addr)
	spec.Ready = Probe{HTTP: "http://" + addr + "/"}
	_, c := runSupervisor(t, testManifest(t, spec))
	ctx := context.Background()
	awaitComponent(t, c, "shipper", "ready", func(st control.Component) bool { return st.Ready })

	st, err := c.Do(ctx, control.Action{Op: control.OpStop, Component: "shipper"})
	if err != nil {
		t.Fatal(err)
	}
	if st.State != control.StateStopped || st.PID != 0 || st.LastExit.Reason != control.ReasonStopped {
		t.Fatalf("after stop: %+v", st)
	}
	assertStays(t, c, "shipper", "stopped, held", func(st control.Component) bool {
		return st.State == control.StateStopped && st.Restarts == 0
	})
	if _, err := c.Do(ctx, control.Action{Op: control.OpStart, Component: "shipper"}); err != nil {
		t.Fatal(err)
	}
	if st := awaitComponent(t, c, "shipper", "ready again", func(st control.Component) bool { return st.Ready }); st.Restarts != 0 {
		t.Fatalf("an API start counted as a policy restart: %+v", st)
	}
}

func TestSignalKillRestartsAndStubbornStopIsKilled(t *testing.T) {
	t.Parallel()
	addr := freeAddr(t)
	spec := childSpec(t, "server", "stubborn")
	spec.Env = append(spec.Env, childAddrEnv+"="+addr)
	spec.Ready = Probe{HTTP: "http://" + addr + "/"}
	spec.StopGrace = control.Duration(300 * time.Millisecond)
	_, c := runSupervisor(t, testManifest(t, spec))
	ctx := context.Background()
	pid := awaitComponent(t, c, "server", "ready", func(st control.Component) bool { return st.Ready }).PID
	if _, err := c.Do(ctx, control.Action{Op: control.OpSignal, Component: "server", Signal: "KILL"}); err != nil {
		t.Fatal(err)
	}
	restarted := awaitComponent(t, c, "server", "restart", func(st control.Component) bool {
		return st.Restarts == 1 && st.PID != 0 && st.PID != pid && st.Ready
	})
	if e := restarted.LastExit; e.Reason != control.ReasonSignal || e.Code != 137 || e.Signal != "killed" {
		t.Fatalf("last exit %+v, want signal killed 137", e)
	}
	start := time.Now()
	st, err := c.Do(ctx, control.Action{Op: control.OpStop, Component: "server"})
	if err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took < 300*time.Millisecond || st.State != control.StateStopped {
		t.Fatalf("stop of a SIGTERM-ignoring process took %s, state %s; want the grace then SIGKILL", took, st.State)
	}
}

func TestLeaseExpiresAndReverts(t *testing.T) {
	t.Parallel()
	_, c := runSupervisor(t, testManifest(t, childSpec(t, "shipper", "serve")))
	ctx := context.Background()
	awaitComponent(t, c, "shipper", "running", func(st control.Component) bool { return st.State == control.StateRunning })
	// The lease must outlive the checks below on a loaded machine.
	l, err := c.Lease(ctx, control.LeaseRequest{Action: control.Action{Op: control.OpStop, Component: "shipper"}, TTL: control.Duration(3 * time.Second)})
	if err != nil {
		t.Fatal(err)
	}
	if l.ID == "" || l.Revert == nil || l.Revert.Op != control.OpStart || l.State != control.LeaseActive {
		t.Fatalf("lease %+v", l)
	}
	if st := component(t, c, "shipper"); st.State != control.StateStopped {
		t.Fatalf("leased stop not applied: %+v", st)
	}
	if _, err := c.Lease(ctx, control.LeaseRequest{ID: l.ID, Action: control.Action{Op: control.OpStop, Component: "shipper"}, TTL: control.Duration(time.Second)}); !errors.Is(err, control.ErrLeaseExists) {
		t.Fatalf("duplicate lease id: %v, want ErrLeaseExists", err)
	}
	awaitComponent(t, c, "shipper", "revert at expiry", func(st control.Component) bool { return st.State == control.StateRunning })
	ls, err := c.Leases(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(ls) != 1 || ls[0].State != control.LeaseExpired || ls[0].RevertError != "" {
		t.Fatalf("leases %+v, want one expired", ls)
	}
	if _, err := c.Release(ctx, l.ID); !errors.Is(err, control.ErrUnknownLease) {
		t.Fatalf("release of an expired lease: %v, want ErrUnknownLease", err)
	}
}

func TestAPIAuthAndLoopbackEndpoints(t *testing.T) {
	t.Parallel()
	_, c := runSupervisor(t, testManifest(t, childSpec(t, "server", "serve")))
	base := c.URL()
	tests := []struct {
		name, method, path, auth string
		want                     int
	}{
		{"status without token", http.MethodGet, control.PathStatus, "", http.StatusUnauthorized},
		{"status with a wrong token", http.MethodGet, control.PathStatus, "Bearer nope", http.StatusUnauthorized},
		{"status with the token", http.MethodGet, control.PathStatus, "Bearer " + testToken, http.StatusOK},
		{"action without token", http.MethodPost, control.PathActions, "", http.StatusUnauthorized},
		{"shutdown without token", http.MethodPost, control.PathShutdown, "", http.StatusUnauthorized},
		{"metrics are open", http.MethodGet, control.PathMetrics, "", http.StatusOK},
		{"health is open", http.MethodGet, control.PathHealth, "", http.StatusOK},
		{"webhook list is open", http.MethodGet, control.PathWebhookAlerts, "", http.StatusOK},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(tc.method, base+tc.path, nil)
			if tc.auth != "" {
				req.Header.Set("Authorization", tc.auth)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tc.want {
				t.Fatalf("HTTP %d, want %d", resp.StatusCode, tc.want)
			}
		})
	}
	_, err := control.NewClient(base, "wrong").Status(context.Background())
	if !errors.Is(err, control.ErrUnauthorized) {
		t.Fatalf("client error %v, want ErrUnauthorized", err)
	}
}

func TestWebhookSinkAndMetrics(t *testing.T) {
	t.Parallel()
	_, c := runSupervisor(t, testManifest(t, childSpec(t, "server", "serve")))
	body := `{"version":"4","status":"firing","receiver":"mcpchaos","groupLabels":{"alertname":"Watchdog"},
	"alerts":[{"status":"firing","labels":{"alertname":"Watchdog","severity":"none"},"startsAt":"2026-01-02T03:04:05Z","fingerprint":"abc"}]}`
	resp, err := http.Post(c.URL()+control.PathWebhook, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	ns, err := c.Notifications(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(ns) != 1 || ns[0].Alerts[0].Labels["alertname"] != "Watchdog" || ns[0].ReceivedAt.IsZero() {
		t.Fatalf("notifications %+v", ns)
	}
	resp, err = http.Get(c.URL() + control.PathMetrics)
	if err != nil {
		t.Fatal(err)
	}
	text, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{
		`mcpchaos_component_up{component="server"}`,
		`mcpchaos_component_restarts_total{component="server"} 0`,
		`mcpchaos_component_oom_kills_total{component="server"} 0`,
		`mcpchaos_webhook_alerts_received_total{alertname="Watchdog",status="firing"} 1`,
	} {
		if !strings.Contains(string(text), want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}
