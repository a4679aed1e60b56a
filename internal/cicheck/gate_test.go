package cicheck_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/mcpchaos/mcpchaos/engine"
)

const gateScript = ".github/scripts/release-gate.sh"

// exitCodes are the Exit* constants of engine/exitcodes.go, by name.
func exitCodes(t *testing.T) map[string]int {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), filepath.Join(root, "engine", "exitcodes.go"), nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	codes := map[string]int{}
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, s := range g.Specs {
			vs := s.(*ast.ValueSpec)
			for i, n := range vs.Names {
				lit, ok := vs.Values[i].(*ast.BasicLit)
				if !strings.HasPrefix(n.Name, "Exit") || !ok {
					continue
				}
				v, err := strconv.Atoi(lit.Value)
				if err != nil {
					t.Fatalf("%s = %s: %v", n.Name, lit.Value, err)
				}
				codes[n.Name] = v
			}
		}
	}
	// The parsed table is engine's: a few constants compiled in.
	for name, v := range map[string]int{"ExitOK": engine.ExitOK, "ExitThresholdsFailed": engine.ExitThresholdsFailed, "ExitCouldNotEvaluate": engine.ExitCouldNotEvaluate, "ExitFaultNotReverted": engine.ExitFaultNotReverted} {
		if codes[name] != v {
			t.Fatalf("parsed %s = %d, engine says %d", name, codes[name], v)
		}
	}
	return codes
}

// readmeSection is the README's "## title" section.
func readmeSection(t *testing.T, title string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(b), "\n## "+title+"\n")
	if !ok {
		t.Fatalf("README.md has no section %q", title)
	}
	if i := strings.Index(rest, "\n## "); i >= 0 {
		rest = rest[:i]
	}
	return rest
}

// TestReadmeExitCodes keeps the README's table of verdicts and CI results
// equal to engine's exit codes: every constant a row, with its value.
func TestReadmeExitCodes(t *testing.T) {
	t.Parallel()
	codes := exitCodes(t)
	row := regexp.MustCompile("(?m)^\\| (\\d+) \\| `(Exit\\w+)` \\| ([^|]+) \\| ([^|]+) \\|$")
	rows := row.FindAllStringSubmatch(readmeSection(t, "Gate a release in CI"), -1)
	seen := map[string]bool{}
	for _, r := range rows {
		v, _ := strconv.Atoi(r[1])
		want, ok := codes[r[2]]
		switch {
		case !ok:
			t.Errorf("README row %q names %s, which engine/exitcodes.go does not define", r[0], r[2])
		case want != v:
			t.Errorf("README says %s is %d; engine/exitcodes.go says %d", r[2], v, want)
		}
		if wantFail := v != 0; wantFail != strings.Contains(r[4], "fail") && !strings.Contains(r[4], "cancel") {
			t.Errorf("README row %q: exit %d must read as a failed job exactly when it is not 0", r[0], v)
		}
		seen[r[2]] = true
	}
	for name, v := range codes {
		if !seen[name] {
			t.Errorf("README's exit-code table lacks %s (%d)", name, v)
		}
	}
}

// TestGateScriptRanksAsEngine runs the gate script's verdict-code on every
// pair of exit codes: the gate exits with what the demo would, the worse
// by engine.Outranks, the run's code on a tie.
func TestGateScriptRanksAsEngine(t *testing.T) {
	t.Parallel()
	codes := exitCodes(t)
	var values []int
	for _, v := range codes {
		values = append(values, v)
	}
	script := filepath.Join(root, gateScript)
	args := []string{script, "verdict-code"}
	var want []string
	for _, run := range values {
		for _, report := range values {
			w := run
			switch {
			case run == 0:
				w = report
			case report != 0 && engine.Outranks(report, run):
				w = report
			}
			args = append(args, strconv.Itoa(run), strconv.Itoa(report))
			want = append(want, strconv.Itoa(w))
		}
	}
	out, err := exec.Command("bash", args...).Output()
	if err != nil {
		t.Fatalf("verdict-code: %v", err)
	}
	got := strings.Fields(string(out))
	if len(got) != len(want) {
		t.Fatalf("verdict-code printed %d codes for %d pairs", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("verdict-code run=%s report=%s = %s, want %s", args[2+2*i], args[3+2*i], got[i], want[i])
		}
	}
	if err := exec.Command("bash", script, "verdict-code", "x", "0").Run(); err == nil {
		t.Error("verdict-code x 0 succeeded; want a usage error")
	}
}

func readYAML(t *testing.T, rel string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, rel))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := yaml.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
	return m
}

// get walks maps by keys.
func get(t *testing.T, v any, keys ...string) any {
	t.Helper()
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			t.Fatalf("no %q: not a map at %s", k, strings.Join(keys, "."))
		}
		v = m[k]
	}
	return v
}

type stepDoc struct {
	ID, Name, If, Uses, Run string
	With                    map[string]any
}

func stepsOf(t *testing.T, v any) []stepDoc {
	t.Helper()
	list, _ := v.([]any)
	var out []stepDoc
	for _, s := range list {
		m := s.(map[string]any)
		str := func(k string) string { x, _ := m[k].(string); return x }
		with, _ := m["with"].(map[string]any)
		out = append(out, stepDoc{ID: str("id"), Name: str("name"), If: str("if"), Uses: str("uses"), Run: str("run"), With: with})
	}
	return out
}

