package assertions_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/assertions"
)

// TestLogsAbsent: a window with no line passes (with a control that
// proves the selector matches lines at all), a line in the window fails
// naming the count, and a selector that matches nothing anywhere fails
// under control: absence proves nothing then.
func TestLogsAbsent(t *testing.T) {
	b := liveStack(t)
	ctx := context.Background()
	run := uniqueID(t)
	sel := assertions.LogSelector{Fields: map[string]string{"run": run}}
	insertLines(t, line(run, "before the window", nil))
	waitLines(t, sel, time.Now().Add(-time.Minute), 1)
	time.Sleep(50 * time.Millisecond)
	start := time.Now()
	quiet := assertions.LogsAbsent{Selector: sel, Since: start, Within: time.Second, Control: true}.Evaluate(ctx, b)
	if quiet.Status != assertions.Pass || !strings.Contains(quiet.Why, "matched 1 line just before") {
		t.Fatalf("no line in the window, with a control: %s", quiet)
	}
	insertLines(t, line(run, "in the window", nil))
	waitLines(t, sel, start, 1)
	got := assertions.LogsAbsent{Selector: sel, Since: start, Within: time.Second}.Evaluate(ctx, b)
	if got.Status != assertions.Fail || !strings.Contains(got.Why, "1 line matched") {
		t.Fatalf("a line in the window: %s", got)
	}
	nothing := assertions.LogSelector{Fields: map[string]string{"run": uniqueID(t)}}
	vacuous := assertions.LogsAbsent{Selector: nothing, Since: start, Within: time.Second, Control: true}.Evaluate(ctx, b)
	if vacuous.Status != assertions.Fail || !strings.Contains(vacuous.Why, "proves nothing") {
		t.Fatalf("a selector that never matches, under control: %s", vacuous)
	}
	if r := (assertions.LogsAbsent{Selector: sel, Since: start, Within: time.Second}).Evaluate(ctx, unreachable(t)); r.Status != assertions.Error || !strings.Contains(r.Why, "unreachable") {
		t.Fatalf("unreachable: %s", r)
	}
}
