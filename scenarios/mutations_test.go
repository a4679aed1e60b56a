package scenarios_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/assertions"
	"github.com/mcpchaos/mcpchaos/internal/testenv"
	"github.com/mcpchaos/mcpchaos/report"
	"github.com/mcpchaos/mcpchaos/scenarios"
)

// ciMutations is the slice of the mutation matrix CI runs (a log and a
// metric property of the server, one of the stack; the errors phase's
// catch is cmd/mcpchaos's TestDemoCatchesADefect); MCPCHAOS_TEST_FULL=1
// runs every mutation, MCPCHAOS_TEST_MUTATIONS=a,b the ones named.
var ciMutations = []string{"redaction-shallow", "coarse-buckets", "probe-not-scraped"}

// TestMutationMatrix runs `mcpchaos demo --mutation NAME` for each
// mutation: the reference server with one observability property broken
// and the suite phase that must notice. A mutation counts as caught only
// if the run fails (exit 99), the assertion named for it fails with a
// why, and nothing is could-not-evaluate (a timeout of everything is not
// a catch). The matrix is logged, and written as mutations.json (the
// report's shape) to $MCPCHAOS_MUTATIONS_OUT when set.
func TestMutationMatrix(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end: one demo phase per mutation")
	}
	t.Parallel() // its stacks are its own; the runs mostly wait
	if err := backendsCached(); err != nil {
		testenv.Missing(t, "the embedded stack's backends in the install cache", err)
	}
	names := ciMutations
	if only := os.Getenv("MCPCHAOS_TEST_MUTATIONS"); only != "" {
		names = strings.Split(only, ",")
	} else if os.Getenv("MCPCHAOS_TEST_FULL") != "" {
		names = nil
		for _, m := range scenarios.Mutations() {
			names = append(names, m.Name)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Duration(len(names))*2*time.Minute)
	defer cancel()
	dir := t.TempDir()
	bin := filepath.Join(dir, "mcpchaos")
	if b, err := exec.CommandContext(ctx, "go", "build", "-o", bin, "../cmd/mcpchaos").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, b)
	}
	matrix := report.Mutations{Produced: time.Now().UTC().Truncate(time.Second), Commit: commit()}
	var table []string
	for _, name := range names {
		m, err := scenarios.LookupMutation(name)
		if err != nil {
			t.Fatal(err)
		}
		row, mm := runMutation(ctx, t, bin, filepath.Join(dir, name), m)
		table = append(table, row)
		matrix.Mutations = append(matrix.Mutations, mm)
	}
	t.Logf("mutation matrix:\n%-24s %-18s %-7s %s\n%s", "mutation", "phase", "verdict", "failing assertion: why", strings.Join(table, "\n"))
	if out := os.Getenv("MCPCHAOS_MUTATIONS_OUT"); out != "" {
		b, _ := json.MarshalIndent(matrix, "", "  ")
		if err := os.WriteFile(out, b, 0o644); err != nil {
			t.Error(err)
		}
	}
}

// runMutation runs one mutation's phase and judges the catch.
func runMutation(ctx context.Context, t *testing.T, bin, dir string, m scenarios.Mutation) (string, report.Mutation) {
	t.Helper()
	reports := filepath.Join(dir, "reports")
	cmd := exec.CommandContext(ctx, bin, "demo", "--mutation", m.Name, "--report-dir", reports, "--dir", filepath.Join(dir, "stack"))
	cmd.Env = withoutEnv(os.Environ(), "MCP_TEST_DEFECT")
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = time.Minute
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	code, err := exitCode(cmd.Run())
	if err != nil {
		t.Fatalf("%s: %v\n%s", m.Name, err, out.String())
	}
	entries, err := readEntries(reports)
	if err != nil {
		t.Fatalf("%s: %v\n%s", m.Name, err, out.String())
	}
	where := "server"
	if m.Stack {
		where = "stack"
	}
	mm := report.Mutation{Name: m.Name, Description: m.Breaks, Where: where, Phase: m.Phase, Exit: code, CaughtBy: m.Catches}
	var catch *assertions.Entry
	var errored []string
	for i, e := range entries {
		o := report.Outcome("caught")
		switch e.Status {
		case assertions.Pass:
			o = "missed"
		case assertions.Error:
			o = "error"
			errored = append(errored, e.Subject)
		}
		mm.Results = append(mm.Results, report.MutationResult{Assertion: e.Subject, Outcome: o, Why: e.Why})
		if e.Status == assertions.Fail && strings.HasPrefix(e.Subject, m.Catches) && strings.Contains(e.Why, m.Says) && catch == nil {
			catch = &entries[i]
		}
	}
	caught := code == 99 && catch != nil && len(errored) == 0
	row := fmt.Sprintf("%-24s %-18s exit %-3d", m.Name, m.Phase, code)
	if catch != nil {
		row += fmt.Sprintf(" %s: %.160s", catch.Subject, catch.Why)
	}
	if !caught {
		t.Errorf("mutation %s (%s) was not caught by %s… saying %q in phase %s: exit %d, could not evaluate: %v\n%s", m.Name, m.Breaks, m.Catches, m.Says, m.Phase, code, errored, out.String())
	}
	return row, mm
}

// commit is the checkout's commit (with "+dirty" for uncommitted
// changes), or $MCPCHAOS_COMMIT, for the matrix's provenance.
func commit() string {
	if c := os.Getenv("MCPCHAOS_COMMIT"); c != "" {
		return c
	}
	out, err := exec.Command("git", "rev-parse", "--short=12", "HEAD").Output()
	if err != nil {
		return ""
	}
	c := strings.TrimSpace(string(out))
	if st, err := exec.Command("git", "status", "--porcelain", "--untracked-files=no").Output(); err == nil && len(bytes.TrimSpace(st)) > 0 {
		c += "+dirty"
	}
	return c
}
