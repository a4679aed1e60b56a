package assertions_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/assertions"
	"github.com/mcpchaos/mcpchaos/stack/control"
)

// TestAlertLifecycle makes the test alert fire by stopping the log
// shipper, sees every stage of its time-to-detect, sees noAlertsFire fail
// naming it, then sees it resolve after keep_firing_for.
func TestAlertLifecycle(t *testing.T) {
	b := liveStack(t)
	ctx := context.Background()
	labels := map[string]string{"component": "otelcol"}

	quiet := time.Now()
	r := assertions.NoAlertsFire{Since: quiet, Until: quiet.Add(3 * time.Second)}.Evaluate(ctx, b)
	if r.Status != assertions.Pass {
		t.Fatalf("noAlertsFire on a quiet stack: %s", r)
	}

	since := time.Now()
	component(t, "otelcol", control.OpStop)
	stopped := true
	defer func() {
		if stopped {
			component(t, "otelcol", control.OpStart)
		}
	}()
	fires := assertions.AlertFires{Name: testAlert, Labels: labels, Since: since, Within: 60 * time.Second}.Evaluate(ctx, b)
	if fires.Status != assertions.Pass {
		t.Fatalf("alertFires: %s", fires)
	}
	var names []string
	for _, s := range fires.Stages {
		names = append(names, s.Name)
		if s.After < 0 || s.At.Before(since) {
			t.Errorf("stage %s at %s is before since %s", s.Name, s.At, since)
		}
		t.Logf("stage %-12s +%-8s (polling added %s)", s.Name, s.After.Round(time.Millisecond), s.ObservedAt.Sub(s.At).Round(time.Millisecond))
	}
	if got := strings.Join(names, ","); got != "pending,firing,alertmanager,webhook" {
		t.Fatalf("stages %s, want pending,firing,alertmanager,webhook: %s", got, fires)
	}
	checkAgainstBackends(t, b, fires)

	during := assertions.NoAlertsFire{Since: since}.Evaluate(ctx, b)
	if during.Status != assertions.Fail || !strings.Contains(during.Why, testAlert) {
		t.Fatalf("noAlertsFire during the outage must fail naming %s: %s", testAlert, during)
	}
	except := assertions.NoAlertsFire{Since: since, Except: []string{testAlert, "MCPChaosComponentDown"}}.Evaluate(ctx, b)
	if except.Status != assertions.Pass {
		t.Fatalf("noAlertsFire with the outage's alerts excepted: %s", except)
	}
	delivered := assertions.AlertDelivered{Name: testAlert, Labels: labels, Receiver: "mcpchaos-webhook", Since: since, Within: 10 * time.Second}.Evaluate(ctx, b)
	if delivered.Status != assertions.Pass {
		t.Fatalf("alertDelivered: %s", delivered)
	}
	elsewhere := assertions.AlertDelivered{Name: testAlert, Labels: labels, Receiver: "pagerduty", Since: since, Within: time.Second}.Evaluate(ctx, b)
	if elsewhere.Status != assertions.Fail || !strings.Contains(elsewhere.Why, "mcpchaos-webhook") {
		t.Fatalf("alertDelivered to the wrong receiver must fail naming where it went: %s", elsewhere)
	}

	early := assertions.AlertResolves{Name: testAlert, Labels: labels, Within: time.Second}
	if r := early.Evaluate(ctx, b); r.Status != assertions.Fail || !strings.Contains(r.Why, "still active") {
		t.Fatalf("alertResolves while the shipper is down must fail: %s", r)
	}
	back := time.Now()
	component(t, "otelcol", control.OpStart)
	stopped = false
	res := assertions.AlertResolves{Name: testAlert, Labels: labels, After: back, Within: 30 * time.Second}.Evaluate(ctx, b)
	if res.Status != assertions.Pass {
		t.Fatalf("alertResolves: %s", res)
	}
	s, _ := res.Stage(assertions.StageResolved)
	// keep_firing_for (3s) counts from the last evaluation that held,
	// which may come up to one evaluation (1s) before the start.
	if s.After < 2*time.Second {
		t.Errorf("resolved %s after the shipper was started, before keep_firing_for (3s, less one evaluation) ran out", s.After)
	}
	t.Logf("resolved +%s after the shipper came back: %s", s.After.Round(time.Millisecond), res)
}

// checkAgainstBackends compares the stages with the backends' own
// timestamps: pending must be Prometheus's activeAt, alertmanager its
// startsAt.
func checkAgainstBackends(t *testing.T, b *assertions.Backends, r assertions.Result) {
	t.Helper()
	ctx := context.Background()
	alerts, err := b.Prometheus.Alerts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	pending, _ := r.Stage(assertions.StagePending)
	for _, a := range alerts {
		if string(a.Labels["alertname"]) == testAlert {
			// ALERTS samples carry milliseconds; activeAt nanoseconds.
			if d := pending.At.Sub(a.ActiveAt); d > time.Millisecond || d < -time.Millisecond {
				t.Errorf("pending stage %s, Prometheus activeAt %s: off by %s", pending.At, a.ActiveAt, d)
			}
		}
	}
	am, err := b.Alertmanager.Alerts(ctx, map[string]string{"alertname": testAlert})
	if err != nil {
		t.Fatal(err)
	}
	s, _ := r.Stage(assertions.StageAlertmanager)
	for _, a := range am {
		if !a.StartsAt.Equal(s.At) {
			t.Errorf("alertmanager stage %s, startsAt %s", s.At, a.StartsAt)
		}
	}
	for _, s := range r.Stages {
		if d := s.ObservedAt.Sub(s.At); d > 2*time.Second {
			t.Errorf("stage %s seen %s after the backend recorded it; polling must add at most about 1s", s.Name, d)
		}
	}
}

