package engine_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// TestAsyncErrorsBehaveLikeSyncOnes: an exception thrown after an await,
// a rejected promise nobody handles, or one thrown in a timer callback, is logged with its stack and
// fails its stage exactly as a synchronous exception does (k6's rules:
// an iteration's error is logged and the run goes on; setup's and
// teardown's end the run with 107; handleSummary's falls back to the
// default summary). A lost async error would be a false pass.
func TestAsyncErrorsBehaveLikeSyncOnes(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		where      string
		code       int
		iterations float64 // -1: no iteration ran
		stderr     string  // besides "boom in <where>"
		stdout     string
	}{
		{"default", 0, 2, "async_errors.js:", "custom summary: checks passed 2"},
		{"named", 0, 2, "async_errors.js:", "custom summary: checks passed 2"},
		{"setup", 107, -1, "setup", ""},
		{"teardown", 107, 2, "teardown", "custom summary: checks passed 2"},
		{"handleSummary", 0, 2, "handleSummary failed", "checks"},
	} {
		for _, mode := range []string{"sync", "1", "floating", "timer"} {
			t.Run(fmt.Sprintf("%s/%s", tc.where, mode), func(t *testing.T) {
				t.Parallel()
				o := runScript(t, context.Background(), "async_errors.js", map[string]string{"WHERE": tc.where, "ASYNC": mode}, nil)
				if got := o.code(); got != tc.code {
					t.Fatalf("exit code = %d, want %d (err %v)\n%s", got, tc.code, o.err, o.stderr)
				}
				combined := o.stderr
				if o.err != nil {
					combined += o.err.Error()
				}
				for _, want := range []string{"boom in " + tc.where, tc.stderr} {
					if !strings.Contains(combined, want) {
						t.Errorf("output lacks %q:\n%s", want, combined)
					}
				}
				if tc.iterations >= 0 {
					if v := mustValue(t, o.res.Summary, "iterations", "count"); v != tc.iterations {
						t.Errorf("iterations = %v, want %v", v, tc.iterations)
					}
					if v := mustValue(t, o.res.Summary, "checks", "passes"); v != 2 {
						t.Errorf("checks passes = %v, want 2: async setup() must hand its resolved value to the VUs", v)
					}
				}
				if !strings.Contains(o.stdout, tc.stdout) {
					t.Errorf("stdout lacks %q:\n%s", tc.stdout, o.stdout)
				}
			})
		}
	}
}

// TestHandledRejectionIsNoError: a rejection caught later in the same
// iteration is not reported.
func TestHandledRejectionIsNoError(t *testing.T) {
	t.Parallel()
	o := runScript(t, context.Background(), "async_handled.js", nil, nil)
	if o.err != nil || strings.Contains(o.stderr, "Uncaught") {
		t.Fatalf("run: %v\n%s", o.err, o.stderr)
	}
	if v := mustValue(t, o.res.Summary, "checks", "passes"); v != 2 {
		t.Errorf("checks passes = %v, want 2", v)
	}
}
