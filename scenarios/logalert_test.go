package scenarios_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/assertions"
	"github.com/mcpchaos/mcpchaos/faults"
	"github.com/mcpchaos/mcpchaos/fixtures"
	"github.com/mcpchaos/mcpchaos/internal/stacktest"
	"github.com/mcpchaos/mcpchaos/internal/testenv"
	"github.com/mcpchaos/mcpchaos/stack"
	"github.com/mcpchaos/mcpchaos/stack/control"
)

const logAlertSubject = "alertFires(MCPErrorLogSpike{severity=\"warning\"})"

// TestLogAlertScenario runs scenarios/log-alert.js on a real embedded
// stack twice. With the pipeline whole, an error burst while Prometheus
// cannot scrape the server fires MCPErrorLogSpike through vmalert (LogsQL
// on VictoriaLogs) to Alertmanager and the webhook sink: exit 0. With
// vmalert stopped through the control API once the metrics path is cut
// (before the burst), the same run fails on alertFires(MCPErrorLogSpike):
// exit 99, never a could-not-evaluate.
func TestLogAlertScenario(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end: brings the embedded stack up and runs log-alert.js twice")
	}
	t.Parallel() // its stack is its own; the runs mostly wait
	if err := backendsCached(); err != nil {
		testenv.Missing(t, "the embedded stack's backends in the install cache (make test installs them; set MCPCHAOS_CACHE)", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	began := time.Now()
	st, stop, err := stacktest.Up(ctx, stack.Options{
		Rules: fixtures.PrometheusRules, LogRules: fixtures.LogAlertRules, LookupEnv: os.LookupEnv,
	})
	t.Cleanup(func() {
		if err := stop(); err != nil {
			t.Error(err)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(filepath.Dir(st.Dir()), "mcpchaos") // stacktest built it there
	t.Logf("stack up (mcpchaos built) in %s", time.Since(began).Round(time.Second))

	t.Run("fires with the metrics path blind", func(t *testing.T) {
		code, entries, out := runLogAlert(ctx, t, bin, st, nil)
		if code != 0 {
			t.Errorf("exit %d, want 0\n%s", code, out)
		}
		spike := entryFor(t, entries, logAlertSubject)
		if spike.Status != assertions.Pass {
			t.Fatalf("%s is %s: %s", spike.Subject, spike.Status, spike.Why)
		}
		t.Logf("%s: %s; stages %s", spike.Subject, spike.Why, stagesOf(spike))
	})
	t.Run("fails with vmalert stopped before the burst", func(t *testing.T) {
		stopRuler := func(ctx context.Context) error {
			_, err := st.Client().Do(ctx, control.Action{Op: control.OpStop, Component: "vmalert"})
			return err
		}
		t.Cleanup(func() {
			_, _ = st.Client().Do(context.Background(), control.Action{Op: control.OpStart, Component: "vmalert"})
		})
		code, entries, out := runLogAlert(ctx, t, bin, st, stopRuler)
		if code != 99 {
			t.Errorf("exit %d, want 99 (an assertion failed)\n%s", code, out)
		}
		spike := entryFor(t, entries, logAlertSubject)
		if spike.Status != assertions.Fail || !strings.Contains(spike.Why, "MCPErrorLogSpike") {
			t.Errorf("%s is %s (%s); want a fail naming the alert", spike.Subject, spike.Status, spike.Why)
		}
		for _, e := range entries {
			if e.Status == assertions.Error {
				t.Errorf("%s could not be evaluated (%s): a stopped ruler is a broken pipeline, a fail", e.Subject, e.Why)
			}
		}
		t.Logf("%s fails, as it should: %s", spike.Subject, spike.Why)
	})
}

// runLogAlert runs log-alert.js against st. With breakOnCut, it calls it
// once the fault on the metrics path is in effect (the scenario then
// waits for the scrapes to fail before its burst).
func runLogAlert(ctx context.Context, t *testing.T, bin string, st *stack.Stack, breakOnCut func(context.Context) error) (int, []assertions.Entry, string) {
	t.Helper()
	dir := t.TempDir()
	runDir := filepath.Join(dir, "run")
	if err := os.MkdirAll(runDir, 0o755); err != nil {
		t.Fatal(err)
	}
	events := filepath.Join(runDir, "events.jsonl")
	cmd := exec.CommandContext(ctx, bin, "run", "log-alert.js", "--config", st.ConfigPath(), "-q",
		"--assertions-results", filepath.Join(runDir, "assertions.jsonl"), "--faults-events", events)
	cmd.Env = withoutEnv(os.Environ(), "MCP_TEST_DEFECT")
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 30 * time.Second
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	broke := make(chan error, 1)
	if breakOnCut != nil {
		go func() { broke <- onEffective(ctx, events, "mcp-server-metrics", breakOnCut) }()
	}
	code, err := exitCode(cmd.Wait())
	if err != nil {
		t.Fatalf("mcpchaos run log-alert.js: %v\n%s", err, out.String())
	}
	if breakOnCut != nil {
		if err := <-broke; err != nil {
			t.Fatalf("breaking the pipeline: %v\n%s", err, out.String())
		}
	}
	entries, err := readEntries(dir)
	if err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	return code, entries, out.String()
}

// onEffective polls the run's event log until a fault on target is in
// effect, then calls f.
func onEffective(ctx context.Context, events, target string, f func(context.Context) error) error {
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		if b, err := os.ReadFile(events); err == nil {
			sc := bufio.NewScanner(bytes.NewReader(b))
			for sc.Scan() {
				var e faults.Event
				if json.Unmarshal(sc.Bytes(), &e) == nil && e.Event == faults.EventEffective && e.Target == target {
					return f(ctx)
				}
			}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
}

// entryFor is the one result with subject.
func entryFor(t *testing.T, entries []assertions.Entry, subject string) assertions.Entry {
	t.Helper()
	for _, e := range entries {
		if e.Subject == subject {
			return e
		}
	}
	t.Fatalf("no %s among the results: %s", subject, subjects(entries))
	return assertions.Entry{}
}

func stagesOf(e assertions.Entry) string {
	var s []string
	for _, st := range e.Stages {
		s = append(s, st.Name+" +"+st.After.Round(10*time.Millisecond).String())
	}
	return strings.Join(s, ", ")
}
