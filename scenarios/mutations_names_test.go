package scenarios_test

import (
	"slices"
	"testing"

	"github.com/mcpchaos/mcpchaos/fixtures/server"
	"github.com/mcpchaos/mcpchaos/scenarios"
)

// TestEveryDefectIsAMutation: each test-only defect of the reference
// server has its entry in the mutation matrix (phase and the assertion
// that must catch it), and each entry names a real defect.
func TestEveryDefectIsAMutation(t *testing.T) {
	var names []string
	for _, m := range scenarios.Mutations() {
		if m.Phase == "" || m.Catches == "" || m.Breaks == "" {
			t.Errorf("mutation %+v lacks its phase, catching assertion or description", m)
		}
		names = append(names, m.Name)
	}
	known := server.KnownDefects()
	slices.Sort(known)
	if !slices.Equal(names, known) {
		t.Fatalf("mutations %v, reference server defects %v", names, known)
	}
}
