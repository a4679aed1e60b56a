package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/assertions/js/promtest"
	"github.com/mcpchaos/mcpchaos/internal/porttest"
	"github.com/mcpchaos/mcpchaos/internal/testenv"
)

// TestAssertionsEndToEnd runs `mcpchaos run` on a script that asserts on
// a real Prometheus, with a checks{kind:assertion} threshold: exit 0 when
// the expectation holds, 99 when it fails (the threshold is crossed),
// 120 when it cannot be evaluated (a rejected query, an unreachable
// Prometheus) — 120 winning over the crossed threshold's 99 — and the
// results file holds the verdict; a run that asserts nothing writes none
// (and does not pass the gate).
func TestAssertionsEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end: starts Prometheus")
	}
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	prom := startPrometheus(ctx, t, dir)
	refusing, c, err := porttest.Refusing()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	up := writeConfig(t, dir, "up.yaml", prom.URL)
	down := writeConfig(t, dir, "down.yaml", "http://"+refusing)

	tests := []struct {
		name, config, query string
		wantCode            int
		wantStatus          string // of the results line; "" wants no file
		wantErr             []string
	}{
		{"holds", up, `vector(1) == 1`, 0, "pass", nil},
		{"never holds", up, `vector(1) > 5`, 99, "fail", []string{"checks{kind:assertion}"}},
		{"rejected query", up, `sum(up{`, 120, "error", []string{"could not be evaluated", "queryHolds(sum(up{)", "rejected", "thresholds"}},
		{"unreachable", down, `vector(1) == 1`, 120, "error", []string{"could not be evaluated", "unreachable"}},
		// The engine fails a rate threshold that got no sample: a gate on
		// assertions that never ran does not pass. No results file either.
		{"asserts nothing", up, "", 99, "", []string{"checks{kind:assertion}"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			results := filepath.Join(t.TempDir(), "out", "assertions.jsonl")
			err := runCLI(t, "--config", tc.config, "--assertions-results", results,
				"-e", "QUERY="+tc.query, "-e", "WITHIN=2s", filepath.Join("testdata", "assertions.js"))
			code := 0
			var ec exitCoder
			if errors.As(err, &ec) {
				code = ec.ExitCode()
			} else if err != nil {
				code = -1
			}
			if code != tc.wantCode {
				t.Fatalf("exit %d (%v), want %d", code, err, tc.wantCode)
			}
			for _, w := range tc.wantErr {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			statuses := resultStatuses(t, results)
			if tc.wantStatus == "" {
				if statuses != nil {
					t.Errorf("results file written: %v", statuses)
				}
				return
			}
			if len(statuses) != 1 || statuses[0] != tc.wantStatus {
				t.Errorf("results file statuses %v, want [%s]", statuses, tc.wantStatus)
			}
		})
	}
}

// writeConfig writes an mcpchaos.yaml whose Prometheus is at url.
func writeConfig(t *testing.T, dir, name, url string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte("backends:\n  prometheus:\n    url: "+url+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// startPrometheus starts the pinned Prometheus in dir, stopped in
// t.Cleanup; without the binary the test skips (fails in CI).
func startPrometheus(ctx context.Context, t *testing.T, dir string) *promtest.Server {
	t.Helper()
	prom, err := promtest.Start(ctx, dir)
	t.Cleanup(func() { _ = prom.Close() })
	if errors.Is(err, promtest.ErrNoBinary) {
		testenv.Missing(t, "the pinned Prometheus (install cache)", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	return prom
}

// runCLI runs `mcpchaos run -q args...` in process.
func runCLI(t *testing.T, args ...string) error {
	t.Helper()
	root := newRootCommand()
	root.SetArgs(append([]string{"run", "-q"}, args...))
	root.SetOut(io.Discard)
	root.SetErr(io.Discard)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	return root.ExecuteContext(ctx)
}

// resultStatuses are the statuses of a results file's lines; nil when
// there is no file.
func resultStatuses(t *testing.T, path string) []string {
	t.Helper()
	fh, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	var out []string
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		var e struct{ Status string }
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("results line %q: %v", sc.Text(), err)
		}
		out = append(out, e.Status)
	}
	return out
}