// TestActionGatesTheRelease checks what the composite action does, in
// order: compose up, the run, then — whatever happened — the summary, the
// JUnit annotations, compose down (saving its logs into the reports) and
// the report artifact.
func TestActionGatesTheRelease(t *testing.T) {
	t.Parallel()
	a := readYAML(t, "action.yml")
	for _, in := range []string{"server-image", "scenario", "config", "compose-file", "profile"} {
		if get(t, a, "inputs", in) == nil {
			t.Errorf("action.yml has no input %s", in)
		}
	}
	steps := stepsOf(t, get(t, a, "runs", "steps"))
	want := []string{gateScript + `" up`, gateScript + `" run`, "GITHUB_STEP_SUMMARY", "mikepenz/action-junit-report@", gateScript + `" down`, "actions/upload-artifact@"}
	if len(steps) != len(want) {
		t.Fatalf("action.yml has %d steps, want %d: %v", len(steps), len(want), steps)
	}
	for i, s := range steps {
		if !strings.Contains(s.Run+s.Uses, want[i]) {
			t.Errorf("action.yml step %d %q does not do %s", i+1, s.Name, want[i])
		}
		if i >= 2 && s.If != "always()" {
			t.Errorf("action.yml step %d %q runs only on success (if %q); it must run always()", i+1, s.Name, s.If)
		}
	}
	if steps[1].ID != "run" || !strings.Contains(get(t, a, "outputs", "exit-code", "value").(string), "steps.run.outputs.exit-code") {
		t.Error("action.yml's exit-code output is not the run step's")
	}
}

// TestReleaseGateWorkflow checks the reusable workflow: workflow_call with
// the gate's inputs, passed through to this repository's action.
func TestReleaseGateWorkflow(t *testing.T) {
	t.Parallel()
	w := readYAML(t, ".github/workflows/release-gate.yml")
	inputs, _ := get(t, w, "on", "workflow_call", "inputs").(map[string]any)
	steps := stepsOf(t, get(t, w, "jobs", "gate", "steps"))
	var gate *stepDoc
	for i := range steps {
		if steps[i].Uses == "./.mcpchaos" {
			gate = &steps[i]
		}
	}
	if gate == nil {
		t.Fatal("release-gate.yml never runs the action of its mcpchaos checkout (uses: ./.mcpchaos)")
	}
	for _, in := range []string{"server-image", "scenario", "config", "compose-file", "profile"} {
		if inputs[in] == nil {
			t.Errorf("release-gate.yml has no workflow_call input %s", in)
		}
		if gate.With[in] != "${{ inputs."+in+" }}" {
			t.Errorf("release-gate.yml passes %s as %v, not its input", in, gate.With[in])
		}
	}
}

// TestGateDefaults keeps the default scenario and config the same in the
// workflow, the action and the script, and present in the repository.
func TestGateDefaults(t *testing.T) {
	t.Parallel()
	w := readYAML(t, ".github/workflows/release-gate.yml")
	a := readYAML(t, "action.yml")
	script, err := os.ReadFile(filepath.Join(root, gateScript))
	if err != nil {
		t.Fatal(err)
	}
	for in, env := range map[string]string{"scenario": "SCENARIO", "config": "MCPCHAOS_CONFIG"} {
		def := get(t, a, "inputs", in, "default")
		if wd := get(t, w, "on", "workflow_call", "inputs", in, "default"); wd != def {
			t.Errorf("default %s: workflow %v, action %v", in, wd, def)
		}
		if !strings.Contains(string(script), "${"+env+":-"+def.(string)+"}") {
			t.Errorf("%s's default of %s is not %v", gateScript, env, def)
		}
		if !repo().Pending[def.(string)] {
			if _, err := os.Stat(filepath.Join(root, def.(string))); err != nil {
				t.Errorf("default %s %v is not in the repository", in, def)
			}
		}
	}
}

// TestCIWorkflow checks ci.yml runs what the README promises.
func TestCIWorkflow(t *testing.T) {
	t.Parallel()
	w := readYAML(t, ".github/workflows/ci.yml")
	var runs, uses []string
	for _, job := range []string{"test", "demo"} {
		for _, s := range stepsOf(t, get(t, w, "jobs", job, "steps")) {
			runs = append(runs, s.Run)
			uses = append(uses, s.Uses+" "+strings.Join(values(s.With), " "))
		}
	}
	all := strings.Join(runs, "\n") + "\n" + strings.Join(uses, "\n")
	for _, want := range []string{"go build ./...", "go vet ./...", ".ci/run", "make demo", "reports/*/summary.md", "actions/upload-artifact@", "mikepenz/action-junit-report@", "reports/*/junit.xml"} {
		if !strings.Contains(all, want) {
			t.Errorf("ci.yml never does %q", want)
		}
	}
	if u := get(t, w, "jobs", "gate", "uses"); u != "./.github/workflows/release-gate.yml" {
		t.Errorf("ci.yml's gate job uses %v, not the release gate", u)
	}
	ciRun, err := os.ReadFile(filepath.Join(root, ".ci", "run"))
	if err != nil || !strings.Contains(string(ciRun), "make test") {
		t.Errorf(".ci/run does not run make test (err %v)", err)
	}
}

func values(m map[string]any) []string {
	var out []string
	for _, v := range m {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}
