package engine_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/engine"
)

func TestExecutors(t *testing.T) {
	t.Parallel()
	// Iteration counts of the arrival-rate executors may lose a few to
	// drops on a loaded machine, but started plus dropped is exact.
	tests := []struct {
		executor         string
		sleep            string
		minIter, maxIter float64
		scheduled        float64 // iterations + dropped_iterations, when > 0
		minDrop          float64
		minTime, maxTime time.Duration
	}{
		{executor: "shared-iterations", minIter: 30, maxIter: 30, maxTime: 8 * time.Second},
		{executor: "per-vu-iterations", minIter: 15, maxIter: 15, maxTime: 8 * time.Second},
		// 2 VUs looping 100ms iterations for 1s.
		{executor: "constant-vus", sleep: "0.1", minIter: 10, maxIter: 22, minTime: time.Second, maxTime: 8 * time.Second},
		// 0→4→0 VUs over 1s: about 2 VUs on average, 10 iterations each.
		{executor: "ramping-vus", sleep: "0.1", minIter: 8, maxIter: 30, minTime: 900 * time.Millisecond, maxTime: 8 * time.Second},
		{executor: "constant-arrival-rate", minIter: 15, maxIter: 20, scheduled: 20, minTime: time.Second, maxTime: 8 * time.Second},
		// 0→20/s over 1s: 10 iterations.
		{executor: "ramping-arrival-rate", minIter: 7, maxIter: 10, scheduled: 10, minTime: time.Second, maxTime: 8 * time.Second},
		// 50/s on one VU whose iterations take 100ms: ~10 run, ~40 dropped.
		{executor: "dropping", sleep: "0.1", minIter: 5, maxIter: 11, scheduled: 50, minDrop: 30, minTime: time.Second, maxTime: 8 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.executor, func(t *testing.T) {
			t.Parallel()
			o := runScript(t, context.Background(), "executors.js", map[string]string{"EXECUTOR": tt.executor, "SLEEP": tt.sleep}, nil)
			if o.err != nil {
				t.Fatalf("run: %v\n%s", o.err, o.stderr)
			}
			data := o.res.Summary
			iters := mustValue(t, data, "iterations", "count")
			if iters < tt.minIter || iters > tt.maxIter {
				t.Errorf("iterations = %v, want %v..%v", iters, tt.minIter, tt.maxIter)
			}
			dropped, _ := value(data, "dropped_iterations", "count")
			if tt.scheduled > 0 && (iters+dropped < tt.scheduled-1 || iters+dropped > tt.scheduled) {
				t.Errorf("iterations %v + dropped %v, want %v (or one less)", iters, dropped, tt.scheduled)
			}
			if tt.scheduled == 0 && dropped != 0 || dropped < tt.minDrop {
				t.Errorf("dropped_iterations = %v, want at least %v", dropped, tt.minDrop)
			}
			if el := o.res.Elapsed; el < tt.minTime || el > tt.maxTime {
				t.Errorf("elapsed %v, want %v..%v", el, tt.minTime, tt.maxTime)
			}
		})
	}
}

func TestScenariosTagsAndEnv(t *testing.T) {
	t.Parallel()
	o := runScript(t, context.Background(), "scenarios.js", nil, nil)
	if o.err != nil {
		t.Fatalf("run: %v\n%s", o.err, o.stderr)
	}
	data := o.res.Summary
	for _, tc := range []struct {
		key, stat string
		want      float64
	}{
		{"iterations{scenario:a}", "count", 6},
		{"iterations{scenario:b}", "count", 4},
		{"checks{kind:late}", "passes", 12},
		{"checks{mark:x}", "passes", 6},
		{"checks", "fails", 0},
	} {
		if got := mustValue(t, data, tc.key, tc.stat); got != tc.want {
			t.Errorf("%s %s = %v, want %v", tc.key, tc.stat, got, tc.want)
		}
	}
	if o.res.Elapsed < 300*time.Millisecond {
		t.Errorf("elapsed %v: scenario b should start at 300ms", o.res.Elapsed)
	}
}

