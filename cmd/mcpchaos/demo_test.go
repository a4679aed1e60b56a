package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/assertions"
)

// TestDemoCatchesADefect runs the demo's error phase twice through the
// built binary: with the reference server's errors-as-success defect
// (failed calls counted as ok) the verdict is a fail naming the
// error-rate alert that could not fire; right after, the healthy server
// passes. Each run brings its own stack up and down.
func TestDemoCatchesADefect(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end: builds mcpchaos and runs the demo twice")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 6*time.Minute)
	defer cancel()
	dir := t.TempDir()
	bin := filepath.Join(dir, "mcpchaos")
	if out, err := exec.CommandContext(ctx, "go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	demo := func(t *testing.T, defect string) (int, []assertions.Entry, string) {
		t.Helper()
		reports := filepath.Join(dir, "reports-"+defect)
		cmd := exec.CommandContext(ctx, bin, "demo", "--report-dir", reports, "--dir", filepath.Join(dir, "stack"), "--only", "downstreamErrors")
		cmd.Env = append(os.Environ(), "MCP_TEST_DEFECT="+defect)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		var ee *exec.ExitError
		code := 0
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatalf("demo: %v\n%s", err, out.String())
		}
		runs, _ := filepath.Glob(filepath.Join(reports, "*", "assertions.jsonl"))
		if len(runs) != 1 {
			t.Fatalf("want one run's results in %s, found %v\n%s", reports, runs, out.String())
		}
		b, err := os.ReadFile(runs[0])
		if err != nil {
			t.Fatal(err)
		}
		var entries []assertions.Entry
		for _, line := range bytes.Split(bytes.TrimSpace(b), []byte("\n")) {
			var e assertions.Entry
			if err := json.Unmarshal(line, &e); err != nil {
				t.Fatalf("results line %q: %v", line, err)
			}
			entries = append(entries, e)
		}
		for _, f := range []string{"report.html", "junit.xml", "summary.md", "timeline.json"} {
			if _, err := os.Stat(filepath.Join(filepath.Dir(runs[0]), f)); err != nil {
				t.Errorf("the report lacks %s: %v", f, err)
			}
		}
		return code, entries, out.String()
	}

	code, entries, out := demo(t, "errors-as-success")
	if code != 99 {
		t.Fatalf("with the defect: exit %d, want 99 (an assertion failed)\n%s", code, out)
	}
	var failed []string
	for _, e := range entries {
		if e.Status != assertions.Pass {
			failed = append(failed, e.Subject+": "+e.Why)
		}
	}
	if len(failed) == 0 || !strings.Contains(strings.Join(failed, "\n"), "alertFires(MCPToolHighErrorRate") {
		t.Fatalf("with the defect, the failures must name MCPToolHighErrorRate; failed: %v", failed)
	}
	for _, f := range failed {
		if strings.Contains(f, "could not evaluate") {
			t.Errorf("a defect is a fail, not could-not-evaluate: %s", f)
		}
	}
	t.Logf("the defect was caught by: %s", strings.Join(failed, "\n  "))

	code, entries, out = demo(t, "")
	if code != 0 {
		t.Fatalf("healthy, right after: exit %d, want 0\n%s", code, out)
	}
	if len(entries) < 5 {
		t.Fatalf("healthy run judged only %d assertions", len(entries))
	}
}
