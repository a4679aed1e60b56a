package engine_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestK6Modules runs each k6 module's script through the public entry
// point: every check (the values k6's docs give) passes.
func TestK6Modules(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		script string
		checks float64 // passes wanted
		minDur time.Duration
	}{
		{script: "encoding.js", checks: 11},
		{script: "crypto.js", checks: 18},
		// 2 iterations × 4 checks; each iteration waits for its 100ms timer.
		{script: "timers.js", checks: 8, minDur: 200 * time.Millisecond},
	} {
		t.Run(tc.script, func(t *testing.T) {
			t.Parallel()
			o := checksPass(t, "k6modules/"+tc.script, tc.checks)
			if o.res.Elapsed < tc.minDur {
				t.Errorf("elapsed %v, want at least %v: the iterations did not wait for their timers", o.res.Elapsed, tc.minDur)
			}
		})
	}
}

// TestTimerFailureEndsItsTimers: a throwing timer fails its iteration
// (logged as a sync throw is) and cancels the iteration's other timers;
// an interval never cleared is interrupted at the scenario's end.
func TestTimerFailureEndsItsTimers(t *testing.T) {
	t.Parallel()
	// A failed check would be a timer of a failed iteration firing later.
	o := checksPass(t, "k6modules/timers_reset.js", 3)
	for i := range 3 {
		if want := fmt.Sprintf("timer boom in iteration %d", i); !strings.Contains(o.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, o.stderr)
		}
	}
	if o.res.Elapsed > 5*time.Second {
		t.Errorf("elapsed %v: the never-cleared interval held the run past its 300ms scenario", o.res.Elapsed)
	}
}

// checksPass runs testdata/<script> and wants it to succeed with every
// check passed, passes of them.
func checksPass(t *testing.T, script string, passes float64) outcome {
	t.Helper()
	o := runScript(t, context.Background(), script, nil, nil)
	if o.err != nil {
		t.Fatalf("run: %v\n%s", o.err, o.stderr)
	}
	if v, _ := value(o.res.Summary, "checks", "fails"); v != 0 {
		t.Errorf("%v checks failed:\n%s", v, o.stdout)
	}
	if v := mustValue(t, o.res.Summary, "checks", "passes"); v != passes {
		t.Errorf("checks passed = %v, want %v:\n%s", v, passes, o.stdout)
	}
	return o
}