func TestLifecycleAndHandleSummary(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	out := filepath.Join(dir, "sub", "summary.json")
	export := filepath.Join(dir, "export.json")
	junit := filepath.Join(dir, "junit.xml")
	jsonOut := filepath.Join(dir, "samples.json")
	o := runScript(t, context.Background(), "lifecycle.js", map[string]string{"OUT": out}, func(opts *engine.Options) {
		opts.SummaryExport, opts.JUnit = export, junit
		opts.Outputs = []string{"json=" + jsonOut}
	})
	if o.err != nil {
		t.Fatalf("run: %v\n%s", o.err, o.stderr)
	}
	if o.stdout != "custom summary\n" {
		t.Errorf("stdout = %q, want only handleSummary's", o.stdout)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var got struct{ Iterations float64 }
	if err := json.Unmarshal(b, &got); err != nil || got.Iterations != 6 {
		t.Errorf("handleSummary file = %s (%v), want iterations 6", b, err)
	}
	if v := mustValue(t, o.res.Summary, "seen_data", "count"); v != 6 {
		t.Errorf("seen_data = %v: setup data did not reach every iteration", v)
	}
	if v := mustValue(t, o.res.Summary, "checks{group:::teardown}", "passes"); v != 1 {
		t.Errorf("teardown check passes = %v, want 1", v)
	}
	for _, f := range []string{export, junit, jsonOut} {
		if st, err := os.Stat(f); err != nil || st.Size() == 0 {
			t.Errorf("%s not written: %v", f, err)
		}
	}
}

func TestThresholdsExitCodes(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		env  map[string]string
		code int
	}{
		{"pass", nil, engine.ExitOK},
		{"fail", map[string]string{"FAIL": "1"}, engine.ExitThresholdsFailed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			o := runScript(t, context.Background(), "thresholds.js", tc.env, nil)
			if o.code() != tc.code || o.res.ExitCode != tc.code {
				t.Fatalf("exit code %d (result %d), want %d: %v", o.code(), o.res.ExitCode, tc.code, o.err)
			}
			if tc.code == engine.ExitThresholdsFailed && !strings.Contains(o.err.Error(), "checks") {
				t.Errorf("error %q does not name the metric", o.err)
			}
			if !strings.Contains(o.stdout, "checks") {
				t.Errorf("no text summary on stdout:\n%s", o.stdout)
			}
		})
	}
}

func TestAbortOnFail(t *testing.T) {
	t.Parallel()
	o := runScript(t, context.Background(), "abort_on_fail.js", nil, nil)
	if o.code() != engine.ExitThresholdsFailed {
		t.Fatalf("exit code %d, want 99: %v", o.code(), o.err)
	}
	if o.res.Elapsed > 30*time.Second {
		t.Errorf("elapsed %v: abortOnFail should stop the 120s test at the first evaluation", o.res.Elapsed)
	}
}

func TestScriptAbort(t *testing.T) {
	t.Parallel()
	o := runScript(t, context.Background(), "abort.js", nil, nil)
	if o.code() != engine.ExitScriptAborted {
		t.Fatalf("exit code %d, want 108: %v", o.code(), o.err)
	}
	if !strings.Contains(o.err.Error(), "enough") {
		t.Errorf("error %q lacks the abort reason", o.err)
	}
	if v := mustValue(t, o.res.Summary, "checks", "passes"); v != 1 {
		t.Errorf("teardown did not run after test.abort()")
	}
	if v := mustValue(t, o.res.Summary, "iterations", "count"); v != 2 {
		t.Errorf("iterations = %v, want 2 (the aborting one is interrupted)", v)
	}
}

func TestIterationErrorsContinue(t *testing.T) {
	t.Parallel()
	o := runScript(t, context.Background(), "errors.js", nil, nil)
	if o.err != nil {
		t.Fatalf("run: %v", o.err)
	}
	if v := mustValue(t, o.res.Summary, "iterations", "count"); v != 4 {
		t.Errorf("iterations = %v, want 4", v)
	}
	for _, want := range []string{"first iteration breaks", "errors.js:7", "second iteration fails"} {
		if !strings.Contains(o.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, o.stderr)
		}
	}
}

func TestAsyncDefault(t *testing.T) {
	t.Parallel()
	o := runScript(t, context.Background(), "async.js", nil, nil)
	if o.err != nil {
		t.Fatalf("run: %v\n%s", o.err, o.stderr)
	}
	if v := mustValue(t, o.res.Summary, "checks", "passes"); v != 3 {
		t.Errorf("checks passes = %v, want 3", v)
	}
}

func TestGracefulStop(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, grace, sleep string
		iterations         float64
		maxTime            time.Duration
	}{
		// Upper bounds sit far below the broken outcome (waiting the whole
		// gracefulStop, or the whole sleep) and far above a loaded
		// machine's slowness.
		{"finishes within gracefulStop", "60s", "0.5", 1, 20 * time.Second},
		{"interrupted after gracefulStop", "100ms", "60", 0, 20 * time.Second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			o := runScript(t, context.Background(), "interrupt.js", map[string]string{"GRACE": tc.grace, "SLEEP": tc.sleep}, nil)
			if o.err != nil {
				t.Fatalf("run: %v", o.err)
			}
			got, _ := value(o.res.Summary, "iterations", "count")
			if got != tc.iterations {
				t.Errorf("iterations = %v, want %v", got, tc.iterations)
			}
			if o.res.Elapsed > tc.maxTime {
				t.Errorf("elapsed %v > %v", o.res.Elapsed, tc.maxTime)
			}
		})
	}
}

