package cicheck_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mcpchaos/mcpchaos/internal/cicheck"
)

const (
	checkoutSHA = "3d3c42e5aac5ba805825da76410c181273ba90b1"
	uploadSHA   = "bbbca2ddaa5d8feaa63e36b76fdaad77386f024f"
	junitSHA    = "d9f48fc87bc235f7e214acf696ca5abc0a986f16"
)

// fakeRepo is a small repository: a Makefile with a test rule, an
// executable script, a non-executable one, a local action and a reusable
// workflow.
func fakeRepo(t *testing.T) cicheck.Repo {
	t.Helper()
	dir := t.TempDir()
	files := map[string]struct {
		data string
		mode os.FileMode
	}{
		"Makefile":                     {"test:\n\tgo test ./...\n", 0o644},
		"scripts/ok.sh":                {"#!/bin/sh\n", 0o755},
		"scripts/plain.sh":             {"#!/bin/sh\n", 0o644},
		"action.yml":                   {"name: a\ninputs:\n  image:\n    required: true\nruns:\n  using: composite\n  steps: []\n", 0o644},
		".github/workflows/reused.yml": {"on:\n  workflow_call:\n    inputs:\n      image: {type: string}\njobs: {}\n", 0o644},
	}
	for name, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(f.data), f.mode); err != nil {
			t.Fatal(err)
		}
	}
	r := repo()
	r.Root, r.Pending = dir, map[string]bool{"docker-compose.yml": true}
	return r
}

// workflow wraps steps (YAML lines, indented for a step list) in a job.
func workflow(steps ...string) string {
	return "on: push\njobs:\n  j:\n    runs-on: ubuntu-24.04\n    steps:\n" + strings.Join(steps, "\n") + "\n"
}

// TestCheckRejectsBrokenFiles shows each check failing with a message
// naming the step and the problem, next to the same step done right.
func TestCheckRejectsBrokenFiles(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, file, wantErr string
	}{
		{name: "pinned checkout", file: workflow("      - uses: actions/checkout@" + checkoutSHA + " # v7.0.1")},
		{name: "tag instead of a commit", file: workflow("      - uses: actions/checkout@v7"), wantErr: "is not pinned"},
		{name: "short commit", file: workflow("      - uses: actions/checkout@3d3c42e # v7.0.1"), wantErr: "is not pinned"},
		{name: "no version comment", file: workflow("      - uses: actions/checkout@" + checkoutSHA), wantErr: "no `# vX.Y.Z` comment"},
		{name: "commit not recorded", file: workflow("      - uses: actions/checkout@0000000000000000000000000000000000000000 # v7.0.1"), wantErr: "no action.yml recorded for that commit"},
		{name: "unknown input", file: workflow("      - uses: actions/checkout@"+checkoutSHA+" # v7.0.1", "        with: {depth: 1}"), wantErr: `has no input "depth"`},
		{name: "required input missing", file: workflow("      - uses: actions/upload-artifact@" + uploadSHA + " # v7.0.0"), wantErr: `requires input "path"`},
		{name: "docker action", file: workflow("      - uses: docker://alpine:3"), wantErr: "docker actions are not allowed"},
		{name: "local action", file: workflow("      - uses: ./", "        with: {image: x}")},
		{name: "local action without its required input", file: workflow("      - uses: ./"), wantErr: `requires input "image"`},
		{name: "local action missing", file: workflow("      - uses: ./nowhere"), wantErr: "nowhere has no action.yml"},
		{name: "action in a second checkout", file: workflow("      - uses: actions/checkout@"+checkoutSHA+" # v7.0.1", "        with: {path: .self}", "      - uses: ./.self", "        with: {image: x}")},
		{name: "reusable workflow", file: "on: push\njobs:\n  j:\n    uses: ./.github/workflows/reused.yml\n    with: {image: x}\n"},
		{name: "reusable workflow with an unknown input", file: "on: push\njobs:\n  j:\n    uses: ./.github/workflows/reused.yml\n    with: {tag: x}\n", wantErr: `has no input "tag"`},
		{name: "reusable workflow missing", file: "on: push\njobs:\n  j:\n    uses: ./.github/workflows/gone.yml\n", wantErr: "gone.yml does not exist"},
		{name: "script", file: workflow("      - run: scripts/ok.sh && make test")},
		{name: "pending file", file: workflow("      - run: bash docker-compose.yml")},
		{name: "missing script", file: workflow("      - run: ./scripts/gone.sh up"), wantErr: "which is not in the repository"},
		{name: "script not executable", file: workflow("      - run: scripts/plain.sh"), wantErr: "not executable"},
		{name: "script under bash need not be executable", file: workflow("      - run: bash scripts/plain.sh")},
		{name: "script by variable", file: workflow("      - run: $SCRIPTS/ok.sh"), wantErr: "cannot be checked"},
		{name: "missing make target", file: workflow("      - run: make lint"), wantErr: `no rule "lint"`},
		{name: "summary from the report", file: workflow(`      - run: cat reports/*/summary.md >> "$GITHUB_STEP_SUMMARY"`)},
		{name: "summary from another file", file: workflow(`      - run: cat reports/*/report.md >> "$GITHUB_STEP_SUMMARY"`), wantErr: "reads no <run dir>/summary.md"},
		{name: "junit from the report", file: workflow("      - uses: mikepenz/action-junit-report@"+junitSHA+" # v6.4.2", "        with: {report_paths: reports/*/junit.xml}")},
		{name: "junit from another file", file: workflow("      - uses: mikepenz/action-junit-report@"+junitSHA+" # v6.4.2", "        with: {report_paths: reports/*/results.xml}"), wantErr: "a run's report writes junit.xml"},
		{name: "cache key of files", file: workflow("      - run: echo ${{ hashFiles('Makefile', 'scripts/*.sh') }}")},
		{name: "cache key of nothing", file: workflow("      - run: echo ${{ hashFiles('go.sum') }}"), wantErr: `hashFiles pattern "go.sum" matches no file`},
		{name: "empty step", file: workflow("      - name: nothing"), wantErr: "neither uses nor run"},
		{name: "not a workflow", file: "name: x\n", wantErr: "neither jobs nor runs"},
		{name: "javascript action", file: "runs:\n  using: node24\n  main: index.js\n", wantErr: "only composite actions"},
		{name: "not YAML", file: "jobs: [", wantErr: "yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := cicheck.Check(fakeRepo(t), "test.yml", []byte(tt.file))
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("want no error, got %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("error = %v; want one containing %q", err, tt.wantErr)
			}
		})
	}
}
