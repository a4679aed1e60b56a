package scenarios_test

import (
	"encoding/json"
	"testing"

	"github.com/mcpchaos/mcpchaos/report"
	"github.com/mcpchaos/mcpchaos/scenarios"
)

// TestMatrixEvidence: the checked-in matrix (the README's and every demo
// report's evidence) has its provenance and one row per mutation, each
// caught by the assertion the mutation names.
func TestMatrixEvidence(t *testing.T) {
	var m report.Mutations
	if err := json.Unmarshal(scenarios.MatrixEvidence(), &m); err != nil {
		t.Fatalf("scenarios/testdata/mutations.json: %v", err)
	}
	if m.Produced.IsZero() || m.Commit == "" {
		t.Errorf("the matrix lacks its date (%v) or commit (%q)", m.Produced, m.Commit)
	}
	rows := map[string]report.Mutation{}
	for _, r := range m.Mutations {
		rows[r.Name] = r
	}
	for _, want := range scenarios.Mutations() {
		r, ok := rows[want.Name]
		if !ok {
			t.Errorf("mutation %s is not in the matrix: run MCPCHAOS_TEST_FULL=1 MCPCHAOS_MUTATIONS_OUT=testdata/mutations.json go test -run TestMutationMatrix", want.Name)
			continue
		}
		if c, ok := r.Catch(); !ok || r.CaughtBy != want.Catches || r.Exit != 99 {
			t.Errorf("mutation %s: caught %v by %q (exit %d), want %s… with exit 99", want.Name, ok, c.Assertion, r.Exit, want.Catches)
		}
	}
	if len(rows) != len(scenarios.Mutations()) {
		t.Errorf("the matrix has %d rows, the mutations are %d", len(rows), len(scenarios.Mutations()))
	}
}
