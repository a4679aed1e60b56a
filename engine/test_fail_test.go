package engine_test

import (
	"context"
	"strings"
	"testing"

	"github.com/mcpchaos/mcpchaos/engine"
)

func TestTestFail(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, threshold string
		code            int
	}{
		{"marks the run failed and lets it finish", "", engine.ExitMarkedAsFailed},
		{"crossed thresholds keep their own code", "1", engine.ExitThresholdsFailed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			o := runScript(t, context.Background(), "test_fail.js", map[string]string{"THRESHOLD": tc.threshold}, nil)
			if o.code() != tc.code {
				t.Fatalf("exit code %d, want %d: %v", o.code(), tc.code, o.err)
			}
			if !strings.Contains(o.stderr, "the canary said no") {
				t.Errorf("stderr lacks the fail() message:\n%s", o.stderr)
			}
			if v := mustValue(t, o.res.Summary, "iterations", "count"); v != 4 {
				t.Errorf("iterations = %v, want 4: test.fail() must not stop the run", v)
			}
			if tc.code == engine.ExitMarkedAsFailed && !strings.Contains(o.err.Error(), "the canary said no") {
				t.Errorf("error %q lacks the reason", o.err)
			}
		})
	}
}

// TestExitCodesOutsideK6Range: mcpchaos's own verdicts never reuse a
// code k6 documents (0, 1, 97-110), so a k6 script's code keeps meaning.
func TestExitCodesOutsideK6Range(t *testing.T) {
	t.Parallel()
	for name, c := range map[string]int{"could not evaluate": engine.ExitCouldNotEvaluate, "fault not reverted": engine.ExitFaultNotReverted} {
		if c <= 110 || c > 125 {
			t.Errorf("%s = %d: pick a code above k6's 97-110 and below the shell's 126", name, c)
		}
	}
	if engine.ExitCouldNotEvaluate == engine.ExitFaultNotReverted {
		t.Error("the two verdicts share a code")
	}
}
