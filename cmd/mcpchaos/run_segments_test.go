package main

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// mcpchaosCmd runs the CLI in process and returns its exit code (0 on
// success), error text and stdout.
func mcpchaosCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout strings.Builder
	root := newRootCommand()
	root.SetArgs(args)
	root.SetOut(&stdout)
	root.SetErr(io.Discard)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	err := root.ExecuteContext(ctx)
	if err == nil {
		return 0, "", stdout.String()
	}
	var ec exitCoder
	if !errors.As(err, &ec) {
		return 1, err.Error(), stdout.String()
	}
	return ec.ExitCode(), err.Error(), stdout.String()
}

func writeScript(t *testing.T, src string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "s.js")
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// eightIterations: 8 shared iterations on 2 VUs, a check each, and a
// threshold that each part passes and the whole test fails.
const eightIterations = `import { check } from 'k6';
export const options = { vus: 2, iterations: 8, thresholds: { iterations: ['count<7'], checks: ['rate==1'] } };
export default function () { check(1, { 'one': (x) => x === 1 }); }
`

func TestRunSegmentFlagErrors(t *testing.T) {
	t.Parallel()
	script := writeScript(t, eightIterations)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--execution-segment", "1/2:1/4"}, "must be below the end"},
		{[]string{"--execution-segment", "0:1/3", "--execution-segment-sequence", "0,1/2,1"}, "is not one of the segments of the sequence 0,1/2,1"},
		{[]string{"--execution-segment-index", "2", "--execution-segment-sequence", "0,1/2,1"}, "has only 2 segments (indices 0 to 1)"},
		{[]string{"--execution-segment-index", "0"}, "needs --execution-segment-sequence"},
		{[]string{"--execution-segment-sequence", "0,1/2,1"}, "needs --execution-segment or --execution-segment-index"},
		{[]string{"--execution-segment", "0:1/2", "--execution-segment-index", "0", "--execution-segment-sequence", "0,1/2,1"}, "both given"},
		{[]string{"--max-rps", "-5"}, "--max-rps -5 must not be negative"},
		{[]string{"--execution-segment-index", "x", "--execution-segment-sequence", "0,1/2,1"}, `--execution-segment-index "x": want a number`},
	} {
		code, msg, _ := mcpchaosCmd(t, append(append([]string{"run", "-q"}, tc.args...), script)...)
		if code != 104 || !strings.Contains(msg, tc.want) {
			t.Errorf("%v: exit %d %q, want 104 saying %q", tc.args, code, msg, tc.want)
		}
	}
}

// TestRunSegmentsAndMerge: two parts of a shared-iterations test run 2
// and 6 of its 8 iterations (the stripe of 0,1/4,1); each passes its
// count<7 threshold with --part-only, the merge has all 8 iterations and
// checks and fails it (99).
func TestRunSegmentsAndMerge(t *testing.T) {
	t.Parallel()
	script := writeScript(t, eightIterations)
	dir := t.TempDir()
	for i, want := range []float64{2, 6} {
		part := filepath.Join(dir, "part-"+itoa(i)+".json")
		code, msg, _ := mcpchaosCmd(t, "run", "-q", "--execution-segment-sequence", "0,1/4,1", "--execution-segment-index", itoa(i),
			"--summary-part", part, "--part-only", script)
		if code != 0 {
			t.Fatalf("index %d: exit %d %s", i, code, msg)
		}
		if got := partCount(t, part, "iterations"); got != want {
			t.Errorf("index %d ran %v iterations, want %v", i, got, want)
		}
	}
	export := filepath.Join(dir, "merged.out")
	code, msg, out := mcpchaosCmd(t, "summary", "merge", "--summary-export", export, dir)
	if code != 99 || !strings.Contains(msg, `iterations "count<7"`) || !strings.Contains(out, "iterations") {
		t.Fatalf("merge: exit %d %q, want 99 naming iterations count<7; stdout:\n%s", code, msg, out)
	}
	var sum struct {
		Metrics map[string]map[string]any `json:"metrics"`
		Root    struct {
			Checks map[string]map[string]any `json:"checks"`
		} `json:"root_group"`
	}
	b, _ := os.ReadFile(export)
	if err := json.Unmarshal(b, &sum); err != nil {
		t.Fatal(err)
	}
	if sum.Metrics["iterations"]["count"] != 8.0 || sum.Root.Checks["one"]["passes"] != 8.0 || sum.Metrics["vus_max"]["value"] != 2.0 {
		t.Errorf("merged iterations %v, check passes %v, vus_max %v; want 8, 8, 2", sum.Metrics["iterations"]["count"], sum.Root.Checks["one"]["passes"], sum.Metrics["vus_max"]["value"])
	}
	// Without --part-only an instance judges its own part (2 < 7 holds).
	code, _, _ = mcpchaosCmd(t, "run", "-q", "--execution-segment", "1/4:1", script)
	if code != 0 {
		t.Errorf("the 1/4:1 instance (6 iterations) exited %d, want 0", code)
	}
}

