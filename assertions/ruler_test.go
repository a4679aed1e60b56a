package assertions_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/assertions"
	"github.com/mcpchaos/mcpchaos/config"
	"github.com/mcpchaos/mcpchaos/internal/porttest"
)

// TestRulerDown: a rule Prometheus does not have, while the ruler
// (backends.ruler) does not answer, cannot fire: alertFires and
// alertResolves fail at once, naming the ruler; they are not
// could-not-evaluate (Prometheus, the backend that is asked, answers).
// A rule Prometheus has is judged as before.
func TestRulerDown(t *testing.T) {
	live := liveStack(t)
	addr, c, err := porttest.Refusing()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	b, err := assertions.New(config.Backends{
		Prometheus: config.Endpoint{URL: live.Prometheus.URL()},
		Ruler:      config.Endpoint{Kind: "vmalert", URL: "http://" + addr},
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, e := range []assertions.Expectation{
		assertions.AlertFires{Name: "NoSuchLogAlert", Within: 20 * time.Second},
		assertions.AlertResolves{Name: "NoSuchLogAlert", Within: 20 * time.Second},
	} {
		start := time.Now()
		r := e.Evaluate(ctx, b)
		if r.Status != assertions.Fail || !strings.Contains(r.Why, "NoSuchLogAlert") || !strings.Contains(r.Why, addr) {
			t.Errorf("%s: want a fail naming the alert and the ruler %s, got %s", e, addr, r)
		}
		if time.Since(start) > 10*time.Second {
			t.Errorf("%s took %s; a rule that cannot fire fails at once", e, time.Since(start))
		}
	}
	if r := (assertions.AlertFires{Name: "MCPChaosWatchdog", Within: 5 * time.Second}).Evaluate(ctx, b); r.Status != assertions.Pass {
		t.Errorf("a Prometheus rule does not need the ruler: %s", r)
	}
}
