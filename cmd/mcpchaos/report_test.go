package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReportCommand: `mcpchaos report DIR` re-renders a run's outputs,
// prints the verdict line and exits with the verdict's code.
func TestReportCommand(t *testing.T) {
	t.Parallel()
	tests := []struct {
		run  string
		code int
		line string
	}{
		{"pass", 0, "PASS (exit 0)"},
		{"fail", 99, "FAIL (exit 99)"},
		{"error", 120, "COULD NOT EVALUATE (exit 120)"},
		{"notreverted", 121, "FAULT NOT REVERTED (exit 121)"},
	}
	for _, tc := range tests {
		t.Run(tc.run, func(t *testing.T) {
			t.Parallel()
			dir := copyReportRun(t, tc.run)
			out, err := runRoot(t, "report", dir)
			code := 0
			var ec exitCoder
			if errors.As(err, &ec) {
				code = ec.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if code != tc.code {
				t.Errorf("exit code %d, want %d", code, tc.code)
			}
			if err != nil && err.Error() != "" {
				t.Errorf("error %q: the verdict is printed already, main must print nothing more", err)
			}
			if !strings.HasPrefix(out, tc.line) {
				t.Errorf("output %q, want it to start with %q", out, tc.line)
			}
			for _, name := range []string{"report.html", "junit.xml", "summary.md", "verdict.json"} {
				if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
					t.Error(err)
				}
			}
		})
	}
	t.Run("not a run directory", func(t *testing.T) {
		t.Parallel()
		_, err := runRoot(t, "report", t.TempDir())
		var ec exitCoder
		if err == nil || errors.As(err, &ec) || !strings.Contains(err.Error(), "is it a run directory?") {
			t.Errorf("error %v, want a plain error (exit 1) saying it is no run directory", err)
		}
	})
}

func runRoot(t *testing.T, args ...string) (string, error) {
	t.Helper()
	root := newRootCommand()
	var out bytes.Buffer
	root.SetArgs(args)
	root.SetOut(&out)
	root.SetErr(io.Discard)
	err := root.ExecuteContext(context.Background())
	return out.String(), err
}

// copyReportRun copies the report package's testdata run into a
// temporary directory.
func copyReportRun(t *testing.T, name string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), name)
	if err := os.CopyFS(dst, os.DirFS(filepath.Join("..", "..", "report", "testdata", "runs", name))); err != nil {
		t.Fatal(err)
	}
	return dst
}
