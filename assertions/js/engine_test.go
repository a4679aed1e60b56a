package assertionsjs_test

import (
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/assertions"
	assertionsjs "github.com/mcpchaos/mcpchaos/assertions/js"
	"github.com/mcpchaos/mcpchaos/config"
	"github.com/mcpchaos/mcpchaos/engine"
	"github.com/mcpchaos/mcpchaos/engine/modules"
	"github.com/mcpchaos/mcpchaos/engine/modules/k6"
	"github.com/mcpchaos/mcpchaos/engine/modules/k6metrics"
	"github.com/mcpchaos/mcpchaos/internal/syncbuf"
)

// run is one engine run of a testdata script.
type run struct {
	res     engine.Result
	err     error
	stderr  string
	results string // the results file
	took    time.Duration
}

// runScript runs testdata/<name> on the engine with k6/x/assertions on
// the test Prometheus.
func runScript(t *testing.T, name string, env map[string]string, opts ...assertionsjs.Option) run {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	results := filepath.Join(t.TempDir(), "results.jsonl")
	var out syncbuf.Buffer
	e, err := engine.New(ctx, engine.Options{
		ScriptPath: filepath.Join("testdata", name),
		Modules: map[string]modules.Module{
			"k6":              k6.New(),
			"k6/metrics":      k6metrics.New(),
			"k6/x/assertions": assertionsjs.New(append([]assertionsjs.Option{assertionsjs.WithResultsFile(results)}, opts...)...),
		},
		Config: &config.Config{Backends: promBackends(prometheusURL(t))},
		Env:    env,
		Quiet:  true,
		Stdout: &out,
		Stderr: &out,
		Logger: slog.New(slog.NewTextHandler(&out, nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	res, err := e.Run(ctx)
	return run{res: res, err: err, stderr: out.String(), results: results, took: time.Since(start)}
}

// metric reads summary metrics[name].values[stat].
func metric(data map[string]any, name, stat string) (float64, bool) {
	ms, _ := data["metrics"].(map[string]any)
	m, _ := ms[name].(map[string]any)
	vs, _ := m["values"].(map[string]any)
	v, ok := vs[stat].(float64)
	return v, ok
}

// summaryChecks are the summary's checks by group path and name, as
// passes/fails.
func summaryChecks(g map[string]any, out map[string][2]float64) map[string][2]float64 {
	if out == nil {
		out = map[string][2]float64{}
	}
	for _, c := range g["checks"].([]any) {
		c := c.(map[string]any)
		out[c["path"].(string)] = [2]float64{c["passes"].(float64), c["fails"].(float64)}
	}
	for _, sub := range g["groups"].([]any) {
		summaryChecks(sub.(map[string]any), out)
	}
	return out
}

// TestBackgroundWhileLoadRuns: a background expectation held for 2s
// while the other scenario kept its load going and its own VU kept
// polling; it and a sync one in a group are counted in the summary and
// pass the checks{kind:assertion} threshold.
func TestBackgroundWhileLoadRuns(t *testing.T) {
	t.Parallel()
	r := runScript(t, "background.js", nil)
	if r.err != nil {
		t.Fatalf("run: %v\n%s", r.err, r.stderr)
	}
	if n, _ := metric(r.res.Summary, "polled_while_running", "count"); n < 10 {
		t.Errorf("the VU polled %v times while the expectation ran, want it kept running (>= 10)", n)
	}
	if n, _ := metric(r.res.Summary, "load_ops", "count"); n < 20 {
		t.Errorf("load_ops %v, want the load scenario running meanwhile (>= 20)", n)
	}
	if rate, ok := metric(r.res.Summary, "checks{kind:assertion}", "rate"); !ok || rate != 1 {
		t.Errorf("checks{kind:assertion} rate %v (%v), want 1", rate, ok)
	}
	if _, ok := metric(r.res.Summary, "time_to_detect", "avg"); !ok {
		t.Error("no time_to_detect in the summary")
	}
	want := map[string][2]float64{
		"::queryHolds(vector(1) == 1 for 2s)":                 {1, 0},
		"::pipeline::queryHolds(up{job=\"prometheus\"} == 1)": {1, 0},
	}
	got := summaryChecks(r.res.Summary["root_group"].(map[string]any), nil)
	for k, v := range want {
		if got[k] != v {
			t.Errorf("summary check %s = %v, want %v (all: %v)", k, got[k], v, got)
		}
	}
	if es := entries(t, r.results); len(es) != 2 || es[0].Status != assertions.Pass || es[1].Status != assertions.Pass {
		t.Errorf("results file %+v, want two passes", es)
	}
}

// TestLeftRunning: a background expectation still running when its
// scenario ends is awaited by the end of the run and recorded — a pass
// when it holds in time, an Error (exit 120, outranking the crossed
// threshold's 99) when the end cuts it.
func TestLeftRunning(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, query, forDur string
		wantCode            int
		wantStatus          assertions.Status
		wantWhy             string
	}{
		{"awaited", "vector(1) == 1", "3s", 0, assertions.Pass, "held for 3s"},
		{"cut", "vector(1) > 5", "0s", engine.ExitCouldNotEvaluate, assertions.Error, "stopped before the deadline (the run ended or was interrupted)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := runScript(t, "left_running.js", map[string]string{"QUERY": tc.query, "FOR": tc.forDur}, assertionsjs.WithEndWait(5*time.Second))
			if code := engine.ExitCodeOf(r.err); code != tc.wantCode {
				t.Fatalf("exit %d (%v), want %d\n%s", code, r.err, tc.wantCode, r.stderr)
			}
			es := entries(t, r.results)
			if len(es) != 1 || es[0].Status != tc.wantStatus || !strings.Contains(es[0].Why, tc.wantWhy) {
				t.Fatalf("results file %+v, want one %s saying %q", es, tc.wantStatus, tc.wantWhy)
			}
			got := summaryChecks(r.res.Summary["root_group"].(map[string]any), nil)
			if c := got["::"+es[0].Subject]; c[0]+c[1] != 1 || (c[0] == 1) != (tc.wantStatus == assertions.Pass) {
				t.Errorf("summary check %v, want the result counted (all: %v)", c, got)
			}
			if tc.wantCode != 0 {
				if !strings.Contains(r.err.Error(), es[0].Subject) || !strings.Contains(r.err.Error(), "thresholds") {
					t.Errorf("error %q, want it to name the expectation and keep the crossed threshold", r.err)
				}
				if r.took > 15*time.Second {
					t.Errorf("the run took %s: the end wait is 5s", r.took)
				}
			}
		})
	}
}
