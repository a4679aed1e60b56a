package k6timers_test

import (
	"context"
	"strings"
	"testing"

	"github.com/mcpchaos/mcpchaos/engine/modules/k6timers"
	"github.com/mcpchaos/mcpchaos/engine/modules/modulestest"
)

// TestNeedsTheEngineGlobals: on a runtime without the engine's timer
// globals the module refuses to start, naming what is missing; with them
// it exports exactly those functions.
func TestNeedsTheEngineGlobals(t *testing.T) {
	t.Parallel()
	vu, err := modulestest.New(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := k6timers.New().NewInstance(vu); err == nil || !strings.Contains(err.Error(), "global setTimeout") {
		t.Fatalf("without globals: err %v, want one naming setTimeout", err)
	}
	for _, name := range []string{"setTimeout", "clearTimeout", "setInterval", "clearInterval"} {
		if _, err := vu.RT.RunString("globalThis." + name + " = function " + name + "() {};"); err != nil {
			t.Fatal(err)
		}
	}
	inst, err := k6timers.New().NewInstance(vu)
	if err != nil {
		t.Fatalf("with globals: %v", err)
	}
	if n := len(inst.Exports().Named); n != 4 {
		t.Errorf("%d exports, want 4", n)
	}
}