func TestStopByContext(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	o := runScript(t, ctx, "interrupt.js", map[string]string{"GRACE": "120s", "SLEEP": "120"}, nil)
	if o.code() != engine.ExitExternalAbort {
		t.Fatalf("exit code %d, want 105: %v", o.code(), o.err)
	}
	if o.res.Elapsed > 30*time.Second {
		t.Errorf("elapsed %v: the stop should interrupt the 120s sleep at once", o.res.Elapsed)
	}
	if !strings.Contains(o.stderr, "teardown ran") {
		t.Errorf("teardown did not run:\n%s", o.stderr)
	}
}

func TestCommandLineOverrides(t *testing.T) {
	t.Parallel()
	o := runScript(t, context.Background(), "executors.js", map[string]string{"EXECUTOR": "constant-vus"}, func(opts *engine.Options) {
		opts.VUs, opts.Iterations = 3, 9
		opts.Tags = map[string]string{"team": "t1"}
	})
	if o.err != nil {
		t.Fatalf("run: %v", o.err)
	}
	if v := mustValue(t, o.res.Summary, "iterations", "count"); v != 9 {
		t.Errorf("iterations = %v, want 9 from -i", v)
	}
	if v := mustValue(t, o.res.Summary, "vus_max", "max"); v != 3 {
		t.Errorf("vus_max = %v, want 3 from -u", v)
	}
}

func TestBadInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		script string
		code   int
		want   []string
	}{
		{"bad/syntax.js", engine.ExitScriptException, []string{"syntax.js:2:11", "SyntaxError", "Unexpected token"}},
		{"bad/unknown_executor.js", engine.ExitInvalidConfig, []string{`scenario "s"`, `unknown executor "constant-vu"`, "constant-vus"}},
		{"bad/unknown_option.js", engine.ExitInvalidConfig, []string{`unknown option "iteration"`, "iterations"}},
		{"bad/max_redirects.js", engine.ExitInvalidConfig, []string{"options.maxRedirects -1 must not be negative"}},
		{"bad/unknown_scenario_option.js", engine.ExitInvalidConfig, []string{`scenario "s" (constant-vus)`, `unknown option "rate"`}},
		{"bad/threshold.js", engine.ExitInvalidConfig, []string{"http_req_duration", "p95<200"}},
		{"bad/no_default.js", engine.ExitInvalidConfig, []string{"no default export", "export default function"}},
		{"bad/missing_exec.js", engine.ExitInvalidConfig, []string{`exec "nothere"`, "not an exported function"}},
		{"bad/unknown_module.js", engine.ExitScriptException, []string{`"k6/x/nope"`, "unknown module", "k6/metrics"}},
		{"bad/init_exception.js", engine.ExitScriptException, []string{"init code", "SyntaxError", "init_exception.js:1"}},
		{"bad/setup_exception.js", engine.ExitScriptException, []string{"setup", "setup broke", "setup_exception.js:1"}},
		{"bad/invalid_values.js", engine.ExitInvalidConfig, []string{`scenario "a"`, "rate is required", `scenario "b"`, "iterations (2) must not be less than vus (5)"}},
		{"bad/missing.js", engine.ExitScriptException, []string{"not found"}},
		{"bad/abort_in_init.js", engine.ExitScriptAborted, []string{"aborted by the script: no target"}},
	}
	for _, tt := range tests {
		t.Run(tt.script, func(t *testing.T) {
			t.Parallel()
			o := runScript(t, context.Background(), tt.script, nil, nil)
			if o.err == nil {
				t.Fatal("want an error")
			}
			if o.code() != tt.code {
				t.Errorf("exit code %d, want %d: %v", o.code(), tt.code, o.err)
			}
			msg := o.err.Error()
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q lacks %q", msg, w)
				}
			}
			if strings.Contains(msg, "goroutine ") || strings.Contains(msg, ".go:") {
				t.Errorf("error has a Go stack trace: %q", msg)
			}
		})
	}
}

func TestImportsAndGlobals(t *testing.T) {
	t.Parallel()
	o := runScript(t, context.Background(), "imports.js", map[string]string{"GREETING": "hi"}, nil)
	if o.err != nil {
		t.Fatalf("run: %v\n%s", o.err, o.stderr)
	}
	if v := mustValue(t, o.res.Summary, "checks", "passes"); v != 8 {
		t.Errorf("checks passes = %v, want 8", v)
	}
}
