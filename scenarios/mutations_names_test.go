package scenarios_test

import (
	"slices"
	"testing"

	"github.com/mcpchaos/mcpchaos/fixtures/server"
	"github.com/mcpchaos/mcpchaos/scenarios"
	"github.com/mcpchaos/mcpchaos/stack"
)

// TestEveryDefectIsAMutation: each test-only defect of the reference
// server and each mutation of the stack has its entry in the mutation matrix (phase and the assertion
// that must catch it), and each entry names a real defect.
func TestEveryDefectIsAMutation(t *testing.T) {
	var names []string
	for _, m := range scenarios.Mutations() {
		if m.Phase == "" || m.Catches == "" || m.Breaks == "" {
			t.Errorf("mutation %+v lacks its phase, catching assertion or description", m)
		}
		if m.Stack != slices.Contains(stack.KnownMutations(), m.Name) {
			t.Errorf("mutation %s: Stack = %v, but the stack's mutations are %v", m.Name, m.Stack, stack.KnownMutations())
		}
		names = append(names, m.Name)
	}
	known := append(server.KnownDefects(), stack.KnownMutations()...)
	slices.Sort(known)
	known = slices.Compact(known) // metrics-on-mcp-port is both: the stack sets the server's half
	if !slices.Equal(names, known) {
		t.Fatalf("mutations %v, reference server defects %v", names, known)
	}
}