func partCount(t *testing.T, path, metric string) float64 {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var p struct {
		Metrics []struct {
			Name string                     `json:"name"`
			Sink map[string]json.RawMessage `json:"sink"`
		} `json:"metrics"`
	}
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatal(err)
	}
	for _, m := range p.Metrics {
		if m.Name == metric {
			var v float64
			_ = json.Unmarshal(m.Sink["value"], &v)
			return v
		}
	}
	return 0
}

func TestSummaryMergeErrors(t *testing.T) {
	t.Parallel()
	script := writeScript(t, eightIterations)
	dir := t.TempDir()
	half := filepath.Join(dir, "half.json")
	whole := filepath.Join(dir, "whole.json")
	export := filepath.Join(dir, "export.out")
	if code, msg, _ := mcpchaosCmd(t, "run", "-q", "--execution-segment", "0:1/2", "--summary-part", half, "--part-only", script); code != 0 {
		t.Fatal(msg)
	}
	if code, msg, _ := mcpchaosCmd(t, "run", "-q", "--summary-part", whole, "--summary-export", export, script); code != 99 {
		t.Fatal(code, msg)
	}
	for _, tc := range []struct {
		files []string
		want  string
	}{
		{[]string{half}, "the parts leave 1/2:1 of the test uncovered"},
		{[]string{half, half}, "overlaps another part's"},
		{[]string{half, whole}, "some parts carry an execution segment and some do not"},
		{[]string{export}, "cannot be merged"},
		{[]string{filepath.Join(dir, "missing.json")}, "no such file"},
	} {
		code, msg, _ := mcpchaosCmd(t, append([]string{"summary", "merge"}, tc.files...)...)
		if code != 104 || !strings.Contains(msg, tc.want) {
			t.Errorf("merge %v: exit %d %q, want 104 saying %q", tc.files, code, msg, tc.want)
		}
	}
	// A whole test's part merges alone, to the same verdict.
	if code, _, _ := mcpchaosCmd(t, "summary", "merge", whole); code != 99 {
		t.Errorf("merging the whole test's part alone exited %d, want its verdict 99", code)
	}
}

// TestRunRefusesRemoteMCP: a non-loopback MCP URL is refused in init
// code with exit 104 naming the host and the flag; --allow-remote lets
// the script load (it never calls, and .invalid never resolves).
func TestRunRefusesRemoteMCP(t *testing.T) {
	t.Parallel()
	script := writeScript(t, `import mcp from 'k6/x/mcp';
const client = mcp.connect('http://staging.invalid:8080/mcp');
export default function () {}
`)
	code, msg, _ := mcpchaosCmd(t, "run", "-q", script)
	if code != 104 || !strings.Contains(msg, `host "staging.invalid"`) || !strings.Contains(msg, "--allow-remote") {
		t.Fatalf("exit %d %q, want 104 naming the host and --allow-remote", code, msg)
	}
	if code, msg, _ := mcpchaosCmd(t, "run", "-q", "--allow-remote", script); code != 0 {
		t.Errorf("with --allow-remote: exit %d %s", code, msg)
	}
}

func itoa(i int) string { return string(rune('0' + i)) }