func TestAlertFiresFails(t *testing.T) {
	b := liveStack(t)
	ctx := context.Background()
	tests := []struct {
		name string
		e    assertions.AlertFires
		want string
	}{
		{"no such rule", assertions.AlertFires{Name: "NoSuchAlert", Within: 20 * time.Second}, "no alerting rule named NoSuchAlert"},
		{"never fires", assertions.AlertFires{Name: "MCPToolHighErrorRate", Since: time.Now(), Within: 2 * time.Second}, "not active"},
		{"already active before since", assertions.AlertFires{Name: "MCPChaosWatchdog", Since: time.Now(), Within: 2 * time.Second}, "already active"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			r := tt.e.Evaluate(ctx, b)
			if r.Status != assertions.Fail || !strings.Contains(r.Why, tt.want) {
				t.Fatalf("want fail with %q: %s", tt.want, r)
			}
			if time.Since(start) > 10*time.Second {
				t.Errorf("took %s", time.Since(start))
			}
		})
	}
	if r := (assertions.AlertFires{Name: "MCPChaosWatchdog", Within: 5 * time.Second}).Evaluate(ctx, b); r.Status != assertions.Pass {
		t.Fatalf("an alert firing now, without since, passes: %s", r)
	}
}

func TestBadAlertExpectations(t *testing.T) {
	b := liveStack(t)
	for _, e := range []assertions.Expectation{
		assertions.AlertFires{},
		assertions.AlertFires{Name: "X", Labels: map[string]string{"bad-label": "x"}},
		assertions.AlertFires{Name: "X", Stage: "paged"},
		assertions.ProbeFails{Phase: "handshake"},
	} {
		if r := e.Evaluate(context.Background(), b); r.Status != assertions.Error {
			t.Errorf("%s: want error, got %s", e, r)
		}
	}
}

// TestUnreachableIsError: a backend that does not answer is "could not
// evaluate" for every expectation, never pass or fail.
func TestUnreachableIsError(t *testing.T) {
	b := unreachable(t)
	now := time.Now()
	for _, e := range []assertions.Expectation{
		assertions.AlertFires{Name: "X", Within: time.Second},
		assertions.AlertResolves{Name: "X", Within: time.Second},
		assertions.AlertDelivered{Name: "X", Within: time.Second},
		assertions.NoAlertsFire{Since: now.Add(-time.Minute), Within: time.Second},
		assertions.QueryHolds{Query: "up", Within: time.Second},
		assertions.ProbeFails{Within: time.Second},
		assertions.ProbeRecovers{Within: time.Second},
	} {
		r := e.Evaluate(context.Background(), b)
		if r.Status != assertions.Error || !strings.Contains(r.Why, "unreachable") {
			t.Errorf("%s: want error naming the unreachable backend, got %s", e, r)
		}
	}
}

// TestProbe stops the MCP server: the probe fails in its connect phase,
// refused, and recovers when the server is back.
func TestProbe(t *testing.T) {
	b := liveStack(t)
	ctx := context.Background()
	if r := (assertions.ProbeFails{Since: time.Now(), Within: 3 * time.Second}).Evaluate(ctx, b); r.Status != assertions.Fail {
		t.Fatalf("probeFails on a healthy server must fail: %s", r)
	}
	since := time.Now()
	component(t, "mcp-server", control.OpStop)
	stopped := true
	defer func() {
		if stopped {
			component(t, "mcp-server", control.OpStart)
		}
	}()
	r := assertions.ProbeFails{Phase: "connect", Reason: "refused", Since: since, Within: 30 * time.Second}.Evaluate(ctx, b)
	if r.Status != assertions.Pass {
		t.Fatalf("probeFails(connect, refused): %s", r)
	}
	wrong := assertions.ProbeFails{Phase: "tls", Since: since, Within: 3 * time.Second}.Evaluate(ctx, b)
	if wrong.Status != assertions.Fail || !strings.Contains(wrong.Why, "phase=connect") {
		t.Fatalf("probeFails(tls) must fail naming the phase that did fail: %s", wrong)
	}
	if r := (assertions.ProbeRecovers{Within: 2 * time.Second}).Evaluate(ctx, b); r.Status != assertions.Fail {
		t.Fatalf("probeRecovers while the server is down must fail: %s", r)
	}
	component(t, "mcp-server", control.OpStart)
	stopped = false
	back := time.Now()
	if r := (assertions.ProbeRecovers{After: back, Within: 30 * time.Second}).Evaluate(ctx, b); r.Status != assertions.Pass {
		t.Fatalf("probeRecovers: %s", r)
	}
}
