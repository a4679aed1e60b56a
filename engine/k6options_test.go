package engine_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/engine"
	"github.com/mcpchaos/mcpchaos/engine/executor"
)

// lookupIn is an Options.LookupEnv over a map.
func lookupIn(env map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := env[k]; return v, ok }
}

// TestEnvOptions: the K6_* variables set the options k6 documents, over
// the script's and under the flags' (Options fields).
func TestEnvOptions(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name           string
		env            map[string]string
		mod            func(*engine.Options)
		code           int
		vus, iters     float64 // vus_max and iterations wanted
		minElapsed     time.Duration
		stats, nostats []string // iteration_duration values present / absent
	}{
		{name: "script only", code: 99, vus: 1, iters: 1, stats: []string{"avg", "med"}, nostats: []string{"p(95)"}},
		{name: "K6_VUS=3 gives 3 VUs", env: map[string]string{"K6_VUS": "3", "K6_ITERATIONS": "6", "K6_NO_THRESHOLDS": "true"}, vus: 3, iters: 6},
		{name: "flags beat the environment", env: map[string]string{"K6_VUS": "3", "K6_ITERATIONS": "6", "K6_NO_THRESHOLDS": "true"},
			mod: func(o *engine.Options) { o.VUs, o.Iterations = 2, 4 }, vus: 2, iters: 4},
		{name: "K6_STAGES", env: map[string]string{"K6_STAGES": "300ms:2,100ms:0", "K6_NO_THRESHOLDS": "1"}, vus: 2, minElapsed: 400 * time.Millisecond},
		{name: "flag stages beat K6_ITERATIONS", env: map[string]string{"K6_ITERATIONS": "9", "K6_NO_THRESHOLDS": "1"},
			mod: func(o *engine.Options) {
				o.Stages = []executor.Stage{{Duration: executor.Duration(200 * time.Millisecond), Target: 3}}
			}, vus: 3, minElapsed: 200 * time.Millisecond},
		{name: "K6_SUMMARY_TREND_STATS", env: map[string]string{"K6_SUMMARY_TREND_STATS": "p(99), count", "K6_NO_THRESHOLDS": "1"}, vus: 1, iters: 1,
			stats: []string{"p(99)", "count"}, nostats: []string{"avg", "med"}},
		{name: "the flag's trend stats win", env: map[string]string{"K6_SUMMARY_TREND_STATS": "p(99)"},
			mod: func(o *engine.Options) { o.SummaryTrendStats, o.NoThresholds = []string{"max"}, true }, vus: 1, iters: 1,
			stats: []string{"max"}, nostats: []string{"p(99)", "avg"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			o := runScript(t, context.Background(), "k6options/env.js", nil, func(opts *engine.Options) {
				opts.LookupEnv = lookupIn(tc.env)
				if tc.mod != nil {
					tc.mod(opts)
				}
			})
			if o.code() != tc.code {
				t.Fatalf("exit %d, want %d: %v\n%s", o.code(), tc.code, o.err, o.stderr)
			}
			if v := mustValue(t, o.res.Summary, "vus_max", "value"); v != tc.vus {
				t.Errorf("vus_max = %v, want %v", v, tc.vus)
			}
			if tc.iters > 0 {
				if v := mustValue(t, o.res.Summary, "iterations", "count"); v != tc.iters {
					t.Errorf("iterations = %v, want %v", v, tc.iters)
				}
			}
			if o.res.Elapsed < tc.minElapsed {
				t.Errorf("elapsed %v, want at least %v (the stages)", o.res.Elapsed, tc.minElapsed)
			}
			for _, s := range tc.stats {
				if _, ok := value(o.res.Summary, "iteration_duration", s); !ok {
					t.Errorf("iteration_duration lacks %s", s)
				}
			}
			for _, s := range tc.nostats {
				if _, ok := value(o.res.Summary, "iteration_duration", s); ok {
					t.Errorf("iteration_duration has %s", s)
				}
			}
		})
	}
}

// TestEnvOptionErrors: bad K6_* values are invalid config (104), every one
// named with what it wants.
func TestEnvOptionErrors(t *testing.T) {
	t.Parallel()
	o := runScript(t, context.Background(), "k6options/env.js", nil, func(opts *engine.Options) {
		opts.LookupEnv = lookupIn(map[string]string{"K6_VUS": "three", "K6_DURATION": "forever", "K6_STAGES": "10s", "K6_HTTP_DEBUG": "loud"})
	})
	if o.code() != engine.ExitInvalidConfig {
		t.Fatalf("exit %d, want 104: %v", o.code(), o.err)
	}
	for _, want := range []string{`K6_VUS="three": want a whole number`, `K6_DURATION="forever": want a duration`, `K6_STAGES="10s": stage "10s": use DURATION:TARGET`} {
		if !strings.Contains(o.err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, o.err)
		}
	}
	d := runScript(t, context.Background(), "k6options/env.js", nil, func(opts *engine.Options) {
		opts.LookupEnv = lookupIn(map[string]string{"K6_HTTP_DEBUG": "loud"})
	})
	if d.code() != engine.ExitInvalidConfig || !strings.Contains(d.err.Error(), "--http-debug=full") {
		t.Errorf("K6_HTTP_DEBUG=loud: exit %d, err %v; want 104 naming the values", d.code(), d.err)
	}
}

// TestNoSummary: K6_NO_SUMMARY (--no-summary) prints no summary and does
// not call handleSummary; the data is still the run's result.
func TestNoSummary(t *testing.T) {
	t.Parallel()
	o := runScript(t, context.Background(), "k6options/summary.js", nil, func(opts *engine.Options) {
		opts.LookupEnv = lookupIn(map[string]string{"K6_NO_SUMMARY": "true"})
	})
	if o.err != nil {
		t.Fatalf("run: %v", o.err)
	}
	if o.stdout != "" {
		t.Errorf("stdout %q, want nothing", o.stdout)
	}
	if o.res.Summary["setup_data"] == nil {
		t.Error("the result's summary lacks setup_data")
	}
}

// TestHandleSummarySetupData: data.setup_data is setup()'s value, and an
// async handleSummary is awaited (its output printed).
func TestHandleSummarySetupData(t *testing.T) {
	t.Parallel()
	o := runScript(t, context.Background(), "k6options/summary.js", nil, nil)
	if o.err != nil {
		t.Fatalf("run: %v\n%s", o.err, o.stderr)
	}
	if want := "setup_data token=abc n=2"; !strings.Contains(o.stdout, want) {
		t.Errorf("stdout %q, want %q", o.stdout, want)
	}
}

// TestRequire: require() loads CommonJS files and registered modules in
// init code, and import loads a CommonJS file as its default export; an
// ES module file and a throwing file fail init (107) saying
// what to do and where.
func TestRequire(t *testing.T) {
	t.Parallel()
	checksPass(t, "require/main.js", 5)
	checksPass(t, "require/import_cjs.js", 2)
	checksPass(t, "require/cjs_main.js", 2)
	for _, tc := range []struct{ script, want string }{
		{"require/esm.js", "is an ES module (it uses import/export), which require() cannot load: write `import ... from \"./lib/esm.js\"`"},
		{"require/throws.js", "boom in a CommonJS file"},
		{"require/throws.js", "throws.js:2"},
	} {
		bad := runScript(t, context.Background(), tc.script, nil, nil)
		if bad.code() != engine.ExitScriptException || !strings.Contains(bad.err.Error(), tc.want) {
			t.Errorf("%s: exit %d, err %v; want 107 saying %q", tc.script, bad.code(), bad.err, tc.want)
		}
	}
}
